"""The agreements register as a printable PDF (``register_pdf``), in the house style of the
meeting documents (``moter.dokumenter``: the same ``pdf.html``, stylesheets, fonts and PDF/UA-1
tagging).

Only the public edition is made: the agreements and versions the public may see
(``register_tree`` for an anonymous reader), so the one file is the same for every reader and
can never carry a draft. The register is small, so it is rendered on request rather than
ordered through a ``Dokument`` row and a Celery task (those belong to a meeting); the PDF is kept
in the cache under the digest of its HTML, so it is rendered again only when what it shows
changes (or the renderer, stylesheets or fonts do)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from helsefellesskap.models import today
from helsefellesskap.templatetags.hf import long_date
from moter import dokumenter

from .register import Node, register_tree


@dataclass(frozen=True)
class RegisterPdf:
    pdf: bytes
    digest: str
    filename: str


def _rows(noder: list[Node], niva: int = 0) -> list[tuple[Node, int]]:
    """The tree flattened for the PDF's table: each agreement with its depth."""
    rader: list[tuple[Node, int]] = []
    for node in noder:
        rader.append((node, niva))
        rader += _rows(node.barn, niva + 1)
    return rader


def register_html() -> str:
    tre = register_tree(AnonymousUser())
    dag = today()
    tittel = "Avtaleregister"
    context = dokumenter.page_context()
    return render_to_string(
        "moter/dokumenter/pdf.html",
        {
            **context,
            "innhold": "avtaler/register_innhold.html",
            "art": "avtaleregister",
            "tittel": tittel,
            "emne": f"Avtaler mellom partene i {context['nettsted'].navn} per {long_date(dag)}",
            "forfatter": context["nettsted"].navn,
            "organ_navn": "",
            "bunntekst": f"{tittel} per {dag:%d.%m.%Y} · offentlig utgave",
            "gjeldende": _rows(tre["gjeldende"]),
            "under_arbeid": _rows(tre["under_arbeid"]),
            "avsluttet": tre["avsluttet"],
            "dag": dag,
            "pdf": True,
        },
    )


def register_pdf_make() -> RegisterPdf:
    """The register's public edition as PDF, from the cache when its content is unchanged."""
    filename = f"avtaleregister-{today():%Y-%m-%d}.pdf"
    laget = dokumenter.html_pdf_cached(
        html=register_html(),
        tittel="Avtaleregister",
        forfatter="",
        filename=filename,
        key="avtaleregister-pdf",
    )
    return RegisterPdf(pdf=laget.pdf, digest=laget.digest, filename=filename)


@require_safe
def register_pdf(request: HttpRequest) -> HttpResponse:
    # The public edition, the same for everybody: a proxy may keep it but must ask each time.
    resultat = register_pdf_make()
    return dokumenter.pdf_response(
        request,
        dokumenter.CachedPdf(pdf=resultat.pdf, digest=resultat.digest),
        filename=resultat.filename,
        offentlig=True,
    )
