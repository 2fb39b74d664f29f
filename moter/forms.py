from __future__ import annotations

import datetime
import re
from typing import cast

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from helsefellesskap import limits
from helsefellesskap.forms import DsFormMixin, ListFilter
from helsefellesskap.models import Organ, Partner, Person, Verv

from .models import Deltaker, Meldingsmal, Mote


class PersonChoices(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.navn}, {obj.stilling}" if obj.stilling else obj.navn


def _personer():
    return Person.objects.select_related("partner").order_by("navn")


# As the mote/1 import refuses: C0 control characters other than tab and line breaks.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def without_control_characters(tekst: str) -> str:
    """Text pasted from Word and the like can carry invisible control characters; a line or
    page break (VT, FF) becomes a line break and the rest go, so what is saved can be exported
    and imported again (and NUL never reaches PostgreSQL)."""
    return _CONTROL_CHARACTERS.sub("", tekst.replace("\x0b", "\n").replace("\x0c", "\n"))


def _clean(data):
    if hasattr(data, "lists"):  # a QueryDict
        plain = data.copy()
        for k, values in data.lists():
            plain.setlist(
                k, [without_control_characters(v) if isinstance(v, str) else v for v in values]
            )
        return plain
    return {k: without_control_characters(v) if isinstance(v, str) else v for k, v in data.items()}


class PlainTextMixin(forms.BaseForm):
    """Removes invisible control characters from everything typed into the form."""

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = _clean(self.data)
        super().full_clean()


class MoteForm(PlainTextMixin, DsFormMixin, forms.Form):
    organ = forms.ModelChoiceField(Organ.objects.all(), label="Organ", empty_label="Velg organ")
    dato = forms.DateField(
        label="Dato",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."},
        # Parsing needs it too: a year far outside overflows when the time is made.
        validators=[limits.in_aarspenn],
    )
    starttid = forms.TimeField(
        label="Starttid",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Oppgi et klokkeslett mellom 00:00 og 23:59, f.eks. 13:00."},
    )
    sluttid = forms.TimeField(
        label="Sluttid",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Oppgi et klokkeslett mellom 00:00 og 23:59, f.eks. 15:30."},
    )
    sted = limits.text_field(
        Mote,
        "sted",
        label="Møtested",
        required=False,
        help_text="F.eks. «Big Room SiV, prosjektrigg, bygg V3».",
    )
    digital_lenke = forms.URLField(
        label="Lenke til digitalt møte",
        required=False,
        max_length=limits.model_field(Mote, "digital_lenke").max_length,
        assume_scheme="https",
        validators=limits.model_validators(Mote, "digital_lenke"),
        help_text="Teams-lenke eller lignende, hvis møtet er digitalt.",
    )
    tittel = limits.text_field(
        Mote,
        "tittel",
        label="Tittel",
        required=False,
        help_text="Bare for møter som ikke er ordinære, f.eks. «Strategisamling».",
    )
    til = limits.text_field(
        Mote,
        "til",
        label="Til",
        required=False,
        help_text="Mottakerne av innkallingen. Tom gir «SSUs faste medlemmer».",
    )
    moteleder = PersonChoices(_personer(), label="Møteleder", required=False, empty_label="(ingen)")
    referent = PersonChoices(_personer(), label="Referent", required=False, empty_label="(ingen)")
    forfall_meldes_til = PersonChoices(
        _personer(), label="Forfall meldes til", required=False, empty_label="(ingen)"
    )
    offentlig = forms.BooleanField(
        label="Innkalling og referat kan publiseres for allmennheten", required=False, initial=True
    )
    signert_dato = forms.DateField(
        label="Saksframleggene signeres den",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Oppgi en dato som finnes i kalenderen, f.eks. 29.04.2026."},
        validators=[limits.in_aarspenn],
        help_text="Tom: datoen innkallingen sendes. Uten noen av dem signeres saksframleggene "
        "uten dato.",
    )

    def __init__(
        self, *args, mote: Mote | None = None, organer: QuerySet[Organ] | None = None, **kwargs
    ):
        """``organer``: the bodies a new meeting may be for (those the user runs)."""
        if mote is not None and "initial" not in kwargs:
            start = timezone.localtime(mote.start)
            kwargs["initial"] = {
                "organ": mote.organ,
                "dato": start.date(),
                "starttid": start.time(),
                "sluttid": timezone.localtime(mote.slutt).time() if mote.slutt else None,
                "sted": mote.sted,
                "digital_lenke": mote.digital_lenke,
                "tittel": mote.tittel,
                "til": mote.til,
                "moteleder": mote.moteleder,
                "referent": mote.referent,
                "forfall_meldes_til": mote.forfall_meldes_til,
                "offentlig": mote.offentlig,
                "signert_dato": mote.signert_dato,
            }
        super().__init__(*args, **kwargs)
        if mote is not None:
            # A meeting stays in its body: its case numbers belong to that body.
            del self.fields["organ"]
        elif organer is not None:
            cast(forms.ModelChoiceField, self.fields["organ"]).queryset = organer

    def clean(self):
        data = super().clean()
        dato, start, slutt = data.get("dato"), data.get("starttid"), data.get("sluttid")
        if dato and start and slutt and slutt <= start:
            self.add_error("sluttid", "Sluttid må være etter starttid.")
        # «Møtested eller lenke» is the meeting's own rule (Mote.clean): the service refuses
        # and the view puts its message at «sted».
        return data

    def tider(self) -> tuple[datetime.datetime, datetime.datetime | None]:
        tz = timezone.get_current_timezone()
        d = self.cleaned_data
        start = datetime.datetime.combine(d["dato"], d["starttid"], tzinfo=tz)
        slutt = (
            datetime.datetime.combine(d["dato"], d["sluttid"], tzinfo=tz)
            if d.get("sluttid")
            else None
        )
        return start, slutt

    def felter(self) -> dict:
        start, slutt = self.tider()
        d = self.cleaned_data
        return {
            "start": start,
            "slutt": slutt,
            "sted": d["sted"],
            "digital_lenke": d["digital_lenke"],
            "tittel": d["tittel"],
            "til": d["til"],
            "moteleder": d["moteleder"],
            "referent": d["referent"],
            "forfall_meldes_til": d["forfall_meldes_til"],
            "offentlig": d["offentlig"],
            "signert_dato": d.get("signert_dato"),
        }


class MoteplanForm(PlainTextMixin, DsFormMixin, forms.Form):
    aar = forms.IntegerField(label="År", min_value=limits.AAR_FROM, max_value=limits.AAR_TO)
    datoer = forms.CharField(
        label="Møtedatoer",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dag/måned skilt med komma, som i møteplanen: «2/5, 5/9, 7/11».",
    )
    starttid = forms.TimeField(label="Starttid", widget=forms.TimeInput(attrs={"type": "time"}))
    sluttid = forms.TimeField(
        label="Sluttid", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    sted = limits.text_field(Mote, "sted", label="Møtested", required=False)


class DateFilter(ListFilter):
    """«Vis medlemmer per dato» on a body's page."""

    dato = forms.DateField(
        label="Dato",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Oppgi en dato som finnes i kalenderen, f.eks. 2026-12-10."},
        validators=[limits.in_aarspenn],
    )


class OrganPageFilter(DateFilter):
    """The body page's filters: «Vis medlemmer per dato» and the møteplan's year."""

    aar = forms.IntegerField(
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


class OppmoteForm(PlainTextMixin, forms.Form):
    """One participant's row of the attendance table (its inputs are named «oppmote-<id>»
    and so on: see ``data_for``)."""

    oppmote = forms.ChoiceField(
        label="Oppmøte",
        choices=Deltaker.Oppmote.choices,
        error_messages={"invalid_choice": "Velg et oppmøte i listen."},
    )
    moter_for = forms.ModelChoiceField(
        Person.objects.all(),
        label="Møter for",
        required=False,
        error_messages={"invalid_choice": "Velg en person i listen."},
    )
    merknad = limits.text_field(Deltaker, "merknad", label="Merknad", required=False)

    @classmethod
    def data_for(cls, post, deltaker_id: int) -> dict | None:
        """The row's values in the POST, or None when the row was not posted."""
        if f"oppmote-{deltaker_id}" not in post:
            return None
        return {navn: post.get(f"{navn}-{deltaker_id}", "") for navn in cls.base_fields}


class AvlysForm(PlainTextMixin, DsFormMixin, forms.Form):
    begrunnelse = limits.text_field(
        Mote,
        "avlyst_begrunnelse",
        label="Hvorfor avlyses møtet?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Vises på møtesiden: «Avlyst: …».",
    )


class KommentarfristForm(PlainTextMixin, DsFormMixin, forms.Form):
    frist = forms.DateField(
        label="Frist for kommentarer",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.in_aarspenn],
    )


class KommentarForm(PlainTextMixin, DsFormMixin, forms.Form):
    tekst = forms.CharField(
        label="Kommentar til referatet",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    # The agenda's saker (saker.models.Sak: moter does not import saker).
    sak: forms.ModelChoiceField[models.Model] = forms.ModelChoiceField(
        None, label="Gjelder sak", required=False, empty_label="(hele referatet)"
    )

    def __init__(self, *args, mote, **kwargs):
        super().__init__(*args, **kwargs)
        # The agenda through the reverse relation: moter does not import saker.
        self.fields["sak"].queryset = mote.saker.saker().exclude(saksnr="")
        self.fields["sak"].label_from_instance = lambda s: f"{s.saksnr} {s.tittel}"


class ForfallForm(PlainTextMixin, DsFormMixin, forms.Form):
    merknad = limits.text_field(
        Deltaker,
        "merknad",
        label="Merknad (valgfritt)",
        required=False,
        help_text="F.eks. hvem som møter for deg.",
    )


# --- A body's members (moter.views.medlemmer) ------------------------------------------------

_DATO_FEIL = {"invalid": "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."}


def _dato(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=_DATO_FEIL,
        validators=[limits.in_aarspenn],
        **kwargs,
    )


class PartnerChoices(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return obj.navn


def _partnere():
    return Partner.objects.order_by("navn")


def _verv_checks(form: forms.Form, data: dict) -> None:
    """The rules of a verv that the form can tell at once, as errors at their fields."""
    fra, til = data.get("fra"), data.get("til")
    if fra and til and til < fra:
        form.add_error("til", "«Til» kan ikke være før «fra».")
    if data.get("vara_for") and data.get("rolle") != Verv.Rolle.VARAMEDLEM:
        form.add_error("vara_for", "«Vara for» gjelder bare varamedlemmer.")


class VervForm(PlainTextMixin, DsFormMixin, forms.Form):
    """«Legg til medlem»: a person already registered, or a new one, and the verv they get."""

    NEW_PERSON_FIELDS = ("navn", "epost", "partner", "stilling")

    person = PersonChoices(
        _personer(),
        label="Registrert person",
        required=False,
        empty_label="Ny person (fyll ut under)",
        help_text="Velg en som allerede er registrert, eller la stå og fyll ut «Ny person».",
        error_messages={"invalid_choice": "Velg en person i listen."},
    )
    navn = limits.text_field(Person, "navn", label="Navn", required=False)
    epost = forms.EmailField(
        label="E-post",
        required=False,
        max_length=limits.model_field(Person, "epost").max_length,
        help_text="Innkallinger og invitasjonen sendes hit.",
        error_messages={
            "invalid": "Skriv en gyldig e-postadresse, f.eks. navn@kommune.no.",
            "max_length": "E-postadressen kan være høyst %(limit_value)d tegn.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    partner = PartnerChoices(
        _partnere(),
        label="Arbeidssted",
        required=False,
        empty_label="(ingen)",
        error_messages={"invalid_choice": "Velg et arbeidssted i listen."},
    )
    stilling = limits.text_field(
        Person, "stilling", label="Stilling", required=False, help_text="F.eks. «kommunalsjef»."
    )
    rolle = forms.ChoiceField(
        label="Rolle",
        choices=Verv.Rolle.choices,
        initial=Verv.Rolle.MEDLEM,
        error_messages={"invalid_choice": "Velg en rolle i listen."},
    )
    representerer = PartnerChoices(
        _partnere(),
        label="Representerer",
        required=False,
        empty_label="(samme som arbeidsstedet)",
        help_text="Tomt: samme som arbeidsstedet.",
        error_messages={"invalid_choice": "Velg en partner i listen."},
    )
    vara_for = PersonChoices(
        Person.objects.none(),
        label="Vara for",
        required=False,
        empty_label="(ingen)",
        help_text="Bare for varamedlemmer: hvem de møter for.",
        error_messages={"invalid_choice": "Velg en person som har verv i organet."},
    )
    fra = _dato("Fra", help_text="Første dag i vervet.")
    til = _dato("Til", required=False, help_text="Siste dag. Tom: ingen sluttdato.")
    merknad = limits.text_field(Verv, "merknad", label="Merknad", required=False)
    inviter = forms.BooleanField(
        label="Send invitasjon til innloggingen nå",
        required=False,
        initial=True,
        help_text="Personen får en e-post med en lenke for å lage passord (hvis personen har "
        "e-postadresse og ikke har logget inn før).",
    )

    def __init__(self, *args, organ: Organ, **kwargs) -> None:
        kwargs.setdefault("initial", {"fra": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.organ = organ
        vara_for = self.fields["vara_for"]
        assert isinstance(vara_for, forms.ModelChoiceField)
        vara_for.queryset = _personer().filter(verv__organ=organ).distinct()

    def clean(self):
        data = super().clean()
        ny = [navn for navn in self.NEW_PERSON_FIELDS if data.get(navn)]
        if data.get("person") and ny:
            self.add_error(
                "person",
                "Du har både valgt en registrert person og fylt ut «Ny person». Velg personen "
                "her, eller tøm feltet og lag en ny.",
            )
        elif not (data.get("person") or data.get("navn") or {"person", "navn"} & set(self.errors)):
            self.add_error("navn", "Fyll ut navnet, eller velg en registrert person over.")
        _verv_checks(self, data)
        return data


_TELEFON = re.compile(r"^\+?[0-9 ()\-]*$")


def _telefon_check(verdi: str) -> None:
    if not _TELEFON.match(verdi.strip()):
        raise forms.ValidationError(
            "Skriv telefonnummeret med sifre, mellomrom og eventuelt + foran, f.eks. 33 00 00 00."
        )


class PersonForm(PlainTextMixin, DsFormMixin, forms.Form):
    """«Rediger» a person from a body's members page: the fields of «Ny person» and the phone."""

    navn = limits.text_field(Person, "navn", label="Navn")
    epost = VervForm.base_fields["epost"]
    partner = VervForm.base_fields["partner"]
    stilling = VervForm.base_fields["stilling"]
    telefon = limits.text_field(
        Person,
        "telefon",
        label="Telefon",
        required=False,
        validators=[_telefon_check],
        error_messages={"max_length": "Telefonnummeret kan være høyst %(limit_value)d tegn."},
    )

    def __init__(self, *args, person: Person, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "navn": person.navn,
                "epost": person.epost,
                "partner": person.partner_id,
                "stilling": person.stilling,
                "telefon": person.telefon,
            },
        )
        super().__init__(*args, **kwargs)


class VervEditForm(PlainTextMixin, DsFormMixin, forms.Form):
    """«Endre verv»: the verv's own fields; the person is edited on their own page."""

    rolle = VervForm.base_fields["rolle"]
    representerer = VervForm.base_fields["representerer"]
    vara_for = VervForm.base_fields["vara_for"]
    fra = _dato("Fra", required=False, help_text="Første dag i vervet. Tom: ikke kjent.")
    til = VervForm.base_fields["til"]
    merknad = VervForm.base_fields["merknad"]

    def __init__(self, *args, verv: Verv, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "rolle": verv.rolle,
                "representerer": verv.representerer_id,
                "vara_for": verv.vara_for_id,
                "fra": verv.fra,
                "til": verv.til,
                "merknad": verv.merknad,
            },
        )
        super().__init__(*args, **kwargs)
        vara_for = self.fields["vara_for"]
        assert isinstance(vara_for, forms.ModelChoiceField)
        vara_for.queryset = (
            _personer().filter(verv__organ=verv.organ).exclude(pk=verv.person_id).distinct()
        )
        representerer = self.fields["representerer"]
        representerer.empty_label = "(ingen)"  # type: ignore[attr-defined]
        representerer.help_text = ""

    def clean(self):
        data = super().clean()
        _verv_checks(self, data)
        return data


class VervEndForm(PlainTextMixin, DsFormMixin, forms.Form):
    til = _dato("Siste dag i vervet", help_text="Vervet gjelder til og med denne datoen.")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"til": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PeriodeForm(PlainTextMixin, DsFormMixin, forms.Form):
    """«Ny periode»: the start of the new period and, per current verv, the role in it (or
    none, for those who do not go on). The rows are fields ``rolle-<verv id>``."""

    fra = _dato(
        "Den nye perioden begynner",
        help_text="Vervene under slutter dagen før, og nye verv begynner denne dagen.",
    )

    def __init__(self, *args, verv: list[Verv], **kwargs) -> None:
        # Periods mostly follow the year (FSU's leadership rotates each January).
        kwargs.setdefault("initial", {"fra": datetime.date(timezone.localdate().year + 1, 1, 1)})
        super().__init__(*args, **kwargs)
        self.verv = verv
        for v in verv:
            navn = f"rolle-{v.pk}"
            self.fields[navn] = forms.ChoiceField(
                label=f"Rolle for {v.person.navn}",
                choices=[("", "Ikke med videre"), *Verv.Rolle.choices],
                required=False,
                initial=v.rolle,
                error_messages={"invalid_choice": "Velg en rolle i listen."},
            )
            self.fields[navn].widget.attrs["class"] = "ds-input"
            self.fields[navn].widget.attrs["data-size"] = "sm"
            self._describe(navn, self.fields[navn])

    def rows(self) -> list[tuple[Verv, forms.BoundField]]:
        return [(v, self[f"rolle-{v.pk}"]) for v in self.verv]

    def roller(self) -> dict[int, str | None]:
        return {v.pk: self.cleaned_data.get(f"rolle-{v.pk}") or None for v in self.verv}


class MeldingForm(PlainTextMixin, DsFormMixin, forms.Form):
    """The wording of one kind of e-mail: a subject and an opening text (Meldingsmal), for a
    body's templates and for one sending."""

    emne = limits.text_field(
        Meldingsmal,
        "emne",
        label="Emne",
        required=False,
        help_text="Tomt gir standardemnet. {møte}, {dato} og {organ} byttes ut.",
    )
    innledning = limits.text_field(
        Meldingsmal,
        "innledning",
        label="Innledning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Står først i e-posten, før det portalen legger til. {møte}, {dato} og {organ} "
        "byttes ut.",
    )

    def clean_emne(self) -> str:
        return self._fields_checked("emne")

    def clean_innledning(self) -> str:
        return self._fields_checked("innledning")

    def _fields_checked(self, navn: str) -> str:
        tekst = self.cleaned_data[navn].strip()
        if melding := Meldingsmal.fields_error(tekst):
            raise forms.ValidationError(melding)
        return tekst
