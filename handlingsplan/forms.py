"""The plan's filters and the secretariat's forms: a status report on a tiltak, spending
against an allocation. A bad filter is left out with a Norwegian remark; a form with errors
comes back with each error at its field and everything typed kept."""

from __future__ import annotations

from django import forms

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin
from moter.forms import PlainTextMixin
from saker.forms import OrganFilter, SakChoice, date_field
from saker.models import Sak

from .models import Forbruk, Status, Statusrapport, Tildeling


class PlanFilter(OrganFilter):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=Status.choices,
        error_messages={"invalid_choice": "Velg en av statusene i listen."},
    )


class StatusrapportForm(PlainTextMixin, DsFormMixin, forms.Form):
    dato = date_field("Dato", required=True)
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        error_messages={"invalid_choice": "Velg en av statusene i listen."},
    )
    tekst = forms.CharField(
        label="Rapport",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Skriv hva som rapporteres."},
        max_length=20_000,
    )
    rapportert_i = SakChoice(
        Sak.objects.saker()
        .filter(mote__isnull=False)
        .exclude(saksnr="")
        .select_related("mote", "organ")
        .order_by("-mote__start", "rekkefolge"),
        label="Rapportert i sak",
        required=False,
        empty_label="(ingen sak i portalen)",
        error_messages={"invalid_choice": "Velg en sak i listen."},
    )
    rapportert_i_tekst = limits.text_field(
        Statusrapport,
        "rapportert_i_tekst",
        label="…eller sak utenfor portalen",
        required=False,
        help_text="F.eks. «FSU-sak 2024.4».",
    )

    def clean(self):
        data = super().clean()
        if data.get("rapportert_i") and data.get("rapportert_i_tekst"):
            self.add_error(
                "rapportert_i_tekst", "Velg enten en sak i portalen eller skriv saken, ikke begge."
            )
        return data


class ForbrukForm(PlainTextMixin, DsFormMixin, forms.Form):
    tildeling = forms.ModelChoiceField(
        queryset=Tildeling.objects.none(),
        label="Tildeling",
        empty_label="Velg tildeling",
        error_messages={
            "required": "Velg tildelingen forbruket gjelder.",
            "invalid_choice": "Velg en tildeling i listen.",
        },
    )
    dato = date_field("Dato", required=True)
    belop = limits.integer_field(
        Forbruk,
        "belop",
        label="Beløp (kr)",
        help_text="Hele kroner, f.eks. 808985.",
        error_messages={
            "invalid": "Oppgi beløpet i hele kroner, f.eks. 808985.",
            "required": "Oppgi beløpet.",
            "min_value": "Beløpet kan ikke være negativt.",
            "max_value": "Beløpet er for stort.",
        },
    )
    tekst = limits.text_field(
        Forbruk,
        "tekst",
        label="Tekst",
        help_text="F.eks. «Praksiskompensasjon våren 2026».",
        error_messages={"required": "Skriv hva pengene gikk til."},
    )

    def __init__(self, *args, tildelinger, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        felt = self.fields["tildeling"]
        assert isinstance(felt, forms.ModelChoiceField)
        felt.queryset = tildelinger
        felt.label_from_instance = _tildeling_label  # type: ignore[method-assign]


def _tildeling_label(obj: Tildeling) -> str:
    return f"{obj.tilskudd.kilde} ({obj.aar})"
