"""The action plan (handlingsplan): a multi-year strategiplan, the yearly plans under it (adopted
by SSU in a sak), their innsatsområder (prioritised patient groups or areas) and tiltak, the
status reports on each tiltak over time (each optionally tied to the sak where it was reported),
and the funding: grants (tilskudd), their allocations (tildelinger) to tiltak per year and the
spending (forbruk) recorded against each allocation.

Amounts are whole kroner: the seeds' budgets are («700 000 kr», «808 985 kr»)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from helsefellesskap.links import pk_url
from helsefellesskap.models import Organ, Person
from helsefellesskap.text import WithTextHtml, html_field
from saker.models import Sak, Vedlegg

from .access import plan_visible_q, tiltak_visible_q

AAR = [MinValueValidator(2000), MaxValueValidator(2100)]
# A grant, an allocation or a spending above a billion kroner is a typing error.
BELOP = [MinValueValidator(0), MaxValueValidator(999_999_999)]


class Arbeidsform(models.TextChoices):
    FAGUTVALG = "fagutvalg", "Fagutvalg"
    ARBEIDSGRUPPE = "arbeidsgruppe", "Arbeidsgruppe"
    PROSJEKT = "prosjekt", "Prosjekt"
    NETTVERK = "nettverk", "Nettverk"
    ANNET = "annet", "Annet"


class Status(models.TextChoices):
    PLANLAGT = "planlagt", "Planlagt"
    PAGAR = "pagar", "Pågår"
    FULLFORT = "fullfort", "Fullført"
    AVSLUTTET = "avsluttet", "Avsluttet"
    UTSATT = "utsatt", "Utsatt"


class Strategiplan(WithTextHtml):
    """The multi-year strategy the yearly plans follow."""

    TEXT_FIELDS = ("beskrivelse",)

    tittel = models.CharField("tittel", max_length=300)
    fra_aar = models.PositiveSmallIntegerField("fra år", validators=AAR)
    til_aar = models.PositiveSmallIntegerField("til år", validators=AAR)
    beskrivelse = models.TextField("beskrivelse", blank=True)
    beskrivelse_html = html_field("beskrivelse")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fra_aar"]
        verbose_name = "strategiplan"
        verbose_name_plural = "strategiplaner"
        constraints = [
            models.CheckConstraint(
                condition=Q(til_aar__gte=models.F("fra_aar")),
                name="strategiplan_til_etter_fra",
                violation_error_message="«Til år» kan ikke være før «fra år».",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tittel} {self.fra_aar}–{self.til_aar}"


class HandlingsplanQuerySet(models.QuerySet):
    def visible_to(self, user) -> HandlingsplanQuerySet:
        return self.filter(plan_visible_q(user))


class Handlingsplan(WithTextHtml):
    """One year's plan, adopted by SSU in a sak (``vedtatt_i``, or ``vedtatt_i_tekst`` for a
    sak outside the portal) with a mandate from the partnerskapsmøte. Unpublished, it is a draft
    that only the secretariat sees (``handlingsplan.access``)."""

    TEXT_FIELDS = ("mandat", "beskrivelse")

    aar = models.PositiveSmallIntegerField(
        "år",
        unique=True,
        validators=AAR,
        error_messages={"unique": "Det finnes allerede en handlingsplan for dette året."},
    )
    tittel = models.CharField("tittel", max_length=300)
    strategiplan = models.ForeignKey(
        Strategiplan,
        verbose_name="strategiplan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handlingsplaner",
    )
    vedtatt_i = models.ForeignKey(
        Sak,
        verbose_name="vedtatt i sak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handlingsplaner",
    )
    vedtatt_i_tekst = models.CharField(
        "vedtatt i (sak utenfor portalen)",
        max_length=200,
        blank=True,
        help_text="For saker som ikke finnes i portalen, f.eks. «SSU-sak 2025.40».",
    )
    mandat = models.TextField("mandat", blank=True)
    mandat_html = html_field("mandat")
    beskrivelse = models.TextField("beskrivelse", blank=True)
    beskrivelse_html = html_field("beskrivelse")
    publisert = models.DateTimeField(
        "publisert",
        null=True,
        blank=True,
        help_text="En upublisert plan er et utkast og vises bare for sekretariatet.",
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()
    objects = HandlingsplanQuerySet.as_manager()

    class Meta:
        ordering = ["-aar"]
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"

    def __str__(self) -> str:
        return self.tittel or f"Handlingsplan {self.aar}"

    def get_absolute_url(self) -> str:
        return reverse("handlingsplan-aar", kwargs={"aar": self.aar})


class Innsatsomrade(WithTextHtml):
    """A prioritised patient group or area of a plan: barn og unge, skrøpelige eldre, personer
    med alvorlige psykiske lidelser og rusproblemer, akuttkjeden …"""

    TEXT_FIELDS = ("beskrivelse",)

    plan = models.ForeignKey(
        Handlingsplan,
        verbose_name="handlingsplan",
        on_delete=models.CASCADE,
        related_name="innsatsomrader",
    )
    tittel = models.CharField("tittel", max_length=300)
    beskrivelse = models.TextField("beskrivelse", blank=True)
    beskrivelse_html = html_field("beskrivelse")
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "rekkefolge", "pk"]
        verbose_name = "innsatsområde"
        verbose_name_plural = "innsatsområder"

    def __str__(self) -> str:
        return self.tittel


class Tiltak(WithTextHtml):
    """One measure of a plan: its goal, how it is worked on, who answers for it, its period and
    its current status (kept by ``services.statusrapport_add``)."""

    TEXT_FIELDS = ("mal",)

    innsatsomrade = models.ForeignKey(
        Innsatsomrade,
        verbose_name="innsatsområde",
        on_delete=models.CASCADE,
        related_name="tiltak",
    )
    tittel = models.CharField("tittel", max_length=300)
    mal = models.TextField("mål", blank=True)
    mal_html = html_field("mal")
    arbeidsform = models.CharField(
        "arbeidsform", max_length=20, choices=Arbeidsform.choices, default=Arbeidsform.ANNET
    )
    ansvarlig_organ = models.ForeignKey(
        Organ,
        verbose_name="ansvarlig organ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tiltak",
    )
    kontaktpersoner = models.ManyToManyField(
        Person, verbose_name="kontaktpersoner", related_name="tiltak", blank=True
    )
    fra_aar = models.PositiveSmallIntegerField("fra år", null=True, blank=True, validators=AAR)
    til_aar = models.PositiveSmallIntegerField("til år", null=True, blank=True, validators=AAR)
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.PLANLAGT
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=100)

    history = HistoricalRecords(m2m_fields=[kontaktpersoner])

    class Meta:
        ordering = ["innsatsomrade", "rekkefolge", "pk"]
        verbose_name = "tiltak"
        verbose_name_plural = "tiltak"
        constraints = [
            models.CheckConstraint(
                condition=Q(til_aar__isnull=True)
                | Q(fra_aar__isnull=True)
                | Q(til_aar__gte=models.F("fra_aar")),
                name="tiltak_til_etter_fra",
                violation_error_message="«Til år» kan ikke være før «fra år».",
            )
        ]

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        return pk_url("tiltak", self.pk)

    @property
    def periode(self) -> str:
        if self.fra_aar and self.til_aar and self.til_aar != self.fra_aar:
            return f"{self.fra_aar}–{self.til_aar}"
        return str(self.fra_aar or self.til_aar or "")


class StatusrapportQuerySet(models.QuerySet):
    def visible_to(self, user) -> StatusrapportQuerySet:
        """The reports on tiltak ``user`` may see; also reached from a sak
        (``sak.statusrapporter.visible_to(user)``) by saker, which imports no handlingsplan."""
        return self.filter(tiltak_visible_q(user, "tiltak__"))


class Statusrapport(WithTextHtml):
    """What was reported on a tiltak on a day, the status it had then, and the sak it was
    reported in (or its name when the sak is outside the portal)."""

    TEXT_FIELDS = ("tekst",)

    tiltak = models.ForeignKey(
        Tiltak, verbose_name="tiltak", on_delete=models.CASCADE, related_name="statusrapporter"
    )
    dato = models.DateField("dato")
    status = models.CharField("status", max_length=12, choices=Status.choices)
    tekst = models.TextField("rapport")
    tekst_html = html_field("tekst")
    rapportert_i = models.ForeignKey(
        Sak,
        verbose_name="rapportert i sak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statusrapporter",
    )
    rapportert_i_tekst = models.CharField(
        "rapportert i (sak utenfor portalen)", max_length=200, blank=True
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()
    objects = StatusrapportQuerySet.as_manager()

    class Meta:
        ordering = ["tiltak", "-dato", "-pk"]
        verbose_name = "statusrapport"
        verbose_name_plural = "statusrapporter"

    def __str__(self) -> str:
        return f"{self.tiltak} – {self.dato:%d.%m.%Y}"


class Tilskudd(models.Model):
    """A grant: who gives it, for which year, how much (blank when the letter the portal has
    does not say), the grant letter, its conditions and when it must be reported on."""

    kilde = models.CharField(
        "kilde",
        max_length=300,
        help_text="F.eks. «Helsedirektoratet – rekrutterings- og samhandlingstilskudd».",
    )
    formal = models.CharField("formål", max_length=300, blank=True)
    aar = models.PositiveSmallIntegerField("år", validators=AAR)
    belop = models.PositiveIntegerField(
        "beløp (kr)", null=True, blank=True, validators=BELOP, help_text="Tomt: ikke oppgitt."
    )
    tilsagnsbrev = models.ForeignKey(
        Vedlegg,
        verbose_name="tilsagnsbrev",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tilskudd",
    )
    vilkar = models.TextField("vilkår", blank=True)
    rapporteringsfrist = models.DateField("rapporteringsfrist", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-aar", "kilde", "pk"]
        verbose_name = "tilskudd"
        verbose_name_plural = "tilskudd"

    def __str__(self) -> str:
        return f"{self.kilde}{f' – {self.formal}' if self.formal else ''} ({self.aar})"


class Tildeling(models.Model):
    """Part of a grant allocated to a tiltak for a year. Allocations above the grant are
    allowed (the secretariat may know of more money coming) but always flagged on the pages
    (``services.tilskudd_summer``)."""

    tilskudd = models.ForeignKey(
        Tilskudd, verbose_name="tilskudd", on_delete=models.PROTECT, related_name="tildelinger"
    )
    tiltak = models.ForeignKey(
        Tiltak, verbose_name="tiltak", on_delete=models.PROTECT, related_name="tildelinger"
    )
    aar = models.PositiveSmallIntegerField("år", validators=AAR)
    belop = models.PositiveIntegerField("beløp (kr)", validators=BELOP)
    merknad = models.CharField("merknad", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["aar", "tilskudd", "tiltak"]
        verbose_name = "tildeling"
        verbose_name_plural = "tildelinger"
        constraints = [
            models.UniqueConstraint(
                fields=["tilskudd", "tiltak", "aar"],
                name="tildeling_en_per_aar",
                violation_error_message="Tiltaket har allerede en tildeling fra dette tilskuddet "
                "dette året.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tiltak} – {self.belop} kr ({self.aar})"


class Forbruk(models.Model):
    """Money spent against an allocation."""

    tildeling = models.ForeignKey(
        Tildeling, verbose_name="tildeling", on_delete=models.CASCADE, related_name="forbruk"
    )
    dato = models.DateField("dato")
    belop = models.PositiveIntegerField("beløp (kr)", validators=BELOP)
    tekst = models.CharField("tekst", max_length=300)
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["tildeling", "dato", "pk"]
        verbose_name = "forbruk"
        verbose_name_plural = "forbruk"

    def __str__(self) -> str:
        return f"{self.tekst} – {self.belop} kr"


# A section of an annual report longer than this is pasted by mistake (the seeds' longest
# section, «Faglig samarbeidsutvalg» in the Årsmelding 2023, is about 6 000 characters).
ARSRAPPORT_TEKST_MAX = 20_000


class ArsrapportQuerySet(models.QuerySet):
    def published(self) -> ArsrapportQuerySet:
        return self.filter(publisert__isnull=False)


class Arsrapport(WithTextHtml):
    """A body's annual report (årsmelding/årsrapport) for a year: the text sections the
    secretariat writes around the tables drafted from the year's data (meetings, saker and
    vedtak, tiltak, members: ``handlingsplan.arsrapport.content``). Unpublished, it is a draft
    that only those who run the body see (``access.can_view_arsrapport``). A year without a row
    shows the drafted tables with the default texts; the row is made when the texts are first
    saved."""

    TEXT_FIELDS = ("innledning", "om_organet", "moter_tekst", "tiltak_tekst", "veien_videre")

    organ = models.ForeignKey(
        Organ, verbose_name="organ", on_delete=models.PROTECT, related_name="arsrapporter"
    )
    aar = models.PositiveSmallIntegerField("år", validators=AAR)
    tittel = models.CharField("tittel", max_length=300)
    innledning = models.TextField("innledning", blank=True, max_length=ARSRAPPORT_TEKST_MAX)
    innledning_html = html_field("innledning")
    om_organet = models.TextField(
        "om utvalget og mandatet", blank=True, max_length=ARSRAPPORT_TEKST_MAX
    )
    om_organet_html = html_field("om_organet")
    moter_tekst = models.TextField("møter og saker", blank=True, max_length=ARSRAPPORT_TEKST_MAX)
    moter_tekst_html = html_field("moter_tekst")
    tiltak_tekst = models.TextField("tiltak", blank=True, max_length=ARSRAPPORT_TEKST_MAX)
    tiltak_tekst_html = html_field("tiltak_tekst")
    veien_videre = models.TextField("veien videre", blank=True, max_length=ARSRAPPORT_TEKST_MAX)
    veien_videre_html = html_field("veien_videre")
    publisert = models.DateTimeField(
        "publisert",
        null=True,
        blank=True,
        help_text="En upublisert årsrapport er et utkast og vises bare for sekretariatet.",
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)
    endret = models.DateTimeField("endret", auto_now=True)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords(excluded_fields=["endret"])
    objects = ArsrapportQuerySet.as_manager()

    class Meta:
        ordering = ["organ", "-aar"]
        verbose_name = "årsrapport"
        verbose_name_plural = "årsrapporter"
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "aar"],
                name="arsrapport_en_per_organ_og_aar",
                violation_error_message="Organet har allerede en årsrapport for dette året.",
            )
        ]

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        return reverse("arsrapport", kwargs={"slug": self.organ.slug, "aar": self.aar})
