"""Reading and validating a ``mote/1`` file: JSON with the numbers kept exact, the schema
(the project's copy of ``mote.schema.json``), structure limits and control characters. Errors
name the JSON path of the value they concern, in Norwegian."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "mote.schema.json"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class ImportProblem:
    sti: str
    melding: str

    def __str__(self) -> str:
        return f"{self.sti}: {self.melding}"


class ImportRejected(Exception):
    """The file cannot be imported; nothing was changed. ``feil`` lists each problem."""

    def __init__(self, feil: list[ImportProblem]):
        self.feil = feil
        super().__init__("; ".join(str(f) for f in feil))


def _path(parts) -> str:
    sti = "$"
    for d in parts:
        sti += f"[{d}]" if isinstance(d, int) else f".{d}"
    return sti


def _schema_error(err) -> str:
    v = err.validator
    if v == "required":
        mangler = [p for p in err.validator_value if p not in (err.instance or {})]
        return f"mangler feltet «{mangler[0] if mangler else err.validator_value}»"
    if v == "additionalProperties":
        ekstra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"ukjent felt «{', '.join(ekstra)}»"
    if v == "enum":
        return (
            f"«{err.instance}» er ikke en gyldig verdi (tillatt: "
            f"{', '.join(str(x) for x in err.validator_value)})"
        )
    if v == "const":
        return f"må være «{err.validator_value}»"
    if v == "type":
        navn = {
            "string": "tekst",
            "array": "liste",
            "object": "objekt",
            "boolean": "true/false",
            "null": "null",
            "integer": "heltall",
            "number": "tall",
        }
        types = (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        )
        return f"må være {' eller '.join(navn.get(str(t), str(t)) for t in types)}"
    if v == "minLength":
        return "kan ikke være tom"
    if v == "oneOf":
        return "må være et navn (tekst) eller et objekt med «navn»"
    return err.message


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _control_chars(node: Any, sti: tuple = ()) -> list[ImportProblem]:
    """Text with control characters (NUL cannot even be stored in PostgreSQL)."""
    if isinstance(node, str):
        return (
            [ImportProblem(_path(sti), "inneholder ugyldige kontrolltegn")]
            if _CONTROL_CHARACTERS.search(node)
            else []
        )
    if isinstance(node, dict):
        return [f for k, v in node.items() for f in _control_chars(v, (*sti, k))]
    if isinstance(node, list):
        return [f for i, v in enumerate(node) for f in _control_chars(v, (*sti, i))]
    return []


MAX_DEPTH = 20


def _structure(data: Any) -> list[ImportProblem]:
    """Nesting too deep and numbers no field can hold, with their paths (without recursion:
    the point is to survive input that would exhaust the stack)."""
    feil: list[ImportProblem] = []
    stakk: list[tuple[Any, tuple[str | int, ...], int]] = [(data, (), 0)]
    while stakk:
        node, sti, depth = stakk.pop()
        if isinstance(node, _BadNumber):
            feil.append(
                ImportProblem(_path(sti), f"tallet {node.tekst[:20]}… er ugyldig eller for stort")
            )
        elif isinstance(node, (dict, list)):
            if depth >= MAX_DEPTH:
                feil.append(ImportProblem(_path(sti), f"nestet dypere enn {MAX_DEPTH} nivåer"))
                continue
            barn = node.items() if isinstance(node, dict) else enumerate(node)
            stakk.extend((v, (*sti, k), depth + 1) for k, v in barn)
    return sorted(feil, key=lambda f: f.sti)


def mote_validate(data: Any) -> list[ImportProblem]:
    feil = _structure(data)
    if feil:
        return feil
    for err in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        feil.append(ImportProblem(_path(err.absolute_path), _schema_error(err)))
    return feil + _control_chars(data)


class _BadNumber:
    """A number in the file that no model field can hold (too many digits, NaN, Infinity):
    kept as written so that the error can name its JSON path."""

    def __init__(self, tekst: str):
        self.tekst = tekst


def _parse_int(tekst: str) -> int | _BadNumber:
    # Python refuses to read more than 4300 digits (a ValueError, not a JSON error), and
    # no column holds more than 19.
    return int(tekst) if len(tekst.lstrip("-")) <= 19 else _BadNumber(tekst)


def _parse_float(tekst: str) -> float | _BadNumber:
    verdi = float(tekst)
    return verdi if math.isfinite(verdi) else _BadNumber(tekst)


def json_read(innhold: bytes) -> Any:
    """A mote/1 file as uploaded or read from disk. A UTF-8 byte order mark (as Windows
    editors write) is accepted; anything unreadable is an ImportRejected at «$»."""
    try:
        tekst = innhold.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([ImportProblem("$", "filen er ikke UTF-8-tekst")]) from exc
    try:
        return json.loads(
            tekst, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_BadNumber
        )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [ImportProblem("$", f"ugyldig JSON på linje {exc.lineno}, kolonne {exc.colno}")]
        ) from exc
    except RecursionError as exc:
        raise ImportRejected(
            [ImportProblem("$", f"filen er nestet dypere enn {MAX_DEPTH} nivåer")]
        ) from exc


def file_read(sti: Path) -> Any:
    return json_read(Path(sti).read_bytes())
