"""The secretariat's form for the annual report's texts: plain paragraphs with the portal's light
markup (a blank line starts a paragraph, «- » makes a bullet list; ``helsefellesskap.text``
escapes and sanitises). An over-long text comes back with the error at its field and all that
was typed kept."""

from __future__ import annotations

from django import forms

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin
from moter.forms import PlainTextMixin

from ..models import ARSRAPPORT_TEKST_MAX, Arsrapport

HJELP = "Tom linje gir nytt avsnitt, linjer som starter med «- » blir punktliste."


def _tekst(label: str, help_text: str = HJELP, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=ARSRAPPORT_TEKST_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": "Teksten kan ikke være lengre enn %(limit_value)d tegn "
            "(den har %(show_value)d)."
        },
    )


class ArsrapportForm(PlainTextMixin, DsFormMixin, forms.Form):
    tittel = limits.text_field(
        Arsrapport,
        "tittel",
        label="Tittel",
        error_messages={
            "max_length": "Tittelen kan ikke være lengre enn %(limit_value)d tegn "
            "(den har %(show_value)d)."
        },
    )
    innledning = _tekst("Innledning")
    om_organet = _tekst(
        "Om utvalget og mandatet",
        help_text="Står over tabellen med medlemmene. " + HJELP,
    )
    moter_tekst = _tekst(
        "Møter og saker",
        help_text="Står over tabellene med møtene, sakene og vedtakene. " + HJELP,
    )
    tiltak_tekst = _tekst(
        "Tiltak", help_text="Står over tabellen med tiltakene i handlingsplanen. " + HJELP
    )
    veien_videre = _tekst("Veien videre")
