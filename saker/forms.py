from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin, ListFilter
from helsefellesskap.models import Organ, Person
from moter.forms import PersonChoices, PlainTextMixin
from moter.models import Deltaker
from moter.services import LOCKED_REFERAT

from .models import Inhabilitet, Oppfolging, Referatversjon, Sak, Saksforbindelse, Sakstype, Vedlegg
from .services import ansvar_error
from .services.forbindelser import RETNINGER
from .uploads import check_vedlegg, max_size

MB = 1024 * 1024


class SakForm(PlainTextMixin, DsFormMixin, forms.Form):
    # The form's fields that are fields of the sak (the rest: ansvar, the new vedlegg, locking).
    SAKFELTER = (
        "tittel",
        "sakstyper",
        "saksbehandler",
        "arkivsaksid",
        "varighet",
        "hensikt",
        "forslag_til_vedtak",
        "faktagrunnlag",
        "vurdering",
        "unntatt_offentlighet",
        "hjemmel",
        "offentlig_tittel",
    )

    tittel = limits.text_field(Sak, "tittel", label="Tittel")
    sakstyper = forms.MultipleChoiceField(
        label="Sakstype",
        choices=Sakstype.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Én eller flere, f.eks. Orientering og Diskusjon.",
    )
    ansvar = forms.CharField(
        label="Ansvar",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Én per linje: personer (navn) eller et organ/en enhet som tekst, "
        "f.eks. «Fagutvalg HR».",
    )
    saksbehandler = PersonChoices(
        Person.objects.order_by("navn"),
        label="Saksbehandler",
        required=False,
        empty_label="(ingen)",
    )
    arkivsaksid = limits.text_field(
        Sak,
        "arkivsaksid",
        label="Saksid i arkivet",
        required=False,
        help_text="F.eks. 26/02136-16.",
    )
    varighet = forms.IntegerField(
        label="Planlagt varighet (minutter)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="Gir starttid for hver sak i sakslisten.",
    )
    hensikt = forms.CharField(
        label="Hensikten med saken / beskrivelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vises i sakslisten. Tom linje gir nytt avsnitt; linjer som starter med "
        "«- » blir punktliste.",
    )
    forslag_til_vedtak = forms.CharField(
        label="Forslag til vedtak",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nummererte punkter skrives som «1. », «2. » på egne linjer.",
    )
    faktagrunnlag = forms.CharField(
        label="Faktagrunnlag", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    vurdering = forms.CharField(
        label="Vurdering", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    unntatt_offentlighet = forms.BooleanField(label="Unntatt offentlighet", required=False)
    hjemmel = limits.text_field(
        Sak, "hjemmel", label="Hjemmel", required=False, help_text="F.eks. «Offl. § 14»."
    )
    offentlig_tittel = limits.text_field(
        Sak,
        "offentlig_tittel",
        label="Offentlig tittel",
        required=False,
        help_text="Skjermet tittel allmennheten ser. Tom: «Unntatt offentlighet, offl. § …».",
    )
    # One new attachment with the same form: an upload error keeps everything else typed.
    vedlegg_tittel = limits.text_field(
        Vedlegg, "tittel", label="Tittel på vedlegget", required=False
    )
    vedlegg_fil = forms.FileField(
        label="Fil",
        required=False,
        help_text=f"PDF, Word, Excel, PowerPoint, PNG eller JPEG, høyst {max_size() // MB} MB.",
    )
    vedlegg_url = forms.URLField(
        label="…eller lenke",
        required=False,
        max_length=limits.model_field(Vedlegg, "url").max_length,
        assume_scheme="https",
        validators=limits.model_validators(Vedlegg, "url"),
        help_text="Til et publisert dokument, i stedet for en fil.",
    )
    vedlegg_offentlig = forms.BooleanField(
        label="Vedlegget er offentlig",
        required=False,
        initial=True,
        help_text="Vedleggene til en sak som er unntatt offentlighet, ser allmennheten ikke.",
    )
    # When the editor loaded the sak: a save over someone else's newer save is refused.
    sist_sett = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def clean_ansvar(self):
        ansvar = self.cleaned_data["ansvar"]
        feil = ansvar_error(ansvar.splitlines())
        if feil:
            raise ValidationError(feil, code="for_lang")
        return ansvar

    def clean_vedlegg_fil(self):
        fil = self.cleaned_data.get("vedlegg_fil")
        if fil:
            self.filsjekk = check_vedlegg(fil)
        return fil

    def clean(self):
        data = super().clean()
        if data.get("unntatt_offentlighet") and not data.get("hjemmel"):
            self.add_error("hjemmel", "Oppgi hjemmel når saken er unntatt offentlighet.")
        fil, url = data.get("vedlegg_fil"), data.get("vedlegg_url")
        if fil and url:
            self.add_error("vedlegg_url", "Velg enten en fil eller en lenke, ikke begge.")
        if (fil or url) and not data.get("vedlegg_tittel"):
            if fil:
                # «.pdf» has no name before its ending: then the whole name is the title.
                data["vedlegg_tittel"] = fil.name.rsplit(".", 1)[0] or fil.name
            else:
                self.add_error("vedlegg_tittel", "Gi lenken en tittel.")
        return data

    def ansvar_list(self) -> list[Person | str]:
        """Lines that name a registered person become that person; the rest stay text."""
        linjer = [
            line.strip()
            for line in self.cleaned_data.get("ansvar", "").splitlines()
            if line.strip()
        ]
        personer = {p.navn.lower(): p for p in Person.objects.filter(navn__in=linjer)}
        return [personer.get(line.lower(), line) for line in linjer]

    def sakfelter(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.SAKFELTER}

    @staticmethod
    def initial_from(sak: Sak) -> dict:
        initial = {f: getattr(sak, f) for f in SakForm.SAKFELTER}
        initial["ansvar"] = "\n".join(str(a) for a in sak.ansvar.select_related("person"))
        initial["sist_sett"] = sak.endret.isoformat()
        # A new vedlegg of an exempt sak starts as not public: should the sak be opened later,
        # its vedlegg stay with the members until someone decides otherwise.
        initial["vedlegg_offentlig"] = not sak.unntatt_offentlighet
        return initial


class LineForm(PlainTextMixin, DsFormMixin, forms.Form):
    """A quick line at the foot of the agenda editor: a new sak or an unnumbered line."""

    tittel = limits.text_field(Sak, "tittel", label="Tittel")
    type = forms.ChoiceField(
        label="Type",
        choices=[("sak", "Sak"), ("pause", "Pause"), ("annet", "Annen linje (uten nummer)")],
        initial="sak",
    )
    sakstype = forms.ChoiceField(
        label="Sakstype", choices=[("", "(velg senere)"), *Sakstype.choices], required=False
    )


class ImportForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label="JSON-fil (mote/1)",
        help_text="Ett møte i utvekslingsformatet mote/1. Møtet importeres helt eller ikke i det "
        "hele tatt.",
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > 5 * MB:
            raise ValidationError("Filen er for stor (høyst 5 MB).")
        return fil


class ReferatSakForm(PlainTextMixin, DsFormMixin, forms.Form):
    protokoll = forms.CharField(
        label="Møtebehandling",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Hva som ble sagt. Tom linje gir nytt avsnitt, «- » gir punktliste.",
    )
    vedtak = forms.CharField(
        label="Vedtak/konklusjon",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # When the text was loaded (optimistic locking, as for the sak form); «overskriv» is sent
    # by the button that saves over a newer text on purpose.
    sist_sett = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    overskriv = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sak: Sak, **kwargs):
        # Unique ids per sak: the referat page holds one form per sak.
        kwargs.setdefault("prefix", f"sak{sak.pk}")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("sist_sett", sak.endret.isoformat())
        super().__init__(*args, **kwargs)
        self.fields["vedtak"].label = sak.vedtaksord.capitalize()

    def set_last(self) -> datetime.datetime | None:
        return self.cleaned_data.get("overskriv") or self.cleaned_data.get("sist_sett")


ENDRINGSBEGRUNNELSE = "Begrunnelse for endringen"
ENDRINGSHJELP = "Referatet er godkjent. Endringen lagres som en ny versjon med begrunnelsen."


class RettForm(ReferatSakForm):
    begrunnelse = limits.text_field(
        Referatversjon, "begrunnelse", label=ENDRINGSBEGRUNNELSE, help_text=ENDRINGSHJELP
    )


class ChangeForm(PlainTextMixin, DsFormMixin, forms.Form):
    """The reason a form on a locked referat asks for (one per form: give each a prefix)."""

    begrunnelse = limits.text_field(
        Referatversjon, "begrunnelse", label=ENDRINGSBEGRUNNELSE, help_text=ENDRINGSHJELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["begrunnelse"].error_messages["required"] = LOCKED_REFERAT


class GodkjennForm(PlainTextMixin, DsFormMixin, forms.Form):
    overstyring = forms.CharField(
        label="Begrunnelse for å godkjenne før møtet er markert som avholdt",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="F.eks. «Godkjent i møtet; møtet markeres som avholdt etterpå».",
    )
    bekreftet = forms.BooleanField(
        label="Jeg har lest advarslene og vil godkjenne referatet likevel", required=False
    )


class OppfolgingForm(PlainTextMixin, DsFormMixin, forms.Form):
    beskrivelse = forms.CharField(label="Oppfølging", max_length=1000)
    ansvarlig = PersonChoices(
        Person.objects.order_by("navn"), label="Ansvarlig", required=False, empty_label="(ingen)"
    )
    frist = forms.DateField(
        label="Frist",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.in_aarspenn],
    )

    def __init__(self, *args, sak: Sak, **kwargs):
        kwargs.setdefault("prefix", f"oppf{sak.pk}")
        super().__init__(*args, **kwargs)


class InhabilForm(PlainTextMixin, DsFormMixin, forms.Form):
    person = PersonChoices(Person.objects.none(), label="Inhabil", empty_label="Velg person")
    begrunnelse = limits.text_field(Inhabilitet, "begrunnelse", label="Begrunnelse")

    def __init__(self, *args, sak: Sak, personer, **kwargs):
        kwargs.setdefault("prefix", f"inhabil{sak.pk}")
        super().__init__(*args, **kwargs)
        cast(PersonChoices, self.fields["person"]).queryset = personer


class EventueltForm(PlainTextMixin, DsFormMixin, forms.Form):
    tittel = limits.text_field(Sak, "tittel", label="Tittel på saken")
    protokoll = forms.CharField(
        label="Møtebehandling", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    vedtak = forms.CharField(
        label="Konklusjon", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "eventuelt")
        super().__init__(*args, **kwargs)


class GjestForm(PlainTextMixin, DsFormMixin, forms.Form):
    navn = limits.text_field(Person, "navn", label="Navn")
    rolle = forms.ChoiceField(
        label="Rolle", choices=[("innleder", "Innleder (legger frem en sak)"), ("gjest", "Gjest")]
    )
    moter_for = forms.ModelChoiceField(
        Person.objects.none(),
        label="Møter for (valgfritt)",
        required=False,
        help_text="Når personen møter i stedet for et medlem; registreres som vara.",
        error_messages={"invalid_choice": "Velg et medlem i listen."},
    )
    merknad = limits.text_field(
        Deltaker, "merknad", label="Merknad", required=False, help_text="F.eks. «sak 2024.6»."
    )

    def __init__(self, *args, personer=None, **kwargs):
        kwargs.setdefault("prefix", "gjest")
        super().__init__(*args, **kwargs)
        if personer is not None:
            self.fields["moter_for"].queryset = personer


class SaksforbindelseForm(PlainTextMixin, DsFormMixin, forms.Form):
    """«Koble til en annen sak» on a case's path."""

    retning = forms.ChoiceField(
        label="Forbindelse",
        choices=[("", "Velg …"), *RETNINGER],
        error_messages={"invalid_choice": "Velg en forbindelse i listen."},
    )
    organ = forms.ModelChoiceField(
        Organ.objects.order_by("rekkefolge", "navn"),
        label="Organ",
        empty_label="Velg organ",
        error_messages={"invalid_choice": "Velg et organ i listen."},
    )
    saksnr = limits.text_field(Sak, "saksnr", label="Saksnummer", help_text="F.eks. 2025/36.")
    merknad = limits.text_field(
        Saksforbindelse, "merknad", label="Merknad (valgfritt)", required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "forbindelse")
        super().__init__(*args, **kwargs)


# --- The filters of the lists -------------------------------------------------------------------


class OrganFilter(ListFilter):
    organ = limits.text_field(Organ, "slug", label="Organ", required=False)

    def clean_organ(self) -> Organ | None:
        slug = self.cleaned_data["organ"]
        if not slug:
            return None
        organ = Organ.objects.filter(slug__iexact=slug).first()
        if organ is None:
            raise ValidationError("Fant ikke organet.", code="ukjent")
        return organ


class VedtakFilter(OrganFilter):
    aar = limits.integer_field(
        Sak,
        "aar",
        label="År",
        required=False,
        min_value=limits.AAR_FROM,
        max_value=limits.AAR_TO,
        error_messages={
            "invalid": "Oppgi et årstall, f.eks. 2026.",
            "min_value": f"Oppgi et år mellom {limits.AAR_FROM} og {limits.AAR_TO}.",
            "max_value": f"Oppgi et år mellom {limits.AAR_FROM} og {limits.AAR_TO}.",
        },
    )


class OppfolgingFilter(VedtakFilter):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=Oppfolging.Status.choices,
        error_messages={"invalid_choice": "Velg en av statusene i listen."},
    )


class SokFilter(VedtakFilter):
    """The filters of the search page (``/sok/``): a bad value is left out with a remark."""

    sakstype = forms.ChoiceField(
        label="Sakstype",
        required=False,
        choices=Sakstype.choices,
        error_messages={"invalid_choice": "Velg en av sakstypene i listen."},
    )
    har_vedtak = forms.BooleanField(label="Bare saker med vedtak", required=False)


class SokForm(DsFormMixin, forms.Form):
    """The search words: too long or with NUL, the search is refused with a message at the
    field (the words stay in it)."""

    q = forms.CharField(
        label="Søkeord",
        required=False,
        max_length=200,
        help_text="Søk i saker, vedlegg og møter, f.eks. «fastlege» eller et saksnummer. Bruk "
        "«-ord» for å utelate et ord og anførselstegn for en frase.",
        error_messages={
            "max_length": "Søket kan være høyst %(limit_value)d tegn (det har %(show_value)d). "
            "Forkort det og søk igjen."
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        felt = self.fields["q"]
        felt.validators = [
            ProhibitNullCharactersValidator(message="Søket inneholder et ugyldig tegn (NUL).")
            if isinstance(v, ProhibitNullCharactersValidator)
            else v
            for v in felt.validators
        ]


# --- Fields the apps built on saker share (avtaler, handlingsplan) ----------------------------


def date_field(label: str, **kwargs) -> forms.DateField:
    """A date from the browser's date picker, within the years the portal takes, with Norwegian
    messages. Optional unless the caller says ``required=True``."""
    kwargs.setdefault("required", False)
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Oppgi en dato som finnes i kalenderen, f.eks. 7.5.2026.",
            "required": "Oppgi datoen.",
        },
        validators=[limits.in_aarspenn],
        **kwargs,
    )


class SakChoice(forms.ModelChoiceField):
    """A sak on a meeting, named as the registers name it: «SSU-sak 18/26 … (07.05.26)»."""

    def label_from_instance(self, obj: Sak) -> str:
        dato = timezone.localtime(obj.mote.start).strftime("%d.%m.%y") if obj.mote else ""
        return f"{obj.organ.kortnavn}-sak {obj.saksnr} {obj.tittel[:80]} ({dato})"


def sak_choice(label: str) -> SakChoice:
    """An optional choice of a numbered sak on a meeting, newest meeting first: the sak another
    app's record was adopted, reported or treated in (an agreement version, a plan, a status
    report); «(ingen sak i portalen)» when it is outside the portal."""
    return SakChoice(
        Sak.objects.saker()
        .filter(mote__isnull=False)
        .exclude(saksnr="")
        .select_related("mote", "organ")
        .order_by("-mote__start", "rekkefolge"),
        label=label,
        required=False,
        empty_label="(ingen sak i portalen)",
        error_messages={"invalid_choice": "Velg en sak i listen."},
    )
