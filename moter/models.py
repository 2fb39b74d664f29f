"""Meetings (møter) of the bodies, their participants and yearly meeting plans."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from helsefellesskap.limits import NoControlCharacters, WebLink, in_aarspenn
from helsefellesskap.links import pk_url
from helsefellesskap.models import Organ, Person, Vedtaksord
from helsefellesskap.versions import new_version


class MoteQuerySet(models.QuerySet):
    def kommende(self) -> MoteQuerySet:
        return self.filter(start__gte=timezone.now()).exclude(status=Mote.Status.AVLYST)

    def with_publisert_innkalling(self) -> MoteQuerySet:
        return self.filter(innkalling_publisert__isnull=False)


class Mote(models.Model):
    class Status(models.TextChoices):
        PLANLAGT = "planlagt", "Planlagt"
        INNKALT = "innkalt", "Innkalt"
        AVHOLDT = "avholdt", "Avholdt"
        REFERAT_GODKJENT = "referat_godkjent", "Referat godkjent"
        AVLYST = "avlyst", "Avlyst"

    class ReferatStatus(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        TIL_KOMMENTAR = "til_kommentar", "Sendt til kommentar"
        GODKJENT = "godkjent", "Godkjent"

    organ = models.ForeignKey(
        Organ, verbose_name="organ", on_delete=models.PROTECT, related_name="moter"
    )
    tittel = models.CharField(
        "tittel",
        max_length=200,
        blank=True,
        validators=[NoControlCharacters()],
        help_text="Bare for møter som ikke er ordinære, f.eks. «Strategisamling».",
    )
    start = models.DateTimeField("start", validators=[in_aarspenn])
    slutt = models.DateTimeField("slutt", null=True, blank=True, validators=[in_aarspenn])
    sted = models.CharField("møtested", max_length=300, blank=True)
    digital_lenke = models.URLField(
        "lenke til digitalt møte", max_length=500, blank=True, validators=[WebLink()]
    )
    til = models.CharField(
        "til",
        max_length=200,
        blank=True,
        help_text="Mottakere av innkallingen, f.eks. «SSUs faste medlemmer».",
    )
    moteleder = models.ForeignKey(
        Person,
        verbose_name="møteleder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referent = models.ForeignKey(
        Person,
        verbose_name="referent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    forfall_meldes_til = models.ForeignKey(
        Person,
        verbose_name="forfall meldes til",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PLANLAGT
    )
    offentlig = models.BooleanField(
        "kan publiseres",
        default=True,
        help_text="Innkalling og referat kan publiseres for allmennheten "
        "(når organet er offentlig).",
    )
    flyttet_fra = models.DateTimeField(
        "flyttet fra", null=True, blank=True, help_text="Opprinnelig starttid når møtet er flyttet."
    )
    avlyst_begrunnelse = models.CharField(
        "begrunnelse for avlysning", max_length=500, blank=True, help_text="Vises på møtesiden."
    )
    innkalling_sendt = models.DateTimeField("innkalling sendt", null=True, blank=True)
    signert_dato = models.DateField(
        "dato for signatur",
        null=True,
        blank=True,
        validators=[in_aarspenn],
        help_text="Datoen saksframleggene signeres med. Tomt: datoen innkallingen ble sendt.",
    )
    vedtaksord = models.CharField(
        "ord for forslag og vedtak",
        max_length=20,
        choices=Vedtaksord.choices,
        blank=True,
        help_text="Tomt: organets valg. Satt når møtets dokumenter brukte et annet ord (et "
        "importert eldre møte).",
    )
    tilleggsinnkallinger = models.PositiveSmallIntegerField("tilleggsinnkallinger sendt", default=0)
    tilleggsinnkalling_sendt = models.DateTimeField(
        "siste tilleggsinnkalling sendt", null=True, blank=True
    )
    innkalling_publisert = models.DateTimeField("innkalling publisert", null=True, blank=True)
    referat_status = models.CharField(
        "referatstatus",
        max_length=20,
        choices=ReferatStatus.choices,
        default=ReferatStatus.UTKAST,
    )
    referat_kommentarfrist = models.DateField(
        "kommentarfrist for referatet", null=True, blank=True, validators=[in_aarspenn]
    )
    referat_sendt_til_kommentar = models.DateTimeField(
        "referat sendt til kommentar", null=True, blank=True
    )
    referat_godkjent = models.DateTimeField("referat godkjent", null=True, blank=True)
    referat_versjon = models.PositiveIntegerField(
        "referatversjon",
        default=0,
        help_text="0 før godkjenning; 1 når referatet er godkjent; øker for hver ny versjon.",
    )
    referat_publisert = models.DateTimeField("referat publisert", null=True, blank=True)
    kalender_sekvens = models.PositiveIntegerField(
        "kalendersekvens",
        default=0,
        help_text="SEQUENCE i kalenderinvitasjonen og kalenderabonnementene (.ics): øker når "
        "tid, sted eller status endres, så kalenderen oppdaterer avtalen.",
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)
    endret = models.DateTimeField("endret", auto_now=True)
    # Raised by the database itself (triggers, helsefellesskap/versions.py) whenever the meeting
    # or anything shown with it changes: the key of its cached pages.
    versjon = models.BigIntegerField("versjon", default=new_version, editable=False)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords(excluded_fields=["versjon"])
    objects = MoteQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = "møte"
        verbose_name_plural = "møter"
        indexes = [models.Index(fields=["organ", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(slutt__isnull=True) | Q(slutt__gt=models.F("start")),
                name="mote_slutt_etter_start",
                violation_error_message="Møtet må slutte etter at det starter.",
            )
        ]

    STED_OR_LINK = "Fyll ut møtested eller lenke til digitalt møte."

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.organ.kortnavn} {local:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return pk_url("mote", self.pk)

    def clean(self) -> None:
        """A meeting says where it is held: a place or a link to the digital meeting. Checked
        wherever a meeting is saved from input (the services, the admin, the mote/1 import)."""
        super().clean()
        if not self.sted.strip() and not self.digital_lenke.strip():
            raise ValidationError(
                {"sted": ValidationError(self.STED_OR_LINK, code="sted_eller_lenke")}
            )

    @property
    def display_name(self) -> str:
        return self.tittel or f"Møte i {self.organ.navn}"

    @property
    def prose_name(self) -> str:
        """The name inside a sentence: «Du innkalles til møte i SSU»."""
        return self.tittel or f"møte i {self.organ.navn}"

    @property
    def is_upcoming(self) -> bool:
        return self.start > timezone.now()

    @property
    def innkalling_frozen(self) -> bool:
        """Once the innkalling is sent, the case numbers of the agenda are fixed."""
        return self.innkalling_sendt is not None or self.status not in {
            self.Status.PLANLAGT,
        }

    @property
    def can_change(self) -> bool:
        """Whether the meeting's details (place, title, people, time) may still change: not
        once it is cancelled or its referat approved."""
        return self.status not in {self.Status.REFERAT_GODKJENT, self.Status.AVLYST}

    @property
    def referat_last(self) -> bool:
        """An approved referat changes only through a new, recorded version."""
        return self.referat_status == self.ReferatStatus.GODKJENT

    @property
    def aar(self) -> int:
        return timezone.localtime(self.start).year

    @property
    def signaturdato(self) -> datetime.date | None:
        """The date the saksframlegg are signed with: the date the secretariat set, else the
        day the innkalling went out (seed 002 is signed «Tønsberg, 29. april 2026», the day it
        was sent). None when neither is known: the signature then has no date, rather than a
        guess (the meeting day, or the day of rendering)."""
        if self.signert_dato:
            return self.signert_dato
        # An innkalling recorded as sent at the meeting's start or later is no sending date: a
        # mote/1 import of a held meeting records the start there, not when it went out.
        if self.innkalling_sendt and self.innkalling_sendt < self.start:
            return timezone.localtime(self.innkalling_sendt).date()
        return None


class Deltaker(models.Model):
    """A person invited to, or attending, a meeting."""

    class Rolle(models.TextChoices):
        LEDER = "leder", "Leder"
        NESTLEDER = "nestleder", "Nestleder"
        MEDLEM = "medlem", "Medlem"
        VARAMEDLEM = "varamedlem", "Varamedlem"
        SEKRETARIAT = "sekretariat", "Sekretariat"
        OBSERVATOR = "observator", "Observatør"
        GJEST = "gjest", "Gjest"
        INNLEDER = "innleder", "Innleder"

    class Oppmote(models.TextChoices):
        INVITERT = "invitert", "Invitert"
        TILSTEDE = "tilstede", "Til stede"
        # The list of those absent is «Frafall», as in the secretariat's referater (seed 000),
        # on the attendance screen as in the referat; reporting absence stays «meld forfall».
        FORFALL = "forfall", "Frafall"
        DELVIS = "delvis", "Delvis til stede"

    mote = models.ForeignKey(
        Mote, verbose_name="møte", on_delete=models.CASCADE, related_name="deltakere"
    )
    person = models.ForeignKey(
        Person, verbose_name="person", on_delete=models.PROTECT, related_name="deltakelser"
    )
    rolle = models.CharField("rolle", max_length=20, choices=Rolle.choices, blank=True)
    oppmote = models.CharField(
        "oppmøte", max_length=20, choices=Oppmote.choices, default=Oppmote.INVITERT
    )
    moter_for = models.ForeignKey(
        Person,
        verbose_name="møter for",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    representerer = models.CharField(
        "representerer",
        max_length=200,
        blank=True,
        help_text="Tilhørighet slik referatet skal vise den, f.eks. «kommunene» eller "
        "«klinikksjef KFMR». Fylles fra vervet når deltakeren settes opp.",
    )
    merknad = models.CharField("merknad", max_length=300, blank=True)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords()

    class Meta:
        ordering = ["mote", "rekkefolge", "pk"]
        verbose_name = "deltaker"
        verbose_name_plural = "deltakere"
        constraints = [
            models.UniqueConstraint(
                fields=["mote", "person"],
                name="deltaker_en_gang_per_mote",
                violation_error_message="Personen er allerede deltaker i møtet.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_oppmote_display().lower()})"


class Meldingsmal(models.Model):
    """The secretariat's own wording of one kind of e-mail for a body: the subject, and an
    opening text put before what the portal always adds (time, place, saksliste, links). Empty
    fields give the portal's defaults (templates/epost/)."""

    class Art(models.TextChoices):
        INNKALLING = "innkalling", "Innkalling"
        TILLEGGSINNKALLING = "tilleggsinnkalling", "Tilleggsinnkalling"
        PAAMINNELSE = "paaminnelse", "Påminnelse før møtet"
        FLYTTING = "flytting", "Møtet er flyttet eller har nytt sted"
        AVLYSNING = "avlysning", "Møtet er avlyst"
        REFERAT_KOMMENTAR = "referat_kommentar", "Referat til kommentar"
        REFERAT_PUBLISERT = "referat_publisert", "Referat publisert"

    # What a subject may name; each is replaced for the meeting at hand.
    FELTER = ("{møte}", "{dato}", "{organ}")

    organ = models.ForeignKey(
        Organ, verbose_name="organ", on_delete=models.CASCADE, related_name="meldingsmaler"
    )
    art = models.CharField("melding", max_length=30, choices=Art.choices)
    emne = models.CharField(
        "emne",
        max_length=200,
        blank=True,
        validators=[NoControlCharacters()],
        help_text="Tomt gir standardemnet. {møte}, {dato} og {organ} byttes ut med møtets "
        "navn, dato og organets kortnavn.",
    )
    innledning = models.TextField(
        "innledning",
        max_length=2000,
        blank=True,
        help_text="Står først i e-posten, før det portalen legger til. {møte}, {dato} og "
        "{organ} byttes ut.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organ", "art"]
        verbose_name = "meldingsmal"
        verbose_name_plural = "meldingsmaler"
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "art"],
                name="meldingsmal_en_per_organ_og_art",
                violation_error_message="Organet har allerede en mal for denne meldingen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.organ.kortnavn})"

    def clean(self) -> None:
        feil = {
            felt: melding
            for felt in ("emne", "innledning")
            if (melding := self.fields_error(getattr(self, felt)))
        }
        if feil:
            raise ValidationError(feil)

    @classmethod
    def fields_error(cls, tekst: str) -> str:
        """What is wrong with the {…} fields of a text, in Norwegian; empty when nothing is."""
        rest = tekst
        for felt in cls.FELTER:
            rest = rest.replace(felt, "")
        ukjente = sorted(set(re.findall(r"\{[^{}]*\}", rest)))
        bruk = "Bruk {møte}, {dato} eller {organ}."
        if ukjente:
            return f"Ukjent felt {', '.join(ukjente)}. {bruk}"
        if "{" in rest or "}" in rest:
            return f"En krøllparentes står alene. {bruk}"
        return ""

    @classmethod
    def subject_fill(cls, emne: str, mote: Mote) -> str:
        """A subject with its fields replaced for ``mote``: «{organ} {dato}» → «SSU 7. mai 2026»."""
        from helsefellesskap.templatetags.hf import long_date

        for felt, verdi in zip(
            cls.FELTER, (mote.display_name, long_date(mote.start), mote.organ.kortnavn), strict=True
        ):
            emne = emne.replace(felt, verdi)
        return emne


# --- Documents (PDF) ------------------------------------------------------------------------


def dokument_path(instance: Dokument, filename: str) -> str:
    # A random directory per version: file names stay readable, paths are not guessable.
    import secrets

    return f"dokumenter/{instance.mote_id}/{secrets.token_hex(8)}/{filename}"


class DokumentQuerySet(models.QuerySet):
    def for_edition(
        self, *, mote: Mote, art: str, utgave: str, sak_id: int | None = None
    ) -> DokumentQuerySet:
        """All versions of one document, newest first."""
        return self.filter(mote=mote, art=art, utgave=utgave, sak_id=sak_id).order_by("-versjon")

    def ferdige(self) -> DokumentQuerySet:
        return self.filter(status=Dokument.Status.FERDIG)

    def publiserte(self) -> DokumentQuerySet:
        """Versions out to the public now: published and not withdrawn."""
        return self.filter(
            status=Dokument.Status.FERDIG, publisert__isnull=False, trukket__isnull=True
        )


class Dokument(models.Model):
    """One rendered version of a meeting's document (PDF). A finished version never changes:
    new content gives a new version, and a failed render leaves the previous one in place."""

    class Art(models.TextChoices):
        INNKALLING = "innkalling", "Innkalling"
        REFERAT = "referat", "Referat"
        SAKSFRAMLEGG = "saksframlegg", "Saksframlegg"
        SAKSDOKUMENTER = "saksdokumenter", "Saksdokumenter"

    class Edition(models.TextChoices):
        MEDLEM = "medlem", "Medlemsutgave"
        OFFENTLIG = "offentlig", "Offentlig utgave"

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        LAGER = "lager", "Lages"
        FERDIG = "ferdig", "Ferdig"
        FEILET = "feilet", "Feilet"

    mote = models.ForeignKey(
        Mote, verbose_name="møte", on_delete=models.CASCADE, related_name="dokumenter"
    )
    art = models.CharField("dokument", max_length=20, choices=Art.choices)
    utgave = models.CharField(
        "utgave", max_length=10, choices=Edition.choices, default=Edition.MEDLEM
    )
    sak_id = models.PositiveIntegerField(
        "sak", null=True, blank=True, help_text="Saken et saksframlegg gjelder."
    )
    versjon = models.PositiveIntegerField("versjon")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.VENTER
    )
    feilmelding = models.TextField("feilmelding", blank=True)
    fil = models.FileField("fil", upload_to=dokument_path, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    innholdshash = models.CharField(
        "innholdshash",
        max_length=64,
        help_text="Hash av HTML, stilark og gjengiverens versjon: samme innhold lages ikke to "
        "ganger.",
    )
    sider = models.PositiveIntegerField("sider", null=True, blank=True)
    storrelse = models.PositiveBigIntegerField("størrelse (byte)", null=True, blank=True)
    bestilt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bestilt av",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField("bestilt", auto_now_add=True)
    startet = models.DateTimeField("startet", null=True, blank=True)
    ferdig = models.DateTimeField("ferdig", null=True, blank=True)
    publisert = models.DateTimeField(
        "publisert",
        null=True,
        blank=True,
        help_text="Publiserte versjoner fryses; senere endringer gir en ny versjon.",
    )
    innhold = models.JSONField(
        "offentlig innhold",
        default=dict,
        blank=True,
        help_text="Hvilke saker og vedlegg versjonen viser (moter.publication): en publisert "
        "versjon som viser noe som ikke lenger er offentlig, trekkes tilbake.",
    )
    trukket = models.DateTimeField(
        "trukket tilbake",
        null=True,
        blank=True,
        help_text="En publisert versjon som ikke lenger skal ut til allmennheten.",
    )
    trukket_grunn = models.CharField("grunn til tilbaketrekking", max_length=300, blank=True)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords()
    objects = DokumentQuerySet.as_manager()

    class Meta:
        ordering = ["mote", "art", "utgave", "sak_id", "-versjon"]
        verbose_name = "dokument"
        verbose_name_plural = "dokumenter"
        indexes = [models.Index(fields=["mote", "art", "utgave", "sak_id", "versjon"])]
        # (mote, art, utgave, sak_id, versjon) is unique; NULL never equals NULL in a unique
        # index, so the documents of the whole meeting (no sak) get a constraint of their own.
        constraints = [
            models.UniqueConstraint(
                fields=["mote", "art", "utgave", "sak_id", "versjon"],
                condition=Q(sak_id__isnull=False),
                name="dokument_en_versjon_per_sak",
                violation_error_message="Denne versjonen av dokumentet finnes allerede.",
            ),
            models.UniqueConstraint(
                fields=["mote", "art", "utgave", "versjon"],
                condition=Q(sak_id__isnull=True),
                name="dokument_en_versjon_per_mote",
                violation_error_message="Denne versjonen av dokumentet finnes allerede.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.mote} v{self.versjon} ({self.get_utgave_display()})"

    @property
    def is_ferdig(self) -> bool:
        return self.status == self.Status.FERDIG

    @property
    def filename(self) -> str:
        """The name a download gets: «innkalling-ssu-2024-02-29-v2.pdf»."""
        return self.fil.name.rsplit("/", 1)[-1] if self.fil else ""


class Kalendernokkel(models.Model):
    """The secret of a user's personal calendar feed (``/kalender/personlig/<nokkel>.ics``):
    random, made by a POST on the page ``/kalender/personlig/`` (linked from «Mine møter»),
    replaced (the old link stops working) by the next POST. Not domain data and not kept in a
    history: an old key is worth nothing once replaced."""

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="bruker",
        on_delete=models.CASCADE,
        related_name="kalendernokkel",
    )
    nokkel = models.CharField("nøkkel", max_length=64, unique=True)
    opprettet = models.DateTimeField("opprettet")

    class Meta:
        verbose_name = "kalendernøkkel"
        verbose_name_plural = "kalendernøkler"

    def __str__(self) -> str:
        return f"Kalendernøkkel for {self.bruker}"
