"""The plan's filters and the secretariat's forms: a plan, its innsatsområder and tiltak, a
grant with its letter, an allocation, a status report on a tiltak, spending against an
allocation. A bad filter is left out with a Norwegian remark; a form with errors
comes back with each error at its field and everything typed kept."""

from __future__ import annotations

from django import forms

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin
from helsefellesskap.models import Organ, Person
from moter.forms import PlainTextMixin
from saker.forms import OrganFilter, date_field, sak_choice
from saker.models import Vedlegg
from saker.uploads import check_vedlegg, max_size

from .models import (
    Arbeidsform,
    Forbruk,
    Handlingsplan,
    Innsatsomrade,
    Status,
    Statusrapport,
    Strategiplan,
    Tildeling,
    Tilskudd,
    Tiltak,
)

MB = 1024 * 1024
# Long texts (mål, mandat, vilkår): as the status report's text.
TEKST_MAKS = 20_000


def _long_text(label: str, **kwargs) -> forms.CharField:
    """An optional long text (mål, mandat, vilkår, a description), up to ``TEKST_MAKS``."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEKST_MAKS,
        widget=forms.Textarea(attrs={"rows": 4}),
        **kwargs,
    )


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
    rapportert_i = sak_choice("Rapportert i sak")
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


def _aar_field(label: str = "År", **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Oppgi året med fire sifre, f.eks. 2026.",
            "min_value": "Oppgi et år fra 2000 til 2100.",
            "max_value": "Oppgi et år fra 2000 til 2100.",
        },
        **kwargs,
    )


def _belop_field(model, label: str = "Beløp (kr)", **kwargs) -> forms.IntegerField:
    return limits.integer_field(
        model,
        "belop",
        label=label,
        error_messages={
            "invalid": "Oppgi beløpet i hele kroner, uten mellomrom, f.eks. 700000.",
            "required": "Oppgi beløpet.",
            "min_value": "Beløpet kan ikke være negativt.",
            "max_value": "Beløpet er for stort.",
        },
        **kwargs,
    )


class _Fields:
    """The form's fields that are the service's arguments, and the initial values of an
    object's form (``FIELDS``)."""

    FIELDS: tuple[str, ...] = ()
    cleaned_data: dict

    def felter(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}

    @classmethod
    def initial_from(cls, obj) -> dict:
        return {f: getattr(obj, f) for f in cls.FIELDS}


class PlanForm(_Fields, PlainTextMixin, DsFormMixin, forms.Form):
    """A year's plan. Publishing is offered while the plan is a draft; once published it stays
    so."""

    FIELDS = (
        "aar",
        "tittel",
        "strategiplan",
        "vedtatt_i",
        "vedtatt_i_tekst",
        "mandat",
        "beskrivelse",
    )

    aar = _aar_field()
    tittel = limits.text_field(
        Handlingsplan,
        "tittel",
        label="Tittel",
        required=False,
        help_text="Tom: «Handlingsplan for Helsefellesskapet <år>».",
    )
    strategiplan = forms.ModelChoiceField(
        Strategiplan.objects.all(),
        label="Strategiplan",
        required=False,
        empty_label="(ingen)",
        error_messages={"invalid_choice": "Velg en strategiplan i listen."},
    )
    vedtatt_i = sak_choice("Vedtatt i sak")
    vedtatt_i_tekst = limits.text_field(
        Handlingsplan,
        "vedtatt_i_tekst",
        label="…eller sak utenfor portalen",
        required=False,
        help_text="F.eks. «SSU-sak 2025.40».",
    )
    mandat = _long_text(
        "Mandat",
        help_text="F.eks. mandatet fra partnerskapsmøtet. Tom linje gir nytt avsnitt.",
    )
    beskrivelse = _long_text("Beskrivelse")
    publiser = forms.BooleanField(
        label="Publiser planen (vises for alle; kan ikke trekkes tilbake)", required=False
    )

    def __init__(self, *args, plan: Handlingsplan | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None and plan.publisert is not None:
            del self.fields["publiser"]

    def clean(self):
        data = super().clean()
        if data.get("vedtatt_i") and data.get("vedtatt_i_tekst"):
            self.add_error(
                "vedtatt_i_tekst", "Velg enten en sak i portalen eller skriv saken, ikke begge."
            )
        return data


class InnsatsomradeForm(_Fields, PlainTextMixin, DsFormMixin, forms.Form):
    FIELDS = ("tittel", "beskrivelse", "rekkefolge")

    tittel = limits.text_field(
        Innsatsomrade,
        "tittel",
        label="Tittel",
        help_text="F.eks. «Barn og unge» eller «Skrøpelige eldre».",
    )
    beskrivelse = _long_text("Beskrivelse")
    rekkefolge = limits.integer_field(
        Innsatsomrade,
        "rekkefolge",
        label="Rekkefølge",
        required=False,
        max_value=9999,
        help_text="Lavest først. Tom: sist i planen.",
        error_messages={
            "invalid": "Oppgi et heltall, f.eks. 10.",
            "min_value": "Rekkefølgen kan ikke være negativ.",
            "max_value": "Oppgi et tall til og med 9999.",
        },
    )


class KontaktpersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.navn}, {obj.stilling}" if obj.stilling else obj.navn


class TiltakForm(_Fields, PlainTextMixin, DsFormMixin, forms.Form):
    FIELDS = (
        "innsatsomrade",
        "tittel",
        "mal",
        "arbeidsform",
        "ansvarlig_organ",
        "kontaktpersoner",
        "fra_aar",
        "til_aar",
        "status",
    )

    innsatsomrade = forms.ModelChoiceField(
        Innsatsomrade.objects.none(),
        label="Innsatsområde",
        empty_label=None,
        error_messages={"invalid_choice": "Velg et innsatsområde i listen."},
    )
    tittel = limits.text_field(Tiltak, "tittel", label="Tittel")
    mal = _long_text("Mål")
    arbeidsform = forms.ChoiceField(
        label="Arbeidsform",
        choices=Arbeidsform.choices,
        error_messages={"invalid_choice": "Velg en arbeidsform i listen."},
    )
    ansvarlig_organ = forms.ModelChoiceField(
        Organ.objects.order_by("navn"),
        label="Ansvarlig organ",
        required=False,
        empty_label="(ingen)",
        error_messages={"invalid_choice": "Velg et organ i listen."},
    )
    kontaktpersoner = KontaktpersonChoices(
        Person.objects.order_by("navn"),
        label="Kontaktpersoner",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (Cmd på Mac) nede for å velge flere.",
        error_messages={"invalid_choice": "Velg personer i listen."},
    )
    fra_aar = _aar_field("Fra år", required=False)
    til_aar = _aar_field("Til år", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        help_text="Statusrapporter endrer også statusen.",
        error_messages={"invalid_choice": "Velg en av statusene i listen."},
    )

    def __init__(self, *args, plan: Handlingsplan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        felt = self.fields["innsatsomrade"]
        assert isinstance(felt, forms.ModelChoiceField)
        felt.queryset = plan.innsatsomrader.all()

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra_aar"), data.get("til_aar")
        if fra and til and til < fra:
            self.add_error("til_aar", "«Til år» kan ikke være før «fra år».")
        return data

    @classmethod
    def initial_from(cls, obj) -> dict:
        initial = super().initial_from(obj)
        initial["kontaktpersoner"] = list(obj.kontaktpersoner.all())
        return initial


class VedleggChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Vedlegg) -> str:
        sak = obj.sak
        navn = f"{sak.organ.kortnavn}-sak {sak.saksnr}" if sak.saksnr else sak.tittel[:60]
        return f"{navn}: {obj.tittel}"


class TilskuddForm(_Fields, PlainTextMixin, DsFormMixin, forms.Form):
    """A grant. Its letter is a vedlegg already in the portal, or a file uploaded here to the
    sak it came to (checked as every vedlegg is: size, type by content)."""

    FIELDS = (
        "kilde",
        "formal",
        "aar",
        "belop",
        "tilsagnsbrev",
        "vilkar",
        "rapporteringsfrist",
    )

    kilde = limits.text_field(
        Tilskudd,
        "kilde",
        label="Kilde",
        help_text="F.eks. «Helsedirektoratet – rekrutterings- og samhandlingstilskudd».",
    )
    formal = limits.text_field(Tilskudd, "formal", label="Formål", required=False)
    aar = _aar_field()
    belop = _belop_field(
        Tilskudd,
        label="Innvilget beløp (kr)",
        required=False,
        help_text="Hele kroner, f.eks. 700000. Tom: ikke oppgitt.",
    )
    vilkar = _long_text("Vilkår")
    rapporteringsfrist = date_field("Rapporteringsfrist")
    tilsagnsbrev = VedleggChoice(
        Vedlegg.objects.exclude(fil="")
        .filter(sak__mote__isnull=False)
        .select_related("sak__organ")
        .order_by("-sak__mote__start", "sak__rekkefolge", "rekkefolge"),
        label="Tilsagnsbrev",
        required=False,
        empty_label="(ikke i portalen)",
        help_text="Et vedlegg som allerede ligger i en sak.",
        error_messages={"invalid_choice": "Velg et vedlegg i listen."},
    )
    brev_fil = forms.FileField(
        label="…eller last opp tilsagnsbrevet",
        required=False,
        help_text=f"PDF, Word, Excel, PowerPoint, PNG eller JPEG, høyst {max_size() // MB} MB. "
        "Blir vedlegg i saken du velger under.",
    )
    brev_sak = sak_choice("Saken brevet legges i")
    brev_offentlig = forms.BooleanField(
        label="Tilsagnsbrevet er offentlig", required=False, initial=True
    )

    def clean_brev_fil(self):
        fil = self.cleaned_data.get("brev_fil")
        if fil:
            self.filsjekk = check_vedlegg(fil)
        return fil

    def clean(self):
        data = super().clean()
        fil = data.get("brev_fil")
        if fil and data.get("tilsagnsbrev"):
            self.add_error("brev_fil", "Velg enten et vedlegg i listen eller last opp en fil.")
        if fil and not data.get("brev_sak") and "brev_sak" not in self.errors:
            self.add_error("brev_sak", "Velg saken tilsagnsbrevet skal ligge i.")
        return data


class TilskuddChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tilskudd) -> str:
        belop = f"{obj.belop:,} kr".replace(",", "\u00a0") if obj.belop is not None else "–"
        return f"{obj} – innvilget {belop}"


class TildelingForm(PlainTextMixin, DsFormMixin, forms.Form):
    """Part of a grant to a tiltak for a year; the same grant and year again changes that
    allocation."""

    tilskudd = TilskuddChoice(
        Tilskudd.objects.all(),
        label="Tilskudd",
        empty_label="Velg tilskudd",
        error_messages={
            "required": "Velg tilskuddet midlene kommer fra.",
            "invalid_choice": "Velg et tilskudd i listen.",
        },
    )
    aar = _aar_field()
    belop = _belop_field(
        Tildeling,
        label="Tildelt beløp (kr)",
        help_text="Hele kroner, f.eks. 700000. Mer enn det som er igjen av tilskuddet er lov, "
        "men vises med en advarsel.",
    )
    merknad = limits.text_field(Tildeling, "merknad", label="Merknad", required=False)
