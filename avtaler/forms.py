"""The secretariat's forms for the agreements: an agreement with its parties, a new version, an
evaluation, and the link from a sak to the version its vedtak adopted."""

from __future__ import annotations

from django import forms

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin
from helsefellesskap.models import Organ, Partner
from moter.forms import PlainTextMixin
from saker.forms import date_field, sak_choice
from saker.uploads import max_size

from .models import Art, Avtale, Avtaleversjon, Evaluering
from .services import check_avtalefil

MB = 1024 * 1024


def sak_choices() -> forms.ModelChoiceField:
    return sak_choice("Vedtatt i sak")


class AvtaleForm(PlainTextMixin, DsFormMixin, forms.Form):
    FIELDS = (
        "tittel",
        "slug",
        "art",
        "overordnet",
        "status",
        "erstattet_av",
        "ansvarlig_organ",
        "lovgrunnlag",
        "beskrivelse",
        "offentlig",
    )

    tittel = limits.text_field(Avtale, "tittel", label="Tittel")
    slug = forms.SlugField(
        label="Kortnavn i adressen",
        max_length=limits.model_field(Avtale, "slug").max_length,
        help_text="Gir den faste adressen /avtaler/<kortnavn>/. Små bokstaver, tall og "
        "bindestrek, f.eks. «helhetlige-pasientforlop».",
        error_messages={"invalid": "Bruk bare små bokstaver a–z, tall og bindestrek."},
    )
    art = forms.ChoiceField(label="Art", choices=Art.choices)
    overordnet = forms.ModelChoiceField(
        Avtale.objects.all(),
        label="Overordnet avtale",
        required=False,
        empty_label="(ingen)",
        help_text="En delavtale under den overordnede avtalen, en retningslinje under sin "
        "delavtale.",
    )
    status = forms.ChoiceField(label="Status", choices=Avtale.Status.choices)
    erstattet_av = forms.ModelChoiceField(
        Avtale.objects.all(),
        label="Erstattet av",
        required=False,
        empty_label="(ingen)",
        help_text="Må fylles ut når status er «Erstattet».",
    )
    ansvarlig_organ = forms.ModelChoiceField(
        Organ.objects.all(), label="Ansvarlig organ", required=False, empty_label="(ingen)"
    )
    lovgrunnlag = forms.CharField(
        label="Lovgrunnlag",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="F.eks. «helse- og omsorgstjenesteloven § 6-2, spesialisthelsetjenesteloven "
        "§ 2-1e».",
    )
    beskrivelse = forms.CharField(
        label="Beskrivelse", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    offentlig = forms.BooleanField(
        label="Offentlig (vises for alle når avtalen ikke lenger er utkast)", required=False
    )

    def __init__(self, *args, avtale: Avtale | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.avtale = avtale
        if avtale is not None:
            for navn in ("overordnet", "erstattet_av"):
                felt = self.fields[navn]
                assert isinstance(felt, forms.ModelChoiceField)
                felt.queryset = Avtale.objects.exclude(pk=avtale.pk)
        # One row per partner that signs agreements: taking part, and the day it signed.
        self.partnere = list(Partner.objects.filter(avtalepart=True).order_by("navn"))
        for p in self.partnere:
            self.fields[f"part_{p.pk}"] = forms.BooleanField(label=p.navn, required=False)
            self.fields[f"signert_{p.pk}"] = date_field(f"Signert av {p.kortnavn or p.navn}")
            for navn in (f"part_{p.pk}", f"signert_{p.pk}"):
                # Added after DsFormMixin styled the declared fields: styled here alike.
                felt = self.fields[navn]
                felt.widget.attrs["class"] = "ds-input"
                self._describe(navn, felt)

    def part_rows(self):
        return [(p, self[f"part_{p.pk}"], self[f"signert_{p.pk}"]) for p in self.partnere]

    def clean(self):
        data = super().clean()
        for p in self.partnere:
            if data.get(f"signert_{p.pk}") and not data.get(f"part_{p.pk}"):
                self.add_error(f"part_{p.pk}", f"Kryss av for {p.navn} når den har signert.")
        return data

    def avtalefelter(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}

    def parter(self) -> list:
        d = self.cleaned_data
        return [(p, d.get(f"signert_{p.pk}")) for p in self.partnere if d.get(f"part_{p.pk}")]

    @staticmethod
    def initial_from(avtale: Avtale) -> dict:
        initial = {f: getattr(avtale, f) for f in AvtaleForm.FIELDS}
        for part in avtale.avtaleparter.all():
            initial[f"part_{part.partner_id}"] = True
            initial[f"signert_{part.partner_id}"] = part.signert
        return initial


class VersjonForm(PlainTextMixin, DsFormMixin, forms.Form):
    """A new version, or (``versjon`` given) a change to one: then the file is kept unless a new
    one is chosen, and publishing is the page's own button."""

    versjon = limits.text_field(
        Avtaleversjon, "versjon", label="Versjon", help_text="F.eks. «2025» eller «Revidert 2026»."
    )
    gjelder_fra = date_field(
        "Gjelder fra",
        help_text="Versjonen som gjelder før denne datoen avsluttes dagen før.",
    )
    gjelder_til = date_field("Gjelder til", help_text="Tom når versjonen gjelder til videre.")
    vedtatt_i = sak_choices()
    vedtatt_i_tekst = limits.text_field(
        Avtaleversjon,
        "vedtatt_i_tekst",
        label="…eller sak utenfor portalen",
        required=False,
        help_text="F.eks. «SSU-sak 2025.35».",
    )
    vedtatt_dato = date_field("Vedtatt dato", help_text="Tom: møtedatoen til saken.")
    tekst = forms.CharField(
        label="Avtaletekst",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Tom linje gir nytt avsnitt, linjer som starter med «- » blir punktliste.",
    )
    fil = forms.FileField(
        label="…eller fil",
        required=False,
        help_text=f"PDF eller Word (.docx), høyst {max_size() // MB} MB.",
    )
    merknad = limits.text_field(Avtaleversjon, "merknad", label="Merknad", required=False)
    publisert = forms.BooleanField(
        label="Publiser versjonen (vises for alle når avtalen er offentlig)", required=False
    )

    def __init__(self, *args, versjon: Avtaleversjon | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.endres = versjon  # the version changed, None for a new one
        if versjon is not None:
            del self.fields["publisert"]
            self.fields["gjelder_fra"].help_text = (
                "Bare én versjon kan gjelde om gangen: perioden kan ikke overlappe en annen "
                "versjons."
            )
            if versjon.fil:
                self.fields["fil"].label = "Ny fil (erstatter den gamle)"

    FIELDS = (
        "versjon",
        "gjelder_fra",
        "gjelder_til",
        "vedtatt_i",
        "vedtatt_i_tekst",
        "vedtatt_dato",
        "tekst",
        "merknad",
    )

    @staticmethod
    def initial_from(versjon: Avtaleversjon) -> dict:
        return {f: getattr(versjon, f) for f in VersjonForm.FIELDS}

    def versjonfelter(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}

    def clean_fil(self):
        fil = self.cleaned_data.get("fil")
        if fil:
            self.filsjekk = check_avtalefil(fil)
        return fil

    def clean(self):
        data = super().clean()
        har_fil = self.endres is not None and bool(self.endres.fil)
        if (
            not (data.get("tekst") or "").strip()
            and not data.get("fil")
            and not har_fil
            and "fil" not in (self.errors)
        ):
            self.add_error("tekst", "Skriv avtaleteksten eller last opp en fil.")
        if data.get("vedtatt_i") and data.get("vedtatt_i_tekst"):
            self.add_error(
                "vedtatt_i_tekst", "Velg enten en sak i portalen eller skriv saken, ikke begge."
            )
        fra, til = data.get("gjelder_fra"), data.get("gjelder_til")
        if fra and til and til < fra:
            self.add_error("gjelder_til", "«Gjelder til» kan ikke være før «gjelder fra».")
        return data


class EvalueringForm(PlainTextMixin, DsFormMixin, forms.Form):
    FIELDS = (
        "art",
        "tittel",
        "planlagt",
        "planlagt_tekst",
        "ansvarlig_organ",
        "ansvarlig",
        "status",
        "behandlet_i",
        "utfall",
    )

    art = forms.ChoiceField(label="Art", choices=Evaluering.Art.choices)
    tittel = limits.text_field(
        Evaluering,
        "tittel",
        label="Beskrivelse",
        required=False,
        help_text="F.eks. «Første evaluering».",
    )
    planlagt = date_field("Planlagt dato")
    planlagt_tekst = limits.text_field(
        Evaluering,
        "planlagt_tekst",
        label="…eller når",
        required=False,
        help_text="F.eks. «Behandles i SSU 27. november 2026».",
    )
    ansvarlig_organ = forms.ModelChoiceField(
        Organ.objects.all(), label="Ansvarlig organ", required=False, empty_label="(ingen)"
    )
    ansvarlig = limits.text_field(
        Evaluering,
        "ansvarlig",
        label="Ansvarlig",
        required=False,
        help_text="F.eks. «Sekretariatet».",
    )
    status = forms.ChoiceField(label="Status", choices=Evaluering.Status.choices)
    behandlet_i = sak_choices()
    utfall = forms.CharField(
        label="Utfall", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behandlet_i"].label = "Behandlet i sak"

    def clean(self):
        data = super().clean()
        if (
            not data.get("planlagt")
            and not data.get("planlagt_tekst")
            and not (self.errors.get("planlagt"))
        ):
            self.add_error("planlagt", "Oppgi dato eller skriv når evalueringen skal skje.")
        return data

    def felter(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}

    @staticmethod
    def initial_from(evaluering: Evaluering) -> dict:
        return {f: getattr(evaluering, f) for f in EvalueringForm.FIELDS}


class VersjonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Avtaleversjon) -> str:
        return f"{obj.avtale.tittel} – versjon {obj.versjon}"


class AvtaleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Avtale) -> str:
        return f"{obj.tittel} ({obj.get_status_display().lower()})"


class KnyttForm(PlainTextMixin, DsFormMixin, forms.Form):
    """From a sak's page: «denne saken vedtar versjon X av avtale Y», or «denne saken starter
    revisjon av avtale Y»."""

    VEDTAR = "vedtar"
    REVISJON = "revisjon"

    handling = forms.ChoiceField(
        label="Hva gjør vedtaket i saken?",
        choices=[
            (VEDTAR, "Vedtar en versjon av en avtale"),
            (REVISJON, "Starter revisjon av en avtale"),
        ],
        widget=forms.RadioSelect,
        initial=VEDTAR,
        required=False,  # left out: «vedtar», the form's first use
        error_messages={
            "required": "Velg hva vedtaket gjør.",
            "invalid_choice": "Velg hva vedtaket gjør.",
        },
    )
    versjon = VersjonChoice(
        Avtaleversjon.objects.select_related("avtale").order_by("avtale__tittel", "-gjelder_fra"),
        label="Avtaleversjon",
        required=False,
        empty_label="Velg avtale og versjon",
        help_text="Versjonen som vedtaket i saken vedtar.",
    )
    avtale = AvtaleChoice(
        Avtale.objects.in_force().order_by("tittel"),
        label="Avtale som skal revideres",
        required=False,
        empty_label="Velg avtale",
        help_text="Avtalen får status «under revisjon» og gjelder til en revidert versjon "
        "erstatter den.",
        error_messages={"invalid_choice": "Velg en vedtatt avtale fra listen."},
    )
    planlagt = date_field(
        "Revidert versjon planlagt", help_text="Datoen revisjonen skal være ferdig."
    )
    planlagt_tekst = limits.text_field(
        Evaluering,
        "planlagt_tekst",
        label="…eller når",
        required=False,
        help_text="F.eks. «Første halvår 2026».",
    )

    def clean(self):
        data = super().clean()
        if not data.get("handling") and "handling" not in self.errors:
            data["handling"] = self.VEDTAR
        handling = data.get("handling")
        if handling == self.VEDTAR:
            versjon = data.get("versjon")
            if versjon is None and "versjon" not in self.errors:
                self.add_error("versjon", "Velg versjonen saken vedtar.")
            elif versjon is not None and versjon.vedtatt_i_id is not None:
                self.add_error(
                    "versjon",
                    f"Versjonen er allerede knyttet til sak {versjon.vedtatt_i.saksnr}.",
                )
        elif handling == self.REVISJON:
            if data.get("avtale") is None and "avtale" not in self.errors:
                self.add_error("avtale", "Velg avtalen som skal revideres.")
            if (
                not data.get("planlagt")
                and not data.get("planlagt_tekst")
                and "planlagt" not in self.errors
            ):
                self.add_error("planlagt", "Oppgi når den reviderte versjonen skal være ferdig.")
        return data
