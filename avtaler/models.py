"""The partners' agreements (avtaler): the partnerskapsavtale, the overordnet samarbeidsavtale,
its delavtaler and their retningslinjer, each with its versions (adopted in a sak, in force for a
period) and its planned and held evaluations."""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from helsefellesskap.links import pk_url
from helsefellesskap.models import Organ, Partner, today
from helsefellesskap.text import WithTextHtml, html_field
from saker.models import Sak, short_filename

from .access import avtale_visible_q, versjon_visible_q

# Addresses under /avtaler/ that are pages of their own, not an agreement's slug.
RESERVED_SLUGS = frozenset({"ny", "evalueringer", "versjon", "evaluering"})


class Art(models.TextChoices):
    PARTNERSKAPSAVTALE = "partnerskapsavtale", "Partnerskapsavtale"
    OVERORDNET = "overordnet", "Overordnet samarbeidsavtale"
    DELAVTALE = "delavtale", "Delavtale"
    RETNINGSLINJE = "retningslinje", "Retningslinje"
    ANNEN = "annen", "Annen avtale"


# Which kinds an agreement of each kind may hang under (its «overordnet»): a delavtale under the
# overordnet samarbeidsavtale, a retningslinje under its delavtale, the overordnet avtale under
# the partnerskapsavtale. ``None`` allows any parent.
ALLOWED_PARENTS: dict[str, frozenset[str] | None] = {
    Art.PARTNERSKAPSAVTALE: frozenset(),
    Art.OVERORDNET: frozenset({Art.PARTNERSKAPSAVTALE}),
    Art.DELAVTALE: frozenset({Art.OVERORDNET, Art.PARTNERSKAPSAVTALE}),
    Art.RETNINGSLINJE: frozenset({Art.DELAVTALE, Art.OVERORDNET}),
    Art.ANNEN: None,
}


class AvtaleQuerySet(models.QuerySet):
    def in_force(self) -> AvtaleQuerySet:
        """Agreements that bind the parties now: adopted, or adopted and under revision."""
        return self.filter(status__in=Avtale.IN_FORCE)


class Avtale(WithTextHtml):
    """One agreement between the partners (or a retningslinje attached to one)."""

    TEXT_FIELDS = ("beskrivelse",)

    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        HORING = "horing", "På høring"
        VEDTATT = "vedtatt", "Vedtatt"
        REVISJON = "revisjon", "Under revisjon"
        ERSTATTET = "erstattet", "Erstattet"
        OPPHORT = "opphort", "Opphørt"

    IN_FORCE = (Status.VEDTATT, Status.REVISJON)
    ENDED = (Status.ERSTATTET, Status.OPPHORT)

    tittel = models.CharField("tittel", max_length=300)
    slug = models.SlugField(
        "kortnavn i adressen",
        max_length=100,
        unique=True,
        help_text="Gir den faste adressen /avtaler/<kortnavn>/, f.eks. «helhetlige-pasientforlop».",
        error_messages={"unique": "Kortnavnet er allerede brukt av en annen avtale."},
    )
    art = models.CharField("art", max_length=20, choices=Art.choices)
    overordnet = models.ForeignKey(
        "self",
        verbose_name="overordnet avtale",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="underavtaler",
        help_text="En delavtale under den overordnede avtalen, en retningslinje under sin "
        "delavtale.",
    )
    parter: models.ManyToManyField[Partner, Avtalepart] = models.ManyToManyField(
        Partner, through="Avtalepart", verbose_name="parter", related_name="avtaler", blank=True
    )
    lovgrunnlag = models.TextField(
        "lovgrunnlag",
        blank=True,
        help_text="F.eks. «helse- og omsorgstjenesteloven § 6-2, spesialisthelsetjenesteloven "
        "§ 2-1e».",
    )
    ansvarlig_organ = models.ForeignKey(
        Organ,
        verbose_name="ansvarlig organ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="avtaler",
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default="utkast")
    erstattet_av = models.ForeignKey(
        "self",
        verbose_name="erstattet av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erstatter",
        help_text="Avtalen som trer i stedet for denne når den er erstattet.",
    )
    beskrivelse = models.TextField("beskrivelse", blank=True)
    beskrivelse_html = html_field("beskrivelse")
    offentlig = models.BooleanField(
        "offentlig",
        default=True,
        help_text="Offentlige avtaler vises for alle når de ikke lenger er utkast.",
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=100)
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)
    endret = models.DateTimeField("endret", auto_now=True)

    history = HistoricalRecords(excluded_fields=["endret"])
    objects = AvtaleQuerySet.as_manager()

    class Meta:
        ordering = ["rekkefolge", "tittel"]
        verbose_name = "avtale"
        verbose_name_plural = "avtaler"
        constraints = [
            # An «erstattet» agreement names its successor, so a reader can follow it.
            models.CheckConstraint(
                condition=~Q(status="erstattet") | Q(erstattet_av__isnull=False),
                name="avtale_erstattet_har_etterfolger",
                violation_error_message="En erstattet avtale må peke på avtalen som erstatter den.",
            ),
            models.CheckConstraint(
                condition=~Q(erstattet_av=models.F("id")),
                name="avtale_ikke_erstattet_av_seg_selv",
                violation_error_message="En avtale kan ikke erstattes av seg selv.",
            ),
            models.CheckConstraint(
                condition=~Q(overordnet=models.F("id")),
                name="avtale_ikke_overordnet_seg_selv",
                violation_error_message="En avtale kan ikke ligge under seg selv.",
            ),
        ]

    def __str__(self) -> str:
        return self.tittel

    @property
    def art_i_tittel(self) -> bool:
        """Whether the title already says its kind («Delavtale om …»), so a page need not."""
        return self.tittel.lower().startswith(str(self.get_art_display()).lower())

    def get_absolute_url(self) -> str:
        return reverse("avtale", kwargs={"slug": self.slug})

    @property
    def in_force(self) -> bool:
        return self.status in self.IN_FORCE

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.slug and self.slug.lower() in RESERVED_SLUGS:
            errors["slug"] = (
                f"«{self.slug}» er en egen side under /avtaler/; velg et annet kortnavn."
            )
        if self.status == self.Status.ERSTATTET and self.erstattet_av_id is None:
            errors["erstattet_av"] = "Velg avtalen som erstatter denne."
        if self.erstattet_av_id is not None and self.erstattet_av_id == self.pk:
            errors["erstattet_av"] = "En avtale kan ikke erstattes av seg selv."
        feil = self.parent_error()
        if feil:
            errors["overordnet"] = feil
        if errors:
            raise ValidationError(errors)

    def parent_error(self) -> str | None:
        """Why ``overordnet`` cannot be this agreement's parent (a cycle, a kind that does not
        fit), in Norwegian; None when it can."""
        parent = self.overordnet
        if parent is None:
            return None
        tillatt = ALLOWED_PARENTS.get(self.art)
        if tillatt is not None and parent.art not in tillatt:
            if not tillatt:
                return f"En {self.get_art_display().lower()} ligger ikke under en annen avtale."
            navn = " eller ".join(Art(a).label.lower() for a in sorted(tillatt))
            return f"En {self.get_art_display().lower()} kan bare ligge under en {navn}."
        seen: set[int] = set()
        node: Avtale | None = parent
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                return "Avtalen kan ikke ligge under seg selv eller en av sine egne underavtaler."
            if node.pk in seen:  # a cycle above, made before this rule
                break
            seen.add(node.pk)
            node = node.overordnet
        return None

    def current_version(self, versjoner=None) -> Avtaleversjon | None:
        """The version in force today among ``versjoner`` (default: all of the agreement's)."""
        dag = today()
        for v in versjoner if versjoner is not None else self.versjoner.all():
            if v.in_force_on(dag):
                return v
        return None


class AvtaleversjonQuerySet(models.QuerySet):
    def visible_to(self, user) -> AvtaleversjonQuerySet:
        """The versions ``user`` may see (``avtaler.access.can_view_versjon``); also reached
        from a sak (``sak.avtaleversjoner.visible_to(user)``) by saker, which imports no
        avtaler."""
        return self.filter(versjon_visible_q(user))


class Avtalepart(models.Model):
    """A party to an agreement; «XX kommune og SiV» templates are signed per municipality."""

    avtale = models.ForeignKey(
        Avtale, verbose_name="avtale", on_delete=models.CASCADE, related_name="avtaleparter"
    )
    partner = models.ForeignKey(
        Partner, verbose_name="part", on_delete=models.PROTECT, related_name="avtaleparter"
    )
    signert = models.DateField("signert", null=True, blank=True)
    merknad = models.CharField("merknad", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["avtale", "partner__navn"]
        verbose_name = "avtalepart"
        verbose_name_plural = "avtaleparter"
        constraints = [
            models.UniqueConstraint(
                fields=["avtale", "partner"],
                name="avtalepart_en_gang",
                violation_error_message="Parten er allerede med i avtalen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.avtale}"


def avtalefil_path(instance: Avtaleversjon, filename: str) -> str:
    # A random directory per upload, as for vedlegg: readable names, paths not guessable.
    import secrets

    return f"avtaler/{secrets.token_hex(8)}/{short_filename(os.path.basename(filename))}"


class Avtaleversjon(WithTextHtml):
    """One version of an agreement's text: adopted in a sak, in force for a period, published
    (to the public) or not. At most one version of an agreement is in force on any day
    (``avtaler.services.versjon_add`` ends the previous one)."""

    TEXT_FIELDS = ("tekst",)

    avtale = models.ForeignKey(
        Avtale, verbose_name="avtale", on_delete=models.CASCADE, related_name="versjoner"
    )
    versjon = models.CharField("versjon", max_length=40, help_text="F.eks. «2025».")
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="Avtaleteksten. Tom linje gir nytt avsnitt, linjer som starter med «- » blir "
        "punktliste.",
    )
    tekst_html = html_field("tekst")
    fil = models.FileField("fil", upload_to=avtalefil_path, blank=True, max_length=300)
    innholdstype = models.CharField("innholdstype", max_length=100, blank=True)
    storrelse = models.PositiveBigIntegerField("størrelse (byte)", null=True, blank=True)
    gjelder_fra = models.DateField("gjelder fra", null=True, blank=True)
    gjelder_til = models.DateField("gjelder til", null=True, blank=True)
    vedtatt_i = models.ForeignKey(
        Sak,
        verbose_name="vedtatt i sak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="avtaleversjoner",
    )
    vedtatt_i_tekst = models.CharField(
        "vedtatt i (sak utenfor portalen)",
        max_length=200,
        blank=True,
        help_text="For saker som ikke finnes i portalen, f.eks. «SSU-sak 2025.35».",
    )
    vedtatt_dato = models.DateField("vedtatt", null=True, blank=True)
    erstatter = models.ForeignKey(
        "self",
        verbose_name="erstatter versjon",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erstattet_av",
    )
    publisert = models.DateTimeField(
        "publisert",
        null=True,
        blank=True,
        help_text="Upubliserte versjoner vises bare for sekretariatet.",
    )
    merknad = models.CharField("merknad", max_length=300, blank=True)
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()
    objects = AvtaleversjonQuerySet.as_manager()

    class Meta:
        ordering = ["avtale", "-gjelder_fra", "-pk"]
        verbose_name = "avtaleversjon"
        verbose_name_plural = "avtaleversjoner"
        constraints = [
            models.UniqueConstraint(
                fields=["avtale", "versjon"],
                name="avtaleversjon_unik_per_avtale",
                violation_error_message="Avtalen har allerede en versjon med dette navnet.",
            ),
            models.CheckConstraint(
                condition=Q(gjelder_til__isnull=True)
                | Q(gjelder_fra__isnull=True)
                | Q(gjelder_til__gte=models.F("gjelder_fra")),
                name="avtaleversjon_til_etter_fra",
                violation_error_message="«Gjelder til» kan ikke være før «gjelder fra».",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.avtale} – versjon {self.versjon}"

    def get_absolute_url(self) -> str:
        return pk_url("avtaleversjon", self.pk)

    def in_force_on(self, dag: datetime.date) -> bool:
        return (
            self.gjelder_fra is not None
            and self.gjelder_fra <= dag
            and (self.gjelder_til is None or self.gjelder_til >= dag)
        )

    @property
    def in_force(self) -> bool:
        return self.in_force_on(today())

    def overlapping(self):
        """The agreement's other versions whose period overlaps this one's."""
        if self.gjelder_fra is None:
            return Avtaleversjon.objects.none()
        qs = self.avtale.versjoner.exclude(pk=self.pk).filter(gjelder_fra__isnull=False)
        qs = qs.filter(Q(gjelder_til__isnull=True) | Q(gjelder_til__gte=self.gjelder_fra))
        if self.gjelder_til is not None:
            qs = qs.filter(gjelder_fra__lte=self.gjelder_til)
        return qs

    def clean(self) -> None:
        if self.gjelder_fra and self.gjelder_til and self.gjelder_til < self.gjelder_fra:
            raise ValidationError({"gjelder_til": "«Gjelder til» kan ikke være før «gjelder fra»."})
        if self.avtale_id is not None:
            annen = self.overlapping().first()
            if annen is not None:
                raise ValidationError(
                    {
                        "gjelder_fra": f"Versjon {annen.versjon} gjelder i samme periode; bare én "
                        "versjon kan gjelde om gangen."
                    }
                )
        if self.erstatter_id is not None and self.erstatter is not None:
            if self.erstatter.avtale_id != self.avtale_id or self.erstatter_id == self.pk:
                raise ValidationError({"erstatter": "Velg en tidligere versjon av samme avtale."})


class EvalueringQuerySet(models.QuerySet):
    def visible_to(self, user) -> EvalueringQuerySet:
        """The evaluations of the agreements ``user`` may see; reached from a sak
        (``sak.avtaleevalueringer.visible_to(user)``) by saker, which imports no avtaler."""
        return self.filter(avtale_visible_q(user, "avtale__"))


class Evaluering(WithTextHtml):
    """A planned or held evaluation, revision or yearly review of an agreement."""

    TEXT_FIELDS = ("utfall",)

    class Art(models.TextChoices):
        EVALUERING = "evaluering", "Evaluering"
        REVISJON = "revisjon", "Revisjon"
        GJENNOMGANG = "gjennomgang", "Årlig gjennomgang"

    class Status(models.TextChoices):
        PLANLAGT = "planlagt", "Planlagt"
        GJENNOMFORT = "gjennomfort", "Gjennomført"

    avtale = models.ForeignKey(
        Avtale, verbose_name="avtale", on_delete=models.CASCADE, related_name="evalueringer"
    )
    art = models.CharField("art", max_length=20, choices=Art.choices, default=Art.EVALUERING)
    tittel = models.CharField(
        "beskrivelse", max_length=300, blank=True, help_text="F.eks. «Første evaluering»."
    )
    planlagt = models.DateField("planlagt dato", null=True, blank=True)
    planlagt_tekst = models.CharField(
        "når",
        max_length=200,
        blank=True,
        help_text="Fritekst når datoen ikke er fast, f.eks. «Behandles i SSU 27. november 2026».",
    )
    ansvarlig_organ = models.ForeignKey(
        Organ,
        verbose_name="ansvarlig organ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="avtaleevalueringer",
    )
    ansvarlig = models.CharField(
        "ansvarlig", max_length=200, blank=True, help_text="F.eks. «Sekretariatet»."
    )
    behandlet_i = models.ForeignKey(
        Sak,
        verbose_name="behandlet i sak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="avtaleevalueringer",
    )
    utfall = models.TextField("utfall", blank=True)
    utfall_html = html_field("utfall")
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.PLANLAGT
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()
    objects = EvalueringQuerySet.as_manager()

    class Meta:
        ordering = ["avtale", "planlagt", "pk"]
        verbose_name = "evaluering"
        verbose_name_plural = "evalueringer"
        constraints = [
            models.CheckConstraint(
                condition=Q(planlagt__isnull=False) | ~Q(planlagt_tekst=""),
                name="evaluering_har_tidspunkt",
                violation_error_message="Oppgi dato eller når evalueringen skal skje.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} av {self.avtale}"

    @property
    def label(self) -> str:
        return self.tittel or self.get_art_display()
