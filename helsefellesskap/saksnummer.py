"""Case-number patterns (saksnummerformat) of a body.

A pattern uses the placeholders ``{aar}`` (four-digit year), ``{aa}`` (two-digit year) and
``{nr}`` (the sequence within the year); ``{nr:3}`` pads the sequence to three digits.
The seeds use ``{aar}.{nr}`` (2024.2) and ``{nr}/{aa}`` (14/26).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_PLACEHOLDER = re.compile(r"\{(aar|aa|nr)(?::(\d))?\}")
_ALLOWED_LITERAL = re.compile(r"^[A-Za-z0-9 ./_\-–]*$")

EXAMPLES = ("{aar}.{nr}", "{nr}/{aa}", "{aar}/{nr:3}", "{aa}-{nr:2}")


@dataclass(frozen=True)
class Saksnummer:
    aar: int
    nr: int


def validate_format(pattern: str) -> None:
    """Raise ValidationError (Norwegian) unless ``pattern`` is a usable case-number format."""
    names = [m.group(1) for m in _PLACEHOLDER.finditer(pattern)]
    if names.count("nr") != 1:
        raise ValidationError(
            "Formatet må inneholde {nr} (løpenummeret) nøyaktig én gang, f.eks. «{aar}.{nr}».",
            code="saksnr_uten_nr",
        )
    if ("aar" in names) == ("aa" in names) or names.count("aar") + names.count("aa") != 1:
        raise ValidationError(
            "Formatet må inneholde årstallet nøyaktig én gang: {aar} (2024) eller {aa} (24).",
            code="saksnr_uten_aar",
        )
    literal = _PLACEHOLDER.sub("", pattern)
    if "{" in literal or "}" in literal or not _ALLOWED_LITERAL.match(literal):
        raise ValidationError(
            "Formatet kan bare inneholde {aar}, {aa}, {nr} og skilletegn som . / - og mellomrom.",
            code="saksnr_ugyldig_tegn",
        )
    # Two placeholders side by side cannot be told apart when the number is read back.
    if re.search(r"\}\{", pattern):
        raise ValidationError(
            "Det må stå et skilletegn mellom årstallet og løpenummeret.",
            code="saksnr_uten_skilletegn",
        )


def formater(pattern: str, *, aar: int, nr: int) -> str:
    """Format a case number: ``formater("{nr}/{aa}", aar=2026, nr=14) == "14/26"``."""

    def replace(match: re.Match) -> str:
        name, width = match.group(1), int(match.group(2) or 0)
        if name == "aar":
            return f"{aar:04d}"
        if name == "aa":
            return f"{aar % 100:02d}"
        return f"{nr:0{width}d}"

    return _PLACEHOLDER.sub(replace, pattern)


def parse(pattern: str, tekst: str) -> Saksnummer | None:
    """Read a case number back into year and sequence, or None if it does not fit the pattern."""
    regex = ""
    pos = 0
    for match in _PLACEHOLDER.finditer(pattern):
        regex += re.escape(pattern[pos : match.start()])
        name = match.group(1)
        regex += {"aar": r"(?P<aar>\d{4})", "aa": r"(?P<aa>\d{2})", "nr": r"(?P<nr>\d{1,10})"}[name]
        pos = match.end()
    regex += re.escape(pattern[pos:])
    found = re.fullmatch(regex, tekst.strip())
    if not found:
        return None
    groups = found.groupdict()
    aar = int(groups["aar"]) if groups.get("aar") else 2000 + int(groups["aa"])
    return Saksnummer(aar=aar, nr=int(groups["nr"]))
