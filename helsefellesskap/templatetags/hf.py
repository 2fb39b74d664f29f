"""Template filters shared by pages and documents: plain text with light markup, and dates
written as in the seeds (29.02.24 in tables, «7. mai 2026» in prose)."""

from __future__ import annotations

import datetime
import re

import nh3
from django import template
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from helsefellesskap import grenser

register = template.Library()

_PUNKT = re.compile(r"^\s*[-•o]\s+(.*)$")
_NUMMER = re.compile(r"^\s*(\d+)[.)]\s*(.*)$")
_TILLATTE_TAGGER = {"p", "ul", "ol", "li", "br", "strong", "em", "a"}


def tekst_til_html(tekst: str) -> str:
    """Plain text → HTML: blank lines separate paragraphs, «- » lines make a bullet list,
    «1. » lines a numbered list. Everything is escaped, then passed through nh3."""
    if not tekst:
        return ""
    blokker: list[str] = []
    for avsnitt in re.split(r"\n\s*\n", tekst.strip().replace("\r\n", "\n")):
        linjer = avsnitt.split("\n")
        i = 0
        tekstlinjer: list[str] = []

        def tøm(tekstlinjer: list[str] = tekstlinjer) -> None:
            if tekstlinjer:
                blokker.append("<p>" + "<br>".join(escape(t) for t in tekstlinjer) + "</p>")
                tekstlinjer.clear()

        while i < len(linjer):
            linje = linjer[i]
            if _PUNKT.match(linje):
                tøm()
                punkter = []
                while i < len(linjer) and _PUNKT.match(linjer[i]):
                    punkter.append(_PUNKT.match(linjer[i]).group(1))
                    i += 1
                blokker.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in punkter) + "</ul>")
                continue
            m = _NUMMER.match(linje)
            if m and (i + 1 < len(linjer) and _NUMMER.match(linjer[i + 1]) or m.group(1) == "1"):
                tøm()
                punkter = []
                start = int(m.group(1))
                while i < len(linjer) and _NUMMER.match(linjer[i]):
                    punkter.append(_NUMMER.match(linjer[i]).group(2))
                    i += 1
                start_attr = f' start="{start}"' if start != 1 else ""
                blokker.append(
                    f"<ol{start_attr}>"
                    + "".join(f"<li>{escape(p)}</li>" for p in punkter)
                    + "</ol>"
                )
                continue
            tekstlinjer.append(linje.strip())
            i += 1
        tøm()
    html = "".join(blokker)
    return nh3.clean(html, tags=_TILLATTE_TAGGER, attributes={"ol": {"start"}})


@register.filter(is_safe=True)
def tekst(verdi: str | None) -> SafeString:
    return mark_safe(tekst_til_html(verdi or ""))  # noqa: S308 - escaped and sanitised above


def _lokal(verdi):
    if isinstance(verdi, datetime.datetime):
        return timezone.localtime(verdi) if timezone.is_aware(verdi) else verdi
    return verdi


@register.filter
def kortdato(verdi) -> str:
    """29.02.24"""
    if not verdi:
        return ""
    return formats.date_format(_lokal(verdi), "d.m.y")


@register.filter
def langdato(verdi) -> str:
    """7. mai 2026"""
    if not verdi:
        return ""
    return formats.date_format(_lokal(verdi), "j. F Y")


@register.filter
def klokke(verdi) -> str:
    """13.00"""
    if not verdi:
        return ""
    return formats.date_format(_lokal(verdi), "H.i")


@register.filter
def nettlenke(verdi: str | None) -> str:
    """The link if it is http(s), else empty: never an href="javascript:…"."""
    return verdi if grenser.er_nettlenke(verdi) else ""
