#!/usr/bin/env python
"""Makes the document font in static/fonts/: a small Latin subset of Carlito.

    .venv/bin/pip install fonttools     # already there as a WeasyPrint dependency
    .venv/bin/python scripts/make_fonts.py [/usr/share/fonts/truetype/crosextra]

Run once; the output is committed. WeasyPrint loads these files by @font-face (static/css/
print.css), so the output does not depend on the fonts of the machine, and subsetting a 45 KB
font per document is quicker than subsetting the 600 KB original (see moter/dokumenter.py
for the figures).

Carlito (Debian ``fonts-crosextra-carlito``) is metric-compatible with the Calibri of the seed
documents. It is licensed under the SIL Open Font License 1.1 with the Reserved Font Name
«Carlito»: a subset is a Modified Version, which may not carry that name, so the subset is
renamed «Moteportalen Sans». The copyright and licence entries are kept, and OFL.txt (the
licence from the Debian package) is written next to the fonts.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
UT = ROOT / "static" / "fonts"
SOURCE = Path("/usr/share/fonts/truetype/crosextra")
LICENSE = Path("/usr/share/doc/fonts-crosextra-carlito/copyright")

FAMILY = "Moteportalen Sans"
PS_FAMILY = "MoteportalenSans"
STYLES = {  # Carlito file → style name
    "Carlito-Regular.ttf": "Regular",
    "Carlito-Bold.ttf": "Bold",
    "Carlito-Italic.ttf": "Italic",
    "Carlito-BoldItalic.ttf": "Bold Italic",
}

# Latin-1, Latin Extended-A, and what Norwegian documents write besides letters: dashes, quotes,
# bullets, ellipsis, per mille, €, №/™, arrows and a few mathematical signs.
CHARACTERS = [
    *range(0x0020, 0x007F),
    *range(0x00A0, 0x0100),
    *range(0x0100, 0x0180),
    0x0192,
    0x02C6,
    0x02C7,
    0x02D8,
    0x02D9,
    0x02DA,
    0x02DB,
    0x02DC,
    0x02DD,
    *range(0x2000, 0x2070),  # spaces, dashes, quotes, bullet, ellipsis, ‰, ‹ › …
    0x20AC,
    0x2116,
    0x2122,
    *range(0x2190, 0x2194),
    0x2212,
    0x2248,
    0x2260,
    0x2264,
    0x2265,
    0x25CF,
    0xFB01,
    0xFB02,
]


def _new_navn(font: TTFont, style: str) -> None:
    """Every name record that says «Carlito» gets the new family name; copyright (0) and
    licence (13, 14) stay as they are."""
    ps_style = style.replace(" ", "")
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    nye = {
        1: FAMILY if style in {"Regular", "Bold", "Italic", "Bold Italic"} else full,
        3: f"{PS_FAMILY}-{ps_style}; Latin subset of Carlito",
        4: full,
        6: f"{PS_FAMILY}-{ps_style}",
        16: FAMILY,
        17: style,
        21: FAMILY,
        22: style,
    }
    table = font["name"]
    for rec in list(table.names):
        if rec.nameID in nye:
            table.setName(nye[rec.nameID], rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID not in {0, 13, 14} and "Carlito" in rec.toUnicode():
            table.setName(
                re.sub("Carlito", FAMILY, rec.toUnicode()),
                rec.nameID,
                rec.platformID,
                rec.platEncID,
                rec.langID,
            )
    table.setName(
        "Latin subset of Carlito (SIL OFL 1.1) for the PDF documents of Møteportalen.",
        10,
        3,
        1,
        0x409,
    )


def build(source: Path) -> list[Path]:
    UT.mkdir(parents=True, exist_ok=True)
    choices = subset.Options()
    # Kerning and mark positioning only: no ligatures or other substitutions. Word does not set
    # Calibri with ligatures either, and a ligature glyph can lose its text (copying «fi» out
    # of a PDF) where the font is embedded whole.
    choices.layout_features = ["kern", "ccmp", "mark", "mkmk"]
    choices.name_IDs = ["*"]
    choices.name_languages = ["*"]
    choices.notdef_outline = True
    choices.hinting = False  # WeasyPrint drops hinting anyway unless asked (``hinting``)
    choices.drop_tables += ["DSIG"]
    skrevet = []
    for filename, style in STYLES.items():
        font = TTFont(source / filename)
        parts = subset.Subsetter(options=choices)
        parts.populate(unicodes=CHARACTERS)
        parts.subset(font)
        _new_navn(font, style)
        # Same input, same bytes: keep the original's timestamps instead of «now».
        font.recalcTimestamp = False
        ut = UT / f"{PS_FAMILY}-{style.replace(' ', '')}.ttf"
        font.save(ut)
        skrevet.append(ut)
    if LICENSE.exists():
        (UT / "OFL.txt").write_text(
            "The fonts in this directory are a Latin subset of Carlito, renamed\n"
            f"«{FAMILY}» because «Carlito» is a Reserved Font Name (made by\n"
            "scripts/make_fonts.py from Debian's fonts-crosextra-carlito).\n\n"
            + LICENSE.read_text(encoding="utf-8", errors="replace"),
            encoding="utf-8",
        )
    return skrevet


def main() -> None:
    # Carlito's head table has a zero creation date; fontTools warns about it on every load.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    for ut in build(source):
        font = TTFont(ut)
        print(
            f"{ut.relative_to(ROOT)}: {ut.stat().st_size // 1024} KB, "
            f"{len(font.getBestCmap())} tegn, {font['maxp'].numGlyphs} glyfer"
        )


if __name__ == "__main__":
    main()
