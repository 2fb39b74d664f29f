"""Case items (saker) on a meeting's agenda, their attachments (vedlegg) and follow-ups."""

from __future__ import annotations

import os

from django.db import models
from django.db.models import ExpressionWrapper, Q, Value
from simple_history.models import HistoricalRecords

from helsefellesskap.limits import WebLink, in_aarspenn, is_web_link
from helsefellesskap.links import pk_url
from helsefellesskap.models import Organ, Person, Vedtaksord
from helsefellesskap.text import WithTextHtml, html_field
from helsefellesskap.versions import new_version
from moter import access
from moter.models import Mote


class Sakstype(models.TextChoices):
    BESLUTNING = "beslutning", "Beslutning"
    ORIENTERING = "orientering", "Orientering"
    DISKUSJON = "diskusjon", "Diskusjon"
    DIALOG = "dialog", "Dialog"
    GODKJENNING = "godkjenning", "Godkjenning"
    REFERATSAK = "referatsak", "Referatsak"
    EVENTUELT = "eventuelt", "Eventuelt"


class SakQuerySet(models.QuerySet):
    def saker(self) -> SakQuerySet:
        """Numbered case items, not pause lines and other unnumbered agenda lines."""
        return self.filter(type=Sak.Type.SAK)

    def in_queue(self) -> SakQuerySet:
        return self.filter(mote__isnull=True, type=Sak.Type.SAK)

    def offentlige(self) -> SakQuerySet:
        return self.filter(unntatt_offentlighet=False)

    def referat_readable_for(self, user) -> SakQuerySet:
        """Saker on a meeting whose referat ``user`` may read, each with ``skjermet``.

        The rule is ``moter.access.can_read_vedtak_of`` (those who run the body read all; those
        who read the meeting's members' edition once the referat is sent to them; everybody the
        published referater of public meetings). ``skjermet`` is true for an exempt sak the
        user reads only in the public edition: its title is screened and its vedtak and
        follow-ups are not shown (the vedtak register and the follow-up list)."""
        qs = self.saker().filter(mote__isnull=False)
        if access.is_sekretariat(user):
            return qs.annotate(skjermet=Value(False, output_field=models.BooleanField()))
        leser = access.members_referat_q(user, prefix="mote__") | access.managed_q(
            user, prefix="mote__"
        )
        return qs.filter(access.vedtak_readable_q(user, prefix="mote__")).annotate(
            skjermet=ExpressionWrapper(
                Q(unntatt_offentlighet=True) & ~leser, output_field=models.BooleanField()
            )
        )


class Sak(WithTextHtml):
    """One line of an agenda: a numbered case (sak), or an unnumbered line such as «Pause»."""

    TEXT_FIELDS = (
        "hensikt",
        "faktagrunnlag",
        "vurdering",
        "forslag_til_vedtak",
        "protokoll",
        "vedtak",
    )

    class Type(models.TextChoices):
        SAK = "sak", "Sak"
        PAUSE = "pause", "Pause"
        ANNET = "annet", "Annen linje i sakslisten"

    class Status(models.TextChoices):
        AKTIV = "aktiv", "Aktiv"
        TRUKKET = "trukket", "Trukket"

    organ = models.ForeignKey(
        Organ, verbose_name="organ", on_delete=models.PROTECT, related_name="saker"
    )
    mote = models.ForeignKey(
        Mote,
        verbose_name="møte",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saker",
        help_text="Tomt for saker i sakskøen som ennå ikke er satt opp på et møte.",
    )
    type = models.CharField("type", max_length=10, choices=Type.choices, default=Type.SAK)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)
    aar = models.PositiveSmallIntegerField("år", null=True, blank=True)
    lopenr = models.PositiveIntegerField("løpenummer", null=True, blank=True)
    saksnr = models.CharField("saksnr.", max_length=40, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.AKTIV)
    sakstyper = models.JSONField("sakstyper", default=list, blank=True)
    tittel = models.CharField("tittel", max_length=500)
    arkivsaksid = models.CharField(
        "saksid i arkivet", max_length=60, blank=True, help_text="F.eks. 26/02136-16."
    )
    saksbehandler = models.ForeignKey(
        Person,
        verbose_name="saksbehandler",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hensikt = models.TextField(
        "hensikten med saken",
        blank=True,
        help_text="Kort beskrivelse som vises i sakslisten. Tom linje gir nytt avsnitt, "
        "linjer som starter med «- » blir punktliste.",
    )
    faktagrunnlag = models.TextField("faktagrunnlag", blank=True)
    vurdering = models.TextField("vurdering", blank=True)
    forslag_til_vedtak = models.TextField(
        "forslag til vedtak",
        blank=True,
        help_text="Nummererte punkter skrives som linjer som starter med «1. », «2. » osv.",
    )
    varighet = models.PositiveSmallIntegerField(
        "planlagt varighet (minutter)", null=True, blank=True
    )
    protokoll = models.TextField("møtebehandling", blank=True)
    vedtak = models.TextField("vedtak/konklusjon", blank=True)
    # The texts above as safe HTML, rendered when they are saved (helsefellesskap.text).
    hensikt_html = html_field("hensikt")
    faktagrunnlag_html = html_field("faktagrunnlag")
    vurdering_html = html_field("vurdering")
    forslag_til_vedtak_html = html_field("forslag_til_vedtak")
    protokoll_html = html_field("protokoll")
    vedtak_html = html_field("vedtak")
    unntatt_offentlighet = models.BooleanField("unntatt offentlighet", default=False)
    hjemmel = models.CharField(
        "hjemmel",
        max_length=100,
        blank=True,
        help_text="Lovhjemmel for unntaket, f.eks. «Offl. § 14».",
    )
    offentlig_tittel = models.CharField(
        "offentlig tittel",
        max_length=500,
        blank=True,
        help_text="Skjermet tittel som allmennheten ser når saken er unntatt offentlighet.",
    )
    referat_for = models.ForeignKey(
        Mote,
        verbose_name="referat fra møtet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referatsaker",
        help_text="For «Referat fra forrige møte»: møtet hvis referat behandles i saken.",
    )
    kopiert_fra = models.ForeignKey(
        "self",
        verbose_name="kopiert fra",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kopier",
    )
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)
    endret = models.DateTimeField("endret", auto_now=True)
    # Raised by the database itself (triggers, helsefellesskap/versions.py) whenever the sak or
    # anything shown with it changes; each change also raises its meeting's version.
    versjon = models.BigIntegerField("versjon", default=new_version, editable=False)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    _lastet_mote_id: int | None  # the meeting when loaded (saker.signals)
    history = HistoricalRecords(excluded_fields=["endret", "versjon"])
    objects = SakQuerySet.as_manager()

    class Meta:
        ordering = ["mote", "rekkefolge", "pk"]
        verbose_name = "sak"
        verbose_name_plural = "saker"
        indexes = [models.Index(fields=["mote", "rekkefolge"])]
        constraints = [
            # Two saker of one body never share a number, whatever the editors do at once.
            models.UniqueConstraint(
                fields=["organ", "aar", "lopenr"],
                condition=Q(lopenr__isnull=False),
                name="sak_unikt_lopenr_per_organ_og_aar",
                violation_error_message="Saksnummeret er allerede brukt i dette organet.",
            ),
            models.CheckConstraint(
                condition=Q(type="sak") | Q(lopenr__isnull=True),
                name="sak_bare_saker_har_nummer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.saksnr} {self.tittel}".strip()

    def get_absolute_url(self) -> str:
        return pk_url("sak", self.pk)

    @property
    def is_sak(self) -> bool:
        return self.type == self.Type.SAK

    @property
    def is_eventuelt(self) -> bool:
        return Sakstype.EVENTUELT in self.sakstyper

    @property
    def trukket(self) -> bool:
        return self.status == self.Status.TRUKKET

    def remove_from_mote_error(self) -> str | None:
        """Why the line cannot be taken off its meeting's agenda (to the sakskø, deleted, or
        withdrawn once the innkalling is sent), in Norwegian; None when it can. The one rule
        for ``services.sak_remove_from_mote`` and the agenda editor's button."""
        mote = self.mote
        if mote is None:
            return "Saken står ikke på noe møte."
        if not mote.can_change:
            return f"Sakslisten kan ikke endres: møtet er {mote.get_status_display().lower()}."
        if self.trukket:
            return "Saken er allerede trukket."
        if mote.innkalling_frozen and self.type != self.Type.SAK:
            return "Sakslisten er sendt; linjer kan ikke fjernes, bare saker trekkes."
        return None

    @property
    def can_remove_from_mote(self) -> bool:
        return self.remove_from_mote_error() is None

    @property
    def sakstyper_display(self) -> list[str]:
        labels = dict(Sakstype.choices)
        return [labels.get(t, t) for t in self.sakstyper]

    @property
    def vedtaksord(self) -> str:
        """«vedtak» or «konklusjon»: what this sak's proposal and decision are called on every
        page and in every PDF («Forslag til {{ sak.vedtaksord }}», «{{ sak.vedtaksord|capfirst
        }}:»). The meeting's own word (an imported meeting whose documents used another one),
        else the body's setting; the body may leave it to the sakstype (Beslutning: vedtak)."""
        mote = self.mote if self.mote_id else None
        ord_ = (mote.vedtaksord if mote else "") or (mote.organ if mote else self.organ).vedtaksord
        if ord_ in {Vedtaksord.VEDTAK, Vedtaksord.KONKLUSJON}:
            return ord_
        return "vedtak" if Sakstype.BESLUTNING in self.sakstyper else "konklusjon"

    @property
    def unntatt_merking(self) -> str:
        """«Unntatt offentlighet, offl. § 14»: the marking shown beside an exempt sak, to the
        members with its content and to the public with its screened title."""
        if not self.unntatt_offentlighet:
            return ""
        hjemmel = self.hjemmel or "offl."
        return f"Unntatt offentlighet, {hjemmel[0].lower()}{hjemmel[1:]}"

    @property
    def offentlig_display_title(self) -> str:
        """What the public sees as the title of an exempt sak: the public title the
        secretariat wrote, with its legal basis, or the legal basis alone."""
        merking = self.unntatt_merking or "Unntatt offentlighet, offl."
        if self.offentlig_tittel:
            return f"{self.offentlig_tittel} ({merking})"
        return merking


# Bytes of a stored file name: file systems allow 255 per name (ext4), and Django may add
# «_abc1234» when a name is taken. The path (26 characters before the name) stays within
# Vedlegg.fil's max_length.
VEDLEGG_NAVN_MAX_BYTE = 200


def short_filename(filename: str, max_byte: int = VEDLEGG_NAVN_MAX_BYTE) -> str:
    """The name cut to ``max_byte`` bytes of UTF-8 at a whole character, its ending kept."""
    if len(filename.encode()) <= max_byte:
        return filename
    stamme, extension = os.path.splitext(filename)
    extension = extension[:16]
    place = max_byte - len(extension.encode())
    return stamme.encode()[:place].decode("utf-8", "ignore") + extension


def vedlegg_path(instance: Vedlegg, filename: str) -> str:
    # A random directory per upload: file names stay readable, but paths are not guessable.
    # Names are checked for length where they come in (saker/uploads.py); cutting them here
    # as well keeps any other way in (the admin, an import) from a «File name too long».
    import secrets

    return f"vedlegg/{secrets.token_hex(8)}/{short_filename(os.path.basename(filename))}"


class Vedlegg(models.Model):
    class TekstStatus(models.TextChoices):
        """Where the text of the file stands (saker/vedleggstekst.py)."""

        VENTER = "venter", "Venter"
        HENTET = "hentet", "Hentet"
        FEILET = "feilet", "Kunne ikke leses"
        INGEN = "ingen", "Ingen tekst (lenke, bilde, regneark eller presentasjon)"

    sak = models.ForeignKey(
        Sak, verbose_name="sak", on_delete=models.CASCADE, related_name="vedlegg"
    )
    tittel = models.CharField("tittel", max_length=300)
    fil = models.FileField("fil", upload_to=vedlegg_path, blank=True, max_length=300)
    url = models.URLField("lenke", max_length=1000, blank=True, validators=[WebLink()])
    offentlig = models.BooleanField(
        "offentlig",
        default=True,
        help_text="Ikke-offentlige vedlegg vises bare for medlemmer og sekretariatet.",
    )
    innholdstype = models.CharField("innholdstype", max_length=100, blank=True)
    storrelse = models.PositiveBigIntegerField("størrelse (byte)", null=True, blank=True)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)
    # The file's text for search (saker/vedleggstekst.py), read once by a Celery task after the
    # upload. Derived from the file, which history records: the text and its state are left out
    # of the history (``excluded_fields``), where up to a million characters would be copied
    # into every historical row of the vedlegg, and the task writes them with an UPDATE of these
    # fields alone, so it never writes back a title or «offentlig» that changed meanwhile.
    tekst = models.TextField("tekst (til søk)", blank=True, editable=False)
    tekst_status = models.CharField(
        "tekst til søk",
        max_length=10,
        choices=TekstStatus.choices,
        default=TekstStatus.VENTER,
        editable=False,
    )
    tekst_hentet = models.DateTimeField("tekst hentet", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["tekst", "tekst_status", "tekst_hentet"])

    class Meta:
        ordering = ["sak", "rekkefolge", "pk"]
        verbose_name = "vedlegg"
        verbose_name_plural = "vedlegg"

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        if self.url and not self.fil:
            # An older row with another scheme goes through the download view, which refuses it.
            return self.url if is_web_link(self.url) else pk_url("vedlegg", self.pk)
        return pk_url("vedlegg", self.pk)

    @property
    def is_link(self) -> bool:
        return bool(self.url) and not self.fil

    @property
    def filtype(self) -> str:
        """The kind of file as a reader names it («PDF», «Word»), or "" when not known."""
        return _FILTYPER.get(self.innholdstype, "")


_FILTYPER = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}


class Ansvar(models.Model):
    """Who presents or answers for a sak: a person, or a body or unit written as text."""

    sak = models.ForeignKey(Sak, on_delete=models.CASCADE, related_name="ansvar")
    person = models.ForeignKey(
        Person,
        verbose_name="person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ansvar",
    )
    tekst = models.CharField("tekst", max_length=200, blank=True)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sak", "rekkefolge", "pk"]
        verbose_name = "ansvarlig"
        verbose_name_plural = "ansvar"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(tekst=""), name="ansvar_person_eller_tekst"
            )
        ]

    def __str__(self) -> str:
        return self.person.navn if self.person is not None else self.tekst


class Oppfolging(models.Model):
    """A follow-up action decided under a sak."""

    class Status(models.TextChoices):
        APEN = "apen", "Åpen"
        PAGAR = "pagar", "Pågår"
        FULLFORT = "fullfort", "Fullført"

    sak = models.ForeignKey(
        Sak, verbose_name="sak", on_delete=models.CASCADE, related_name="oppfolginger"
    )
    beskrivelse = models.TextField("beskrivelse")
    ansvarlig = models.ForeignKey(
        Person,
        verbose_name="ansvarlig",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oppfolginger",
    )
    frist = models.DateField("frist", null=True, blank=True, validators=[in_aarspenn])
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.APEN)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords()

    class Meta:
        ordering = ["sak", "rekkefolge", "pk"]
        verbose_name = "oppfølgingspunkt"
        verbose_name_plural = "oppfølgingspunkter"

    def __str__(self) -> str:
        return self.beskrivelse[:80]


class Inhabilitet(models.Model):
    """A member who was inhabil (disqualified) for a sak and left during its treatment."""

    sak = models.ForeignKey(
        Sak, verbose_name="sak", on_delete=models.CASCADE, related_name="inhabiliteter"
    )
    person = models.ForeignKey(
        Person, verbose_name="person", on_delete=models.PROTECT, related_name="inhabiliteter"
    )
    begrunnelse = models.CharField("begrunnelse", max_length=300)

    _change_reason: str  # simple_history's reason for the next history row, set before save
    history = HistoricalRecords()

    class Meta:
        ordering = ["sak", "person__navn"]
        verbose_name = "inhabilitet"
        verbose_name_plural = "inhabiliteter"
        constraints = [
            models.UniqueConstraint(
                fields=["sak", "person"],
                name="inhabil_en_gang_per_sak",
                violation_error_message="Personen er allerede registrert som inhabil i saken.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} inhabil i {self.sak.saksnr}"


class ReferatKommentar(WithTextHtml):
    """A member's comment on a draft referat sent for comments."""

    TEXT_FIELDS = ("tekst",)

    mote = models.ForeignKey(
        Mote, verbose_name="møte", on_delete=models.CASCADE, related_name="referatkommentarer"
    )
    sak = models.ForeignKey(
        Sak,
        verbose_name="sak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referatkommentarer",
    )
    forfatter = models.ForeignKey(
        "auth.User",
        verbose_name="skrevet av",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    tekst = models.TextField("kommentar")
    tekst_html = html_field("tekst")
    opprettet = models.DateTimeField("skrevet", auto_now_add=True)

    class Meta:
        ordering = ["mote", "opprettet"]
        verbose_name = "kommentar til referat"
        verbose_name_plural = "kommentarer til referat"

    def __str__(self) -> str:
        return self.tekst[:60]

    @property
    def forfatter_navn(self) -> str:
        if self.forfatter is None:
            return "ukjent"
        person = getattr(self.forfatter, "person", None)
        return person.navn if person else self.forfatter.get_username()


class Referatversjon(models.Model):
    """An approved referat, frozen: version 1 at approval, a new version for each correction."""

    mote = models.ForeignKey(
        Mote, verbose_name="møte", on_delete=models.CASCADE, related_name="referatversjoner"
    )
    versjon = models.PositiveIntegerField("versjon")
    begrunnelse = models.CharField("begrunnelse", max_length=500)
    innhold = models.JSONField("innhold (mote/1)")
    av = models.ForeignKey(
        "auth.User", verbose_name="av", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Version 1: the «Referat …» sak of the meeting that approved the referat.
    godkjent_i = models.ForeignKey(
        "Sak",
        verbose_name="godkjent i sak",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField("tidspunkt", auto_now_add=True)

    class Meta:
        ordering = ["mote", "versjon"]
        verbose_name = "referatversjon"
        verbose_name_plural = "referatversjoner"
        constraints = [
            models.UniqueConstraint(fields=["mote", "versjon"], name="referatversjon_unik")
        ]

    def __str__(self) -> str:
        return f"Referat {self.mote} versjon {self.versjon}"


class Saksforbindelse(models.Model):
    """A link on a case's path across bodies and years: the later sak (``fra``) follows up, was
    sent on from, or was sent back from the earlier one (``til``) — «oppfølging av SSU-sak
    2025/36», «sendes tilbake til FSU for konkretisering». Added by the secretariat."""

    class Type(models.TextChoices):
        OPPFOLGING = "oppfolging", "Oppfølging av"
        SENDT = "sendt", "Sendt hit fra"
        TILBAKE = "tilbake", "Sendt tilbake fra"
        RELATERT = "relatert", "Henger sammen med"

    # How the earlier sak names the later one.
    MOTSATT = {
        Type.OPPFOLGING: "Fulgt opp i",
        Type.SENDT: "Sendt videre til",
        Type.TILBAKE: "Sendt tilbake til",
        Type.RELATERT: "Henger sammen med",
    }

    fra = models.ForeignKey(
        Sak, verbose_name="senere sak", on_delete=models.CASCADE, related_name="forbindelser"
    )
    til = models.ForeignKey(
        Sak, verbose_name="tidligere sak", on_delete=models.CASCADE, related_name="forbindelser_inn"
    )
    type = models.CharField("forbindelse", max_length=20, choices=Type.choices)
    merknad = models.CharField("merknad", max_length=300, blank=True)
    opprettet = models.DateTimeField("opprettet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = "saksforbindelse"
        verbose_name_plural = "saksforbindelser"
        constraints = [
            models.UniqueConstraint(
                fields=["fra", "til"],
                name="saksforbindelse_en_gang",
                violation_error_message="Sakene er allerede koblet.",
            ),
            models.CheckConstraint(
                condition=~Q(fra=models.F("til")),
                name="saksforbindelse_ikke_seg_selv",
                violation_error_message="En sak kan ikke kobles til seg selv.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fra} – {self.get_type_display().lower()} – {self.til}"
