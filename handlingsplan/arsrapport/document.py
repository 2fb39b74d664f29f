"""The annual report as a PDF in the house style of the meeting documents: the page's own
content template (``handlingsplan/arsrapport_innhold.html``) inside ``moter/dokumenter/pdf.html``,
with the same stylesheets, fonts and PDF/UA-1 tagging (``moter.dokumenter.html_pdf``).

The report is rendered on request for its reader, from what that reader may see (``content``),
and kept in the cache under the digest of its HTML (``moter.dokumenter.html_pdf_cached``): it is
rendered again only when what it shows changes, and a reader never gets a file made from HTML
other than their own."""

from __future__ import annotations

from django.template.loader import render_to_string

from helsefellesskap.models import today
from moter import dokumenter

from ..models import Arsrapport
from .content import Innhold


def filename(rapport: Arsrapport) -> str:
    kort = "".join(c if c.isalnum() else "-" for c in rapport.organ.slug)
    utkast = "" if rapport.publisert else "-utkast"
    return f"arsrapport-{kort}-{rapport.aar}{utkast}.pdf"


def arsrapport_html(*, rapport: Arsrapport, innhold: Innhold) -> str:
    context = dokumenter.page_context()
    nettsted = context["nettsted"].navn
    if rapport.publisert:
        status = f"publisert {rapport.publisert:%d.%m.%Y}"
    else:
        status = f"utkast per {today():%d.%m.%Y}"
    return render_to_string(
        "moter/dokumenter/pdf.html",
        {
            **context,
            "innhold": "handlingsplan/arsrapport_innhold.html",
            "art": "arsrapport",
            "tittel": rapport.tittel,
            "emne": f"Årsrapport for {rapport.organ.navn} {rapport.aar}",
            "forfatter": nettsted,
            "organ_navn": rapport.organ.navn,
            "bunntekst": f"{rapport.tittel} · {status}",
            "rapport": rapport,
            "x": innhold,
            "pdf": True,
        },
    )


def arsrapport_pdf(*, rapport: Arsrapport, innhold: Innhold) -> dokumenter.CachedPdf:
    return dokumenter.html_pdf_cached(
        html=arsrapport_html(rapport=rapport, innhold=innhold),
        tittel=rapport.tittel,
        forfatter=dokumenter.page_context()["nettsted"].navn,
        filename=filename(rapport),
        key="arsrapport-pdf",
    )
