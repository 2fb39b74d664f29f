"""A sak's change history as people read it: who, when, and what changed from what to what."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Sak

# Fields whose changes are noise to a reader (ordering, housekeeping; the year and running
# number are shown as the saksnr).
_SKJULT = {"rekkefolge", "opprettet", "endret", "id", "aar", "lopenr"}


@dataclass
class Endring:
    felt: str
    fra: str
    til: str


@dataclass
class Logglinje:
    tidspunkt: object
    hvem: str
    hva: str
    endringer: list[Endring]


def _vis(felt, verdi) -> str:
    if verdi in (None, "", []):
        return "–"
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, list):
        labels = dict(felt.choices) if getattr(felt, "choices", None) else {}
        return ", ".join(str(labels.get(v, v)) for v in verdi)
    if getattr(felt, "choices", None):
        return str(dict(felt.choices).get(verdi, verdi))
    if getattr(felt, "related_model", None) is not None:
        obj = felt.related_model.objects.filter(pk=verdi).first()
        return str(obj) if obj else f"#{verdi}"
    return str(verdi)


def endringslogg(sak: Sak) -> list[Logglinje]:
    poster = list(sak.history.select_related("history_user").order_by("history_date", "history_id"))
    linjer = []
    forrige = None
    for post in poster:
        hvem = "systemet"
        if post.history_user is not None:
            person = getattr(post.history_user, "person", None)
            hvem = person.navn if person else post.history_user.get_username()
        if forrige is None:
            hva = "Opprettet"
            endringer = []
        else:
            diff = post.diff_against(forrige)
            endringer = []
            for c in diff.changes:
                if c.field in _SKJULT:
                    continue
                felt = Sak._meta.get_field(c.field)
                endringer.append(
                    Endring(
                        felt=str(felt.verbose_name).capitalize(),
                        fra=_vis(felt, c.old),
                        til=_vis(felt, c.new),
                    )
                )
            hva = post.history_change_reason or ("Endret" if endringer else "")
            if not endringer and not post.history_change_reason:
                forrige = post
                continue
        linjer.append(
            Logglinje(tidspunkt=post.history_date, hvem=hvem, hva=hva, endringer=endringer)
        )
        forrige = post
    return list(reversed(linjer))
