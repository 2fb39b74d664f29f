"""Core domain shared by all apps: partners, bodies (organer), persons and memberships (verv)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history import register
from simple_history.models import HistoricalRecords

from . import saksnummer
from .images import validate_logo
from .versions import new_version


def today() -> datetime.date:
    return timezone.localdate()


class Partner(models.Model):
    """An organisation taking part in the helsefellesskap (municipality, hospital trust, ...)."""

    class Type(models.TextChoices):
        KOMMUNE = "kommune", "Kommune"
        HELSEFORETAK = "helseforetak", "Helseforetak"
        ARBEIDSLIV = "arbeidsliv", "Arbeidstaker- eller arbeidsgiverorganisasjon"
        BRUKERORGANISASJON = "brukerorganisasjon", "Brukerorganisasjon"
        UTDANNING = "utdanning", "Utdanning og forskning"
        OFFENTLIG = "offentlig", "Annen offentlig virksomhet"
        ANNET = "annet", "Annet"

    navn = models.CharField("navn", max_length=200, unique=True)
    kortnavn = models.CharField("kortnavn", max_length=40, blank=True)
    type = models.CharField("type", max_length=30, choices=Type.choices)
    avtalepart = models.BooleanField(
        "part i samarbeidsavtalen",
        default=False,
        help_text="Kommunene og helseforetaket som har inngått samarbeidsavtalen.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["type", "navn"]
        verbose_name = "partner"
        verbose_name_plural = "partnere"

    def __str__(self) -> str:
        return self.navn

    @property
    def display_name(self) -> str:
        return self.kortnavn or self.navn


class OrganQuerySet(models.QuerySet):
    def active(self, dato: datetime.date | None = None) -> OrganQuerySet:
        dato = dato or today()
        return self.active_between(dato, dato)

    def active_between(self, fra: datetime.date, til: datetime.date) -> OrganQuerySet:
        """Bodies active some day from ``fra`` to ``til``, both inclusive."""
        return self.filter(
            Q(aktiv_fra__isnull=True) | Q(aktiv_fra__lte=til),
            Q(aktiv_til__isnull=True) | Q(aktiv_til__gte=fra),
        )

    def offentlige(self) -> OrganQuerySet:
        return self.filter(offentlig=True)


class Vedtaksord(models.TextChoices):
    """The word a body's documents use for the proposal and the decision: «Forslag til
    vedtak» / «Vedtak:» or «Forslag til konklusjon» / «Konklusjon:». The seeds differ by
    period, not by sakstype (SSU's documents of 2023–24 say «konklusjon» for every sak, its
    saksframlegg of 2026 «vedtak» for every sak), so it is the body's choice; ``sakstype`` is
    the behaviour from before the choice existed. Resolved in one place:
    ``saker.models.Sak.vedtaksord``."""

    ETTER_SAKSTYPE = "sakstype", "Etter sakstypen (vedtak for beslutningssaker, ellers konklusjon)"
    VEDTAK = "vedtak", "Vedtak («Forslag til vedtak», «Vedtak:»)"
    KONKLUSJON = "konklusjon", "Konklusjon («Forslag til konklusjon», «Konklusjon:»)"


class Organ(models.Model):
    """A body of the helsefellesskap: PM, SSU, FSU, a fagutvalg, a forum, a working group ..."""

    class Type(models.TextChoices):
        PARTNERSKAPSMOTE = "partnerskapsmote", "Partnerskapsmøte"
        STRATEGISK = "strategisk", "Strategisk samarbeidsutvalg"
        FAGLIG = "faglig", "Faglig samarbeidsutvalg"
        ARBEIDSUTVALG = "arbeidsutvalg", "Arbeidsutvalg"
        FAGUTVALG = "fagutvalg", "Fagutvalg"
        FORUM = "forum", "Forum"
        ARBEIDSGRUPPE = "arbeidsgruppe", "Arbeidsgruppe"
        PROSJEKT = "prosjekt", "Prosjekt"

    navn = models.CharField("navn", max_length=200)
    kortnavn = models.CharField(
        "kortnavn",
        max_length=40,
        unique=True,
        help_text="Brukes i saksnumre og titler, f.eks. SSU.",
    )
    slug = models.SlugField(
        "nettadresse", max_length=60, unique=True, help_text="Siste del av adressen /organ/…/."
    )
    type = models.CharField("type", max_length=30, choices=Type.choices)
    rapporterer_til = models.ForeignKey(
        "self",
        verbose_name="rapporterer til",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="underorganer",
    )
    mandat = models.TextField("mandat", blank=True)
    saksnummerformat = models.CharField(
        "saksnummerformat",
        max_length=40,
        default="{aar}.{nr}",
        validators=[saksnummer.validate_format],
        help_text="{aar} = 2024, {aa} = 24, {nr} = løpenummer ({nr:3} gir 003). "
        "Eksempler: «{aar}.{nr}» gir 2024.2, «{nr}/{aa}» gir 14/26.",
    )
    offentlig = models.BooleanField(
        "offentlig",
        default=True,
        help_text="Publiserte innkallinger og referater fra offentlige organer kan leses av alle.",
    )
    aktiv_fra = models.DateField("aktiv fra", null=True, blank=True)
    aktiv_til = models.DateField("aktiv til", null=True, blank=True)
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=100)
    paaminnelse_dager = models.PositiveSmallIntegerField(
        "påminnelse (dager før møtet)",
        null=True,
        blank=True,
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="Medlemmene som har fått innkallingen, får en påminnelse på e-post så mange "
        "dager før møtet. Tomt: ingen påminnelse.",
    )
    vedtaksord = models.CharField(
        "ord for forslag og vedtak",
        max_length=20,
        choices=Vedtaksord.choices,
        default=Vedtaksord.ETTER_SAKSTYPE,
        help_text="Hva saksframlegg, innkalling, referat og sakssidene kaller forslaget og "
        "vedtaket i organets saker.",
    )

    history = HistoricalRecords()
    objects = OrganQuerySet.as_manager()

    class Meta:
        ordering = ["rekkefolge", "navn"]
        verbose_name = "organ"
        verbose_name_plural = "organer"
        constraints = [
            models.CheckConstraint(
                condition=Q(aktiv_til__isnull=True)
                | Q(aktiv_fra__isnull=True)
                | Q(aktiv_til__gte=models.F("aktiv_fra")),
                name="organ_aktiv_periode",
                violation_error_message="«Aktiv til» kan ikke være før «aktiv fra».",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.kortnavn)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organ", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.aktiv_fra and self.aktiv_til and self.aktiv_til < self.aktiv_fra:
            raise ValidationError({"aktiv_til": "«Aktiv til» kan ikke være før «aktiv fra»."})
        # The reporting line must stay a tree.
        parent = self.rapporterer_til
        seen = set()
        while parent is not None:
            if self.pk and parent.pk == self.pk:
                raise ValidationError(
                    {
                        "rapporterer_til": "Et organ kan ikke rapportere til seg selv, direkte "
                        "eller via andre organer."
                    }
                )
            if parent.pk in seen:
                break
            seen.add(parent.pk)
            parent = parent.rapporterer_til

    def format_saksnr(self, *, aar: int, nr: int) -> str:
        return saksnummer.formater(self.saksnummerformat, aar=aar, nr=nr)

    def saksnr_parse(self, tekst: str) -> saksnummer.Saksnummer | None:
        return saksnummer.parse(self.saksnummerformat, tekst)

    def rapporteringslinje(self) -> list[Organ]:
        """The bodies this one reports to, nearest first (FSU → SSU → PM)."""
        line, parent, seen = [], self.rapporterer_til, {self.pk}
        while parent is not None and parent.pk not in seen:
            line.append(parent)
            seen.add(parent.pk)
            parent = parent.rapporterer_til
        return line

    def verv_on(self, dato: datetime.date | None = None) -> VervQuerySet:
        return self.verv.active(dato).select_related("person", "person__partner", "representerer")


class Person(models.Model):
    navn = models.CharField("navn", max_length=200)
    stilling = models.CharField("stilling", max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name="arbeidssted",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personer",
    )
    epost = models.EmailField("e-post", blank=True)
    telefon = models.CharField("telefon", max_length=30, blank=True)
    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="innlogging",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["navn"]
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self) -> str:
        return self.navn


class VervQuerySet(models.QuerySet):
    def active(self, dato: datetime.date | None = None) -> VervQuerySet:
        """Memberships in force on ``dato`` (today by default); both ends inclusive."""
        dato = dato or today()
        return self.active_between(dato, dato)

    def active_between(self, fra: datetime.date, til: datetime.date) -> VervQuerySet:
        """Memberships in force some day from ``fra`` to ``til``, both inclusive."""
        return self.filter(
            Q(fra__isnull=True) | Q(fra__lte=til), Q(til__isnull=True) | Q(til__gte=fra)
        )

    def for_user(self, user) -> VervQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(person__bruker=user)


class Verv(models.Model):
    """A person's role in a body for a period, representing a partner."""

    class Rolle(models.TextChoices):
        LEDER = "leder", "Leder"
        NESTLEDER = "nestleder", "Nestleder"
        MEDLEM = "medlem", "Medlem"
        BRUKERREPRESENTANT = "brukerrepresentant", "Brukerrepresentant"
        VARAMEDLEM = "varamedlem", "Varamedlem"
        OBSERVATOR = "observator", "Observatør"
        SEKRETARIAT = "sekretariat", "Sekretariat"

    # Order in member lists and attendance, as in the seeds' referater.
    ROLLE_REKKEFOLGE = [r.value for r in Rolle]
    # Roles that make a person one of the body's "faste medlemmer".
    FASTE_ROLLER = {Rolle.LEDER, Rolle.NESTLEDER, Rolle.MEDLEM, Rolle.BRUKERREPRESENTANT}

    person = models.ForeignKey(
        Person, verbose_name="person", on_delete=models.CASCADE, related_name="verv"
    )
    organ = models.ForeignKey(
        Organ, verbose_name="organ", on_delete=models.CASCADE, related_name="verv"
    )
    rolle = models.CharField("rolle", max_length=30, choices=Rolle.choices)
    representerer = models.ForeignKey(
        Partner,
        verbose_name="representerer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verv",
    )
    fra = models.DateField("fra", null=True, blank=True)
    til = models.DateField("til", null=True, blank=True)
    merknad = models.CharField("merknad", max_length=200, blank=True)
    vara_for = models.ForeignKey(
        Person,
        verbose_name="vara for",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="varaer",
        help_text="Bare for varamedlemmer: den faste representanten de møter for.",
    )

    history = HistoricalRecords()
    objects = VervQuerySet.as_manager()

    class Meta:
        ordering = ["organ", "fra", "person__navn"]
        verbose_name = "verv"
        verbose_name_plural = "verv"
        constraints = [
            models.CheckConstraint(
                condition=Q(til__isnull=True) | Q(fra__isnull=True) | Q(til__gte=models.F("fra")),
                name="verv_periode",
                violation_error_message="«Til» kan ikke være før «fra».",
            ),
            models.CheckConstraint(
                condition=Q(vara_for__isnull=True) | Q(rolle="varamedlem"),
                name="verv_vara_for_varamedlem",
                violation_error_message="«Vara for» gjelder bare varamedlemmer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_rolle_display().lower()} i {self.organ.kortnavn}"

    def clean(self) -> None:
        if self.fra and self.til and self.til < self.fra:
            raise ValidationError({"til": "«Til» kan ikke være før «fra»."})
        if self.vara_for_id is not None:
            self._clean_vara_for(self.vara_for_id)

    def _clean_vara_for(self, vara_for_id: int) -> None:
        """A varamedlem stands in for someone else who has a verv in the same body at some time
        in the vara's own period."""
        if self.rolle != self.Rolle.VARAMEDLEM:
            raise ValidationError({"vara_for": "«Vara for» gjelder bare varamedlemmer."})
        if vara_for_id == self.person_id:
            raise ValidationError({"vara_for": "Et varamedlem kan ikke være vara for seg selv."})
        if self.organ_id is None:
            return
        overlapping = Verv.objects.filter(organ_id=self.organ_id, person_id=vara_for_id)
        if self.pk is not None:
            overlapping = overlapping.exclude(pk=self.pk)
        if self.til is not None:
            overlapping = overlapping.filter(Q(fra__isnull=True) | Q(fra__lte=self.til))
        if self.fra is not None:
            overlapping = overlapping.filter(Q(til__isnull=True) | Q(til__gte=self.fra))
        if not overlapping.exists():
            raise ValidationError(
                {
                    "vara_for": "«Vara for» må være en som har verv i "
                    f"{self.organ.kortnavn} i samme periode som varamedlemmet."
                }
            )

    @property
    def fast_medlem(self) -> bool:
        return self.rolle in self.FASTE_ROLLER

    def active_on(self, dato: datetime.date) -> bool:
        return (self.fra is None or self.fra <= dato) and (self.til is None or self.til >= dato)


class Nettsted(models.Model):
    """The site's own branding, used on pages and in documents. One row."""

    navn = models.CharField("navn", max_length=200, default="Helsefellesskapet i Vestfold")
    kortnavn = models.CharField("kortnavn", max_length=60, blank=True, default="Helsefellesskapet")
    adresselinje = models.CharField("adresselinje", max_length=300, blank=True)
    epost = models.EmailField("e-post til sekretariatet", blank=True)
    sted = models.CharField(
        "sted",
        max_length=100,
        default="Tønsberg",
        help_text="Brukes i signaturen på saksframlegg («Tønsberg, 29. april 2026»).",
    )
    logo = models.FileField(
        "logo",
        upload_to="nettsted/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG eller WebP. SVG tas ikke imot.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nettstedsinnstillinger"
        verbose_name_plural = "nettstedsinnstillinger"

    def __str__(self) -> str:
        return self.navn

    @classmethod
    def get(cls) -> Nettsted:
        """The site's name and branding, on every page: from the cache under the master-data
        version (``pagecache.grunndata``), a copy per call."""
        import copy

        from . import pagecache

        def les() -> Nettsted:
            obj = cls.objects.order_by("pk").first()
            return obj if obj is not None else cls()

        return copy.copy(pagecache.fragment(("nettsted", pagecache.grunndata()), les))


class Dataversjon(models.Model):
    """Versions the database keeps itself for the pages cache (``helsefellesskap.versions``):
    one row, ``grunndata``, raised by triggers on every write to the master data (bodies,
    people, partners, memberships, the site's settings). Not domain data: no history."""

    navn = models.CharField("navn", max_length=40, primary_key=True)
    verdi = models.BigIntegerField("verdi", default=new_version)

    class Meta:
        verbose_name = "dataversjon"
        verbose_name_plural = "dataversjoner"

    def __str__(self) -> str:
        return f"{self.navn}: {self.verdi}"


# Who is in the secretariat (and who may log in at all) is recorded like every other change:
# the user's fields and groups, with who changed them and when. Not the password hash, and not
# the time of the last login (a login is not a change anybody needs to read back).
class _Brukerhistorikk(HistoricalRecords):
    """simple-history records a change of ``user.groups``. This records it only when the groups
    did change (Django signals ``add`` and ``remove`` even when nothing changes, as the demo
    loader's reruns do), and also when it is made from the group's side
    (``group.user_set.add(user)``), which simple-history hands the group and fails on
    (django-simple-history issue #1048): each user concerned gets a record."""

    @staticmethod
    def _groups_changed(bruker) -> bool:
        previous = bruker.history.order_by("-history_date", "-history_id").first()
        if previous is None:
            return True
        for_ = {g.group_id for g in previous.groups.all()}
        return for_ != set(bruker.groups.values_list("pk", flat=True))

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            if action in ("post_add", "post_remove", "post_clear") and not self._groups_changed(
                instance
            ):
                return None
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            instance._brukere_for_tomming = list(instance.user_set.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_brukere_for_tomming", [])
        if action in ("post_add", "post_remove", "post_clear"):
            for bruker in User.objects.filter(pk__in=pk_set or []):
                self.m2m_changed(bruker, action, attr, None, False, **kwargs)
        return None


register(
    User,
    app="helsefellesskap",
    records_class=_Brukerhistorikk,
    m2m_fields=["groups"],
    excluded_fields=["password", "last_login"],
)


@receiver(pre_save, sender=User)
def _innlogging_uten_historikk(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        instance.skip_history_when_saving = True


@receiver(post_save, sender=User)
def _login_stored(sender, instance, **kwargs) -> None:
    # After simple-history's own receiver, connected when the model was registered above.
    instance.__dict__.pop("skip_history_when_saving", None)


class Epost(models.Model):
    """One e-mail in the outbox (``helsefellesskap.outbox``): queued in the transaction that
    decides it, sent by a Celery task after commit, retried on mail-server errors. ``nokkel``
    makes each message once-only: one per person and event, however often the event is
    repeated or the task retried.

    A log of what was sent, written by the portal itself rather than edited by anyone: no
    history of its own (each row is its own record: when queued, tried, sent)."""

    class Art(models.TextChoices):
        INVITASJON = "invitasjon", "Invitasjon"
        INNLOGGINGSLENKE = "innloggingslenke", "Innloggingslenke"
        PASSORD = "passord", "Nytt passord"
        INNKALLING = "innkalling", "Innkalling"
        TILLEGGSINNKALLING = "tilleggsinnkalling", "Tilleggsinnkalling"
        REFERAT_KOMMENTAR = "referat_kommentar", "Referat til kommentar"
        REFERAT_PUBLISERT = "referat_publisert", "Referat publisert"
        PAAMINNELSE = "paaminnelse", "Påminnelse"
        FORFALL = "forfall", "Forfall"
        AVLYSNING = "avlysning", "Avlysning"
        FLYTTING = "flytting", "Møtet er flyttet"
        OPPFOLGING = "oppfolging", "Oppfølgingsfrist"

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        SENDT = "sendt", "Sendt"
        FEILET = "feilet", "Feilet"
        UTEN_ADRESSE = "uten_adresse", "Mangler e-postadresse"

    nokkel = models.CharField("nøkkel", max_length=200, unique=True)
    art = models.CharField("art", max_length=30, choices=Art.choices)
    person = models.ForeignKey(
        Person,
        verbose_name="mottaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eposter",
    )
    mote_id = models.PositiveIntegerField(
        "møte", null=True, blank=True, db_index=True, help_text="Møtet meldingen gjelder."
    )
    til = models.EmailField("til", max_length=254, blank=True)
    emne = models.CharField("emne", max_length=300)
    tekst = models.TextField("tekst")
    ics = models.TextField("kalenderinvitasjon (.ics)", blank=True)
    vedlegg = models.JSONField(
        "vedlegg",
        default=list,
        blank=True,
        help_text="Filer som legges ved: [{navn, sti, type}] i fillageret.",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.VENTER
    )
    forsok = models.PositiveSmallIntegerField("forsøk", default=0)
    neste_forsok = models.DateTimeField("neste forsøk", null=True, blank=True)
    feilmelding = models.CharField("feilmelding", max_length=500, blank=True)
    opprettet = models.DateTimeField("lagt i utboksen", auto_now_add=True)
    sendt = models.DateTimeField("sendt", null=True, blank=True)

    class Meta:
        ordering = ["-opprettet", "pk"]
        verbose_name = "e-post"
        verbose_name_plural = "e-poster"
        indexes = [models.Index(fields=["status", "neste_forsok"])]

    def __str__(self) -> str:
        return f"{self.get_art_display()} til {self.til or self.person or '–'}"
