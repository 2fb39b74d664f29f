"""A PDF's structure read back with pypdf, for the PDF/UA tests (README.md: «PDF-tilgjengelighet:
hva testene sjekker»). Not a PDF/UA validator: it reads what the tests assert on."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Struktur:
    tagged: bool
    headings: list[int] = field(default_factory=list)  # levels in reading order
    tables: list[set[int]] = field(default_factory=list)  # pages (from 1) each Table is on
    th: int = 0
    th_without_scope: int = 0
    headers_refs: int = 0
    headers_unresolved: list[str] = field(default_factory=list)
    orphans: int = 0  # marked content whose structure element is not in the tree
    untagged_mcids: int = 0  # marked content with an MCID but no parent tree entry
    artifact_text: dict[int, str] = field(default_factory=dict)  # page → text in /Artifact
    tagged_text: dict[int, str] = field(default_factory=dict)  # page → text with an MCID
    display_doc_title: bool = False
    xmp: str = ""
    lang: str = ""


def _obj(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    k = _obj(k) if isinstance(k, IndirectObject) else k
    return list(k) if isinstance(k, ArrayObject) else [k]


def _elements(root) -> list[IndirectObject]:
    ut, stack = [], list(reversed(_kids(root)))
    while stack:
        ref = stack.pop()
        if not isinstance(ref, IndirectObject):
            continue
        obj = _obj(ref)
        if not isinstance(obj, DictionaryObject) or "/S" not in obj:
            continue
        ut.append(ref)
        stack.extend(reversed(_kids(obj)))
    return ut


def _page_texts(reader: PdfReader) -> tuple[dict[int, str], dict[int, str], dict[int, set[int]]]:
    """Per page: the text inside /Artifact sequences, the text inside sequences with an MCID,
    and the MCIDs used."""
    artifact: dict[int, str] = defaultdict(str)
    tagged: dict[int, str] = defaultdict(str)
    mcids: dict[int, set[int]] = defaultdict(set)
    for nr, page in enumerate(reader.pages, 1):
        stack: list[str] = []

        def before(op, args, cm, tm, stack=stack, nr=nr):
            if op in (b"BDC", b"BMC"):
                tag = str(args[0])
                props = args[1] if len(args) > 1 and isinstance(args[1], DictionaryObject) else {}
                if "/MCID" in props:
                    mcids[nr].add(int(props["/MCID"]))
                    stack.append("mcid")
                else:
                    stack.append("artifact" if tag == "/Artifact" else "other")
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size, stack=stack, nr=nr):
            if "artifact" in stack:
                artifact[nr] += t
            elif "mcid" in stack:
                tagged[nr] += t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    fold = lambda d: {k: re.sub(r"\s+", " ", v) for k, v in d.items()}  # noqa: E731
    return fold(artifact), fold(tagged), mcids


def struktur(pdf: bytes) -> Struktur:
    reader = PdfReader(io.BytesIO(pdf))
    catalog: Any = reader.trailer["/Root"]
    prefs = catalog.get("/ViewerPreferences")
    xmp = reader.xmp_metadata
    ut = Struktur(
        tagged="/StructTreeRoot" in catalog,
        display_doc_title=bool(prefs and _obj(prefs).get("/DisplayDocTitle")),
        xmp=xmp.stream.get_data().decode("utf-8") if xmp is not None else "",
        lang=str(catalog.get("/Lang", "")),
    )
    ut.artifact_text, ut.tagged_text, mcids = _page_texts(reader)
    if not ut.tagged:
        return ut
    page_nr = {_obj(p).indirect_reference.idnum: i for i, p in enumerate(reader.pages, 1)}
    root = catalog["/StructTreeRoot"]
    elements = _elements(root)
    in_tree = {ref.idnum for ref in elements}
    id_tree = {}
    if "/IDTree" in root:
        names = root["/IDTree"].get("/Names", [])
        id_tree = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    for ref in elements:
        element = _obj(ref)
        s = str(element["/S"])
        if re.fullmatch(r"/H[1-6]", s):
            ut.headings.append(int(s[2]))
        elif s == "/Table":
            pages = set()
            for kid in _elements(element):
                pg = _obj(kid).get("/Pg")
                if pg is not None:
                    pages.add(page_nr[pg.idnum])
            ut.tables.append(pages)
        attributes = element.get("/A")
        attributes = _obj(attributes) if attributes is not None else {}
        if s == "/TH":
            ut.th += 1
            if attributes.get("/Scope") not in ("/Row", "/Column", "/Both"):
                ut.th_without_scope += 1
        for key in attributes.get("/Headers", []) if isinstance(attributes, dict) else []:
            ut.headers_refs += 1
            th = id_tree.get(str(key))
            if th is None or th.idnum not in in_tree or _obj(th)["/S"] != "/TH":
                ut.headers_unresolved.append(str(key))
    nums = root["/ParentTree"]["/Nums"]
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for nr, used in mcids.items():
        entries: Any = _obj(tree.get(nr - 1)) or ArrayObject()
        for mcid in used:
            entry = entries[mcid] if mcid < len(entries) else None
            if not isinstance(entry, IndirectObject):
                ut.untagged_mcids += 1
            elif entry.idnum not in in_tree:
                ut.orphans += 1
    return ut


def levels_skip(headings: list[int]) -> bool:
    """Whether a heading is more than one level below the one before it (H1 → H3)."""
    return any(b > a + 1 for a, b in zip(headings, headings[1:], strict=False))
