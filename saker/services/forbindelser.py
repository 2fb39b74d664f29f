"""A case's path: the saker one matter goes through across bodies and years (a fagutvalg, FSU,
SSU, Partnerskapsmøtet), linked by the secretariat (``Saksforbindelse``), with links suggested
from the saksnr a sak's text mentions. What a reader sees of the path is what they may read of
each sak: drafts only for those who run the body, an exempt sak by number and screened title."""

from __future__ import annotations

import datetime
import re
from collections import deque
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q

from helsefellesskap.models import Organ
from moter import access
from moter.access import Tilgang
from moter.display import referat_visible
from saker.models import Oppfolging, Sak, Saksforbindelse

T = Saksforbindelse.Type

# The choice in the form, from the sak at hand: «ut» makes it the later sak of the link.
RETNINGER = [
    ("ut:oppfolging", "Denne saken følger opp"),
    ("ut:sendt", "Denne saken er sendt hit fra"),
    ("ut:tilbake", "Denne saken er sendt tilbake fra"),
    ("inn:oppfolging", "Denne saken er fulgt opp i"),
    ("inn:sendt", "Denne saken er sendt videre til"),
    ("inn:tilbake", "Denne saken er sendt tilbake til"),
    ("ut:relatert", "Denne saken henger sammen med"),
]
MAX_SAKER = 60  # the longest path shown (a matter rarely passes more than a dozen meetings)


def sak_find(*, organ: Organ, saksnr: str) -> Sak | None:
    return Sak.objects.filter(organ=organ, saksnr=saksnr.strip()).select_related("mote").first()


@transaction.atomic
def saksforbindelse_add(
    *, sak: Sak, annen: Sak, retning: str, merknad: str = ""
) -> Saksforbindelse:
    """Link ``sak`` to ``annen`` as ``retning`` says (one of ``RETNINGER``)."""
    side, _, type_ = retning.partition(":")
    if side not in {"ut", "inn"} or type_ not in T.values:
        raise ValidationError({"retning": "Velg en forbindelse i listen."})
    if annen.pk == sak.pk:
        raise ValidationError({"saksnr": "En sak kan ikke kobles til seg selv."})
    if Saksforbindelse.objects.filter(Q(fra=sak, til=annen) | Q(fra=annen, til=sak)).exists():
        raise ValidationError({"saksnr": f"Saken er allerede koblet til sak {annen.saksnr}."})
    fra, til = (sak, annen) if side == "ut" else (annen, sak)
    forbindelse = Saksforbindelse(fra=fra, til=til, type=type_, merknad=merknad.strip())
    forbindelse.full_clean()
    try:
        with transaction.atomic():
            forbindelse.save()
    except IntegrityError as exc:  # the same link made meanwhile
        raise ValidationError({"saksnr": "Sakene er allerede koblet."}) from exc
    return forbindelse


@transaction.atomic
def saksforbindelse_remove(*, forbindelse: Saksforbindelse) -> None:
    forbindelse.delete()


@dataclass
class Ledd:
    """One sak on the path as a reader sees it."""

    sak: Sak
    tittel: str
    skjermet: bool
    vis_vedtak: bool
    dato: datetime.datetime | None
    forbindelser: list[tuple[str, Sak, Saksforbindelse]] = field(default_factory=list)
    # The follow-ups of its vedtak, shown with the vedtak (as on the sak page).
    oppfolginger: list[Oppfolging] = field(default_factory=list)


def _ids_on_path(sak: Sak) -> tuple[set[int], list[Saksforbindelse]]:
    """Every sak linked to ``sak`` directly or through others (breadth first, bounded)."""
    seen, queue = {sak.pk}, deque([sak.pk])
    links: dict[int, Saksforbindelse] = {}
    while queue and len(seen) < MAX_SAKER:
        ids = list(queue)
        queue.clear()
        for f in Saksforbindelse.objects.filter(Q(fra_id__in=ids) | Q(til_id__in=ids)):
            links[f.pk] = f
            for pk in (f.fra_id, f.til_id):
                if pk not in seen and len(seen) < MAX_SAKER:
                    seen.add(pk)
                    queue.append(pk)
    return seen, list(links.values())


def sakens_gang(sak: Sak, user) -> list[Ledd]:
    """The path through ``sak``, oldest meeting first (saker in the sakskø last), with only the
    saker ``user`` may see, each as they may read it."""
    ids, links = _ids_on_path(sak)
    saker = {
        s.pk: s
        for s in Sak.objects.filter(pk__in=ids)
        .filter(access.sak_visible_q(user))
        .select_related("mote__organ", "organ")
        .prefetch_related(
            Prefetch("oppfolginger", queryset=Oppfolging.objects.select_related("ansvarlig"))
        )
    }
    ledd: dict[int, Ledd] = {}
    for s in saker.values():
        tilgang = access.sak_tilgang(user, s)
        skjermet = access.is_sak_screened_in(s, tilgang)
        referat = bool(
            s.mote is not None
            and not skjermet
            and tilgang > Tilgang.NO
            and referat_visible(s.mote, tilgang)
        )
        ledd[s.pk] = Ledd(
            sak=s,
            tittel=s.offentlig_display_title if skjermet else s.tittel,
            skjermet=skjermet,
            vis_vedtak=referat and bool(s.vedtak),
            dato=s.mote.start if s.mote else None,
            oppfolginger=list(s.oppfolginger.all()) if referat else [],
        )
    for f in links:
        if f.fra_id in ledd and f.til_id in ledd:
            ledd[f.fra_id].forbindelser.append((f.get_type_display(), saker[f.til_id], f))
            ledd[f.til_id].forbindelser.append(
                (str(Saksforbindelse.MOTSATT[T(f.type)]), saker[f.fra_id], f)
            )
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return sorted(ledd.values(), key=lambda r: (r.dato or far, r.sak.pk))


# «sak 2025/36», «SSU-sak 2024.12», «FSU sak 14/26»: the saksnr a text mentions, with the body
# when it is named right before.
_NEVNT = re.compile(
    r"(?:\b(?P<organ>[A-ZÆØÅ][A-Za-zÆØÅæøå]{1,15})[- ])?"
    r"\bsak(?:en|ene)?\s+(?P<nr>\d{1,4}[./]\d{1,4})\b",
    re.IGNORECASE,
)


def suggestions(sak: Sak, user) -> list[Sak]:
    """Saker the text of ``sak`` mentions by saksnr, that ``user`` may see and that it is not
    linked to yet."""
    tekst = " ".join(
        getattr(sak, f) or ""
        for f in ("tittel", "hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak")
    )
    kortnavn = {o.kortnavn.lower(): o.pk for o in Organ.objects.only("pk", "kortnavn")}
    funnet: Q | None = None
    for m in _NEVNT.finditer(tekst):
        organ_id = kortnavn.get((m.group("organ") or "").lower())
        q = Q(saksnr=m.group("nr")) & (Q(organ_id=organ_id) if organ_id else Q())
        funnet = q if funnet is None else funnet | q
    if funnet is None:
        return []
    linket = set(sak.forbindelser.values_list("til_id", flat=True)) | set(
        sak.forbindelser_inn.values_list("fra_id", flat=True)
    )
    return list(
        Sak.objects.filter(funnet)
        .filter(access.sak_visible_q(user))
        .exclude(pk=sak.pk)
        .exclude(pk__in=linket)
        .select_related("organ", "mote")
        .order_by("organ__kortnavn", "saksnr")[:10]
    )
