"""What a checker flags in WeasyPrint 70's tagged PDF, repaired after rendering.

WeasyPrint builds the structure tree (``weasyprint/pdf/tags.py``) page by page from its boxes.
Four things in it break PDF/UA-1 (ISO 14289-1) and the Matterhorn Protocol, and no CSS, HTML or
option changes them (WeasyPrint issues #1836, #2508, #2902/#2903):

1. The running header and footer (the ``@page`` margin boxes: «Helsefellesskapet i Vestfold»,
   the logo, «Side 1 av 2») are marked content with an MCID whose structure elements are left
   out of the tree: content neither tagged nor an artifact (Matterhorn 01-001, 18-001). Here
   they become ``/Artifact <</Type /Pagination>> BDC … EMC`` in the page's content stream, and
   their entries leave the parent tree.
2. An element that crosses a page is one structure element per page: an agenda over three pages
   is three ``Table`` elements, each with its own header row. Here the parts are joined into one
   element, following WeasyPrint's own layout (the same HTML element on both sides of a page
   break), and a table's header row repeated on the next page becomes a pagination artifact.
3. Header cells (``TH``) have no ``/Scope`` (Matterhorn 15-003). Here each says what it heads:
   ``/Row`` when a cell of its own row refers to it, ``/Column`` when cells of other rows do
   (exactly how WeasyPrint read ``scope="row"``/``"col"``), and by its row group otherwise.
4. The data cells' ``/Headers`` name the header cells' ``/ID`` strings, but there is no
   ``/IDTree`` in the structure tree root to find them by. Here it is made, with every ``/ID``.

``accessible_pdf`` applies this to every tagged document rendered in the house style (the
meeting documents and the agreements register). An untagged PDF (the meeting pack with
vedlegg merged into it) gets what every PDF of ours has, tagged or not: ``/DisplayDocTitle``
and XMP metadata with the title and author (without claiming PDF/UA).

Last, ``compact`` packs the objects into compressed object streams (qpdf, through pikepdf):
pypdf writes each object on its own, uncompressed, and the structure tree of a long agenda is
tens of thousands of small dictionaries (a 75-page innkalling was 1.8 MB, against WeasyPrint's
own 0.4 MB).

What this does not do: check the whole of PDF/UA (there is no veraPDF here); the tests in
``tests/moter/test_pdf_struktur.py`` read the result back with pypdf (README.md says what they
check).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf.tags import _get_pdf_tag

# A marked-content sequence as WeasyPrint (pydyf) writes it: «/Span\n<</MCID 3>>\nBDC». The text
# itself is written as hex strings (glyph ids), so this pattern cannot occur inside a string.
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"

_XMP_HEADER = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
)
_XMP_FOOTER = b'</x:xmpmeta>\n<?xpacket end="r"?>'


class StructureError(Exception):
    """The PDF is not what WeasyPrint 70 writes (a bug, or another WeasyPrint)."""


def accessible_pdf(pdf: bytes, document: Any) -> bytes:
    """The PDF ``document`` (a rendered ``weasyprint.Document``) wrote, repaired as the module
    docstring says when it is tagged; an untagged PDF gets the title shown and XMP metadata."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    root = writer._root_object
    if "/StructTreeRoot" in root:
        _Repair(writer, document).run()
    else:
        _describe_untagged(writer, document)
    _show_title(writer)
    writer.pdf_header = pdf[:8].decode("ascii")  # as WeasyPrint wrote it (pypdf would write 1.3)
    return compact(writer)


def compact(writer: PdfWriter) -> bytes:
    """The file ``writer`` holds, its objects packed into compressed object streams (PDF 1.5+)
    by qpdf; the objects themselves are kept as they are. A few milliseconds per document."""
    ut = io.BytesIO()
    writer.write(ut)
    ut.seek(0)
    with pikepdf.open(ut) as pdf:
        packed = io.BytesIO()
        pdf.save(
            packed,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            recompress_flate=False,
            deterministic_id=True,
        )
    return packed.getvalue()


def _show_title(writer: PdfWriter) -> None:
    root = writer._root_object
    prefs = root.get("/ViewerPreferences")
    prefs = _obj(prefs) if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs


def _describe_untagged(writer: PdfWriter, document: Any) -> None:
    """XMP metadata (title, author, description, dates: WeasyPrint's own) for a PDF without
    tags, which therefore does not say it is PDF/UA."""
    rdf = document.metadata.generate_rdf_metadata("ua", None, None)
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join((_XMP_HEADER, rdf, _XMP_FOOTER)))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


# --- The structure tree ---------------------------------------------------------------------


def _obj(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _kids(element: DictionaryObject) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(_obj(k), ArrayObject) else [k]


def _struct_kids(element: DictionaryObject) -> list[IndirectObject]:
    """The kids that are structure elements (not marked content or object references)."""
    return [
        k
        for k in _kids(element)
        if isinstance(k, IndirectObject)
        and isinstance(_obj(k), DictionaryObject)
        and "/S" in _obj(k)
    ]


def _box(box: Any) -> Any:
    return box._box if isinstance(box, AbsolutePlaceholder) else box


def _transparent(box: Any) -> bool:
    """Boxes that make no structure element of their own (as in tags._build_box_tree)."""
    return (
        (
            isinstance(box, boxes.PageBox)
            or (box.element is not None and box.element_tag in ("html", "body"))
        )
        and isinstance(box, boxes.ParentBox)
        and not isinstance(box, boxes.LineBox)
    )


def _box_kids(box: Any) -> list:
    """The boxes that make the kids of ``box``'s structure element, in order."""
    box = _box(box)
    children = list(box.children) if isinstance(box, boxes.ParentBox) else []
    if getattr(box, "is_table_wrapper", False):
        table = box.get_wrapped_table()
        children = [
            c for child in children for c in (child.children if child is table else [child])
        ]
    ut = []
    for child in children:
        for c in child.children if isinstance(child, boxes.LineBox) else [child]:
            c = _box(c)
            if isinstance(c, boxes.MarginBox):
                continue
            if _transparent(c):
                ut.extend(_box_kids(c))
            else:
                ut.append(c)
    return ut


def _expected(box: Any) -> str:
    if isinstance(box, boxes.TextBox):
        return "/Span"
    return "/" + _get_pdf_tag(None if box.element is None else box.element_tag)


def _aligned(elements: list[IndirectObject], kids: list) -> bool:
    """Whether the structure elements are the boxes' (same number, same tags in order)."""
    if len(elements) != len(kids):
        return False
    for element, box in zip(elements, kids, strict=True):
        s, forventet = _obj(element)["/S"], _expected(box)
        if s != forventet and not (forventet in ("/TD", "/TH") and s == "/NonStruct"):
            return False
    return True


@dataclass
class _Repair:
    writer: PdfWriter
    document: Any
    pages: list = field(init=False)
    page_index: dict = field(init=False)  # page object number → index
    artifacts: dict = field(default_factory=lambda: defaultdict(set))  # page → MCIDs
    moved: dict = field(default_factory=dict)  # element number → the element it joined
    same_header: dict = field(default_factory=dict)  # a repeated TH's ID → the first one's
    repeated: list = field(default_factory=list)  # (table, its header row repeated on a page)

    def __post_init__(self) -> None:
        self.root = _obj(self.writer._root_object["/StructTreeRoot"])
        self.pages = list(self.writer.pages)
        self.page_index = {p.indirect_reference.idnum: i for i, p in enumerate(self.pages)}
        self.top = _obj(_kids(self.root)[0])  # the Document element

    def run(self) -> None:
        self._margin_boxes()
        self._join_across_pages()
        self._same_headers()
        self._headers()
        self._rewrite_parent_tree()
        self._rewrite_contents()
        # The structure elements left out (margin boxes, parts joined, repeated header rows)
        # are no longer referenced: leave them out of the file.
        self.writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)

    # 1. Margin boxes: in the parent tree, not in the structure tree.

    def _parent_tree(self) -> dict[int, ArrayObject]:
        nums = _obj(_obj(self.root["/ParentTree"])["/Nums"])
        return {int(nums[i]): _obj(nums[i + 1]) for i in range(0, len(nums), 2)}

    def _reachable(self) -> set[int]:
        seen: set[int] = set()
        stack = [k for k in _struct_kids(self.root)]
        while stack:
            ref = stack.pop()
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            stack.extend(_struct_kids(_obj(ref)))
        return seen

    def _margin_boxes(self) -> None:
        reachable = self._reachable()
        for page, entries in self._parent_tree().items():
            if page >= len(self.pages) or not isinstance(entries, ArrayObject):
                continue  # an annotation's entry
            for mcid, ref in enumerate(entries):
                if isinstance(ref, IndirectObject) and ref.idnum not in reachable:
                    self.artifacts[page].add(mcid)

    # 2. Elements that cross a page.

    def _page_of(self, element: DictionaryObject) -> int | None:
        pg = element.get("/Pg")
        return self.page_index.get(pg.idnum) if isinstance(pg, IndirectObject) else None

    def _top_level(self, page: int) -> list[IndirectObject]:
        return [k for k in _struct_kids(self.top) if self._page_of(_obj(k)) == page]

    def _join_across_pages(self) -> None:
        page_boxes = [side._page_box for side in self.document.pages]
        if len(page_boxes) != len(self.pages):
            raise StructureError("WeasyPrint-dokumentet og PDF-en har ikke like mange sider.")
        # From the last page break to the first: a part joined to the page before keeps its
        # first kids first, so the earlier break still finds them.
        for i in range(len(self.pages) - 2, -1, -1):
            before, after = self._top_level(i), self._top_level(i + 1)
            before_boxes, after_boxes = _box_kids(page_boxes[i]), _box_kids(page_boxes[i + 1])
            if not (_aligned(before, before_boxes) and _aligned(after, after_boxes)):
                continue
            if before and after and before_boxes[-1].element is after_boxes[0].element:
                self._join(before[-1], before_boxes[-1], after[0], after_boxes[0], self.top)

    def _join(self, a: IndirectObject, box_a: Any, b: IndirectObject, box_b: Any, parent) -> None:
        """Joins ``b`` (the part of an element on the next page) to ``a``, and the parts of its
        kids that cross the same page break."""
        ea, eb = _obj(a), _obj(b)
        if ea["/S"] != eb["/S"] or isinstance(box_a, boxes.TextBox):
            return
        boxes_a, boxes_b = _box_kids(box_a), _box_kids(box_b)
        # b's own kids come first: what it took from later pages (joined first) follows them.
        kids_a, kids_b = _struct_kids(ea), _struct_kids(eb)[: len(boxes_b)]
        aligned = _aligned(kids_a, boxes_a) and _aligned(kids_b, boxes_b)
        page_b = eb.get("/Pg")
        new = []
        for kid in _kids(eb):
            if isinstance(kid, NumberObject | int) and not isinstance(kid, bool):
                # A marked-content id on b's page: said with the page, now that it is in a.
                kid = DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/MCR"),
                        NameObject("/Pg"): page_b,
                        NameObject("/MCID"): NumberObject(int(kid)),
                    }
                )
            elif isinstance(kid, IndirectObject) and "/S" in _obj(kid):
                _obj(kid)[NameObject("/P")] = a
            new.append(kid)
        ea[NameObject("/K")] = ArrayObject([*_kids(ea), *new])
        pk = _obj(parent)
        pk[NameObject("/K")] = ArrayObject(k for k in _kids(pk) if k != b)
        self.moved[b.idnum] = a
        if not aligned:
            return
        if ea["/S"] == "/Table" and boxes_b and getattr(boxes_b[0], "is_header", False):
            # The header row repeated on the next page: said once, at the top of the table.
            if _obj(kids_b[0])["/S"] == "/THead":
                self._repeated_header(a, kids_b[0])
                kids_b, boxes_b = kids_b[1:], boxes_b[1:]
        if ea["/S"] == "/TR":
            # A row that crosses the page: every cell continues.
            pairs = [
                (ka, ba, kb, bb)
                for kb, bb in zip(kids_b, boxes_b, strict=True)
                for ka, ba in zip(kids_a, boxes_a, strict=True)
                if ba.element is bb.element
            ]
        elif kids_a and kids_b and boxes_a[-1].element is boxes_b[0].element:
            pairs = [(kids_a[-1], boxes_a[-1], kids_b[0], boxes_b[0])]
        else:
            pairs = []
        for ka, ba, kb, bb in pairs:
            self._join(ka, ba, kb, bb, a)

    def _repeated_header(self, table: IndirectObject, again: IndirectObject) -> None:
        for page, mcid in self._marked_content(again):
            self.artifacts[page].add(mcid)
        element = _obj(table)
        element[NameObject("/K")] = ArrayObject(k for k in _kids(element) if k != again)
        self.repeated.append((table, again))

    def _same_headers(self) -> None:
        """A data cell under a repeated header row refers to the header cells it repeats."""
        for table, again in self.repeated:
            head = next(
                (k for k in _struct_kids(_obj(self._final(table))) if _obj(k)["/S"] == "/THead"),
                None,
            )
            if head is None:
                continue
            first = [c for row in _struct_kids(_obj(head)) for c in _struct_kids(_obj(row))]
            repeat = [c for row in _struct_kids(_obj(again)) for c in _struct_kids(_obj(row))]
            for c1, c2 in zip(first, repeat, strict=False):
                id1, id2 = _obj(c1).get("/ID"), _obj(c2).get("/ID")
                if id1 is not None and id2 is not None:
                    self.same_header[str(id2)] = str(id1)

    def _marked_content(self, ref: IndirectObject) -> Iterable[tuple[int, int]]:
        """(page, MCID) of every marked-content sequence under a structure element."""
        element = _obj(ref)
        page = self._page_of(element)
        for kid in _kids(element):
            obj: Any = _obj(kid)
            if isinstance(obj, DictionaryObject) and "/S" in obj:
                yield from self._marked_content(kid)
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                mcr_page = self._page_of(obj)
                if mcr_page is not None:
                    yield mcr_page, int(obj.raw_get("/MCID"))
            elif isinstance(obj, int) and page is not None:
                yield page, int(obj)

    # 3 and 4. Header cells: /Scope, and the /IDTree their /ID is found by.

    def _elements(self) -> Iterable[IndirectObject]:
        stack = list(reversed(_struct_kids(self.root)))
        while stack:
            ref = stack.pop()
            yield ref
            stack.extend(reversed(_struct_kids(_obj(ref))))

    def _headers(self) -> None:
        ids: dict[str, IndirectObject] = {}
        parent_of: dict[int, int] = {}
        cells = []
        for ref in self._elements():
            element = _obj(ref)
            if element["/S"] == "/TH" and "/ID" in element:
                ids[str(element["/ID"])] = ref
            if element["/S"] in ("/TH", "/TD"):
                cells.append(ref)
                parent_of[ref.idnum] = element.raw_get("/P").idnum
        scope: dict[int, str] = {}
        for ref in cells:
            attributes = _obj(_obj(ref).get("/A"))
            if not isinstance(attributes, DictionaryObject) or "/Headers" not in attributes:
                continue
            headers = []
            for key in _obj(attributes["/Headers"]):
                key = str(key)
                while key in self.same_header:
                    key = self.same_header[key]
                th = ids.get(key)
                if th is None:
                    continue  # a header cell that is not in the tree (never expected)
                headers.append(TextStringObject(key))
                same_row = parent_of[th.idnum] == parent_of[ref.idnum]
                scope.setdefault(th.idnum, "/Row" if same_row else "/Column")
            attributes[NameObject("/Headers")] = ArrayObject(headers)
        for ref in cells:
            element = _obj(ref)
            if element["/S"] != "/TH":
                continue
            attributes = _obj(element.get("/A"))
            if not isinstance(attributes, DictionaryObject):
                attributes = DictionaryObject({NameObject("/O"): NameObject("/Table")})
                element[NameObject("/A")] = attributes
            if ref.idnum not in scope:
                row_group = _obj(_obj(element["/P"]).get("/P"))
                in_head = (
                    isinstance(row_group, DictionaryObject) and row_group.get("/S") == "/THead"
                )
                scope[ref.idnum] = "/Column" if in_head else "/Row"
            attributes[NameObject("/Scope")] = NameObject(scope[ref.idnum])
        if ids:
            names = ArrayObject()
            for key in sorted(ids, key=lambda k: k.encode("utf-8")):
                names.extend([TextStringObject(key), ids[key]])
            self.root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): names})

    # The parent tree and the content streams after the changes.

    def _rewrite_parent_tree(self) -> None:
        nums = _obj(_obj(self.root["/ParentTree"])["/Nums"])
        for i in range(0, len(nums), 2):
            key, value = int(nums[i]), nums[i + 1]
            if isinstance(_obj(value), ArrayObject) and key < len(self.pages):
                entries = _obj(value)
                for mcid, ref in enumerate(entries):
                    if mcid in self.artifacts.get(key, ()):
                        entries[mcid] = NullObject()
                    elif isinstance(ref, IndirectObject):
                        entries[mcid] = self._final(ref)
            elif isinstance(value, IndirectObject):
                nums[i + 1] = self._final(value)

    def _final(self, ref: IndirectObject) -> IndirectObject:
        while ref.idnum in self.moved:
            ref = self.moved[ref.idnum]
        return ref

    def _rewrite_contents(self) -> None:
        for page, mcids in self.artifacts.items():
            if not mcids:
                continue
            side = self.pages[page]
            contents = side.get_contents()
            if contents is None:
                continue
            found: set[int] = set()

            def artifact(match: re.Match, mcids=mcids, found=found) -> bytes:
                mcid = int(match.group(2))
                if mcid not in mcids:
                    return match.group(0)
                found.add(mcid)
                return _ARTIFACT

            data = _MARKED.sub(artifact, contents.get_data())
            if found != mcids:
                raise StructureError(
                    f"Fant ikke merket innhold {sorted(mcids - found)} på side {page + 1}."
                )
            stream = DecodedStreamObject()
            stream.set_data(data)
            side[NameObject("/Contents")] = self.writer._add_object(stream.flate_encode())
