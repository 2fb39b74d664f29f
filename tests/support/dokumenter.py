"""Documents rendered in the test's own process, and their text read back."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from moter.dokumenter import dokument_order, render_dokument
from moter.models import Dokument


def render(django_capture_on_commit_callbacks, **kwargs) -> Dokument:
    """Orders a document and runs the queued render the way a worker would."""
    waited = set(
        Dokument.objects.filter(status=Dokument.Status.VENTER).values_list("pk", flat=True)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        dok = dokument_order(**kwargs)
    # A new order queues its render once, after commit; one already waiting (the public
    # documents are ordered when the meeting is published) is not queued again.
    assert len(callbacks) == (0 if dok.pk in waited else 1)
    render_dokument(dok.pk)
    dok.refresh_from_db()
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    return dok


def pdftotext(dok: Dokument) -> str:
    """poppler's text, whitespace folded. Its reading order follows the columns it detects, so
    it is used for what is there, not for the order."""
    ut = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", dok.fil.path, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", ut)


# --- Where the words are: lines, pages and the text box of each word ---------------------------

# The page's text area (print.css: ``@page { margin: 2.5cm 2.2cm 2.3cm 2.5cm }``), in points.
TOP, RIGHT, BOTTOM = 2.5 / 2.54 * 72, 2.2 / 2.54 * 72, 2.3 / 2.54 * 72


def pdftotext_raw(path: Path | str) -> list[str]:
    """poppler's text of each page in the order it was drawn (``-raw``), lines as they break in
    the PDF: a word hyphenated at a line's end reads «utfordrin-» then «ger» here, where the
    default mode would join it again."""
    ut = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return ut.split("\f")[:-1]


def source_text(html: str) -> str:
    """The words of a document's HTML, each element's text apart from the next."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", html)))


def split_words(lines: str, source: str) -> list[str]:
    """The words the PDF breaks across two lines: hyphenated («utfordrin-ger») or cut where the
    column ended («beredskapsplane|r»). A break after a hyphen the author typed («IKT-løsninger»,
    «Vestfold- En») is not one, nor a break between two words."""
    found = []
    rader = lines.splitlines()
    for linje, neste in zip(rader, rader[1:], strict=False):
        slutt = re.search(r"(\w+)(-?)$", linje.rstrip())
        start = re.match(r"\w+", neste.lstrip())
        if not slutt or not start or not slutt[1][-1].isalpha() or not start[0][0].isalpha():
            continue
        ord_, bindestrek, rest = slutt[1], slutt[2], start[0]
        if bindestrek:
            if not re.search(rf"(?<!\w){re.escape(ord_)}-\s*{re.escape(rest)}", source):
                found.append(f"{ord_}-{rest}")
        elif re.search(rf"(?<!\w){re.escape(ord_ + rest)}(?!\w)", source) and not re.search(
            rf"(?<!\w){re.escape(ord_)}\s+{re.escape(rest)}(?!\w)", source
        ):
            found.append(f"{ord_}|{rest}")
    return found


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def body(self) -> list[Word]:
        """The words inside the text area: not the running header and footer."""
        return [w for w in self.words if w.y0 >= TOP - 1 and w.y1 <= self.height - BOTTOM + 1]

    @property
    def fill(self) -> float:
        """How far down the text area the text reaches, 0 to 1."""
        if not self.body:
            return 0.0
        return (max(w.y1 for w in self.body) - TOP) / (self.height - BOTTOM - TOP)

    @property
    def last_line(self) -> str:
        """The lowest line of the text area, its words left to right."""
        bunn = max(w.y0 for w in self.body)
        return " ".join(w.text for w in sorted(self.body, key=lambda w: w.x0) if w.y0 > bunn - 2)


def pdf_pages(path: Path | str) -> list[Page]:
    """Each page's words with their boxes (``pdftotext -bbox``), in points from the top left."""
    ut = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sider = []
    for side in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', ut, re.S):
        words = [
            Word(unescape(t), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"(.*?)</word>",
                side[2],
            )
        ]
        sider.append(Page(float(side[0]), float(side[1]), words))
    return sider
