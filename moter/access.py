"""Every access rule of the portal, in one place: who may see and do what with a meeting, its
agenda (saker), vedlegg, referat and documents.

The rules are named predicates (django-rules, ``@rules.predicate``) composed with ``&``, ``|``
and ``~``, called as ``rule(user, obj)``. Beside each rule that lists need, the query filter
(``..._q``) that is the same rule for a queryset, so a list never shows what its reader cannot
open (``tests/moter/test_access.py`` checks that predicate and filter agree). The rules are
registered as permissions (``PERMISSIONS``: ``moter.view_mote``, ``saker.view_sak`` …) for
templates (``{% load rules %}{% test_rule %}``), ``user.has_perm`` and the admin; hot pages call
the predicates directly, which read nothing but the request's memoised user facts.

Who runs a body (``can_manage_organ``, ``can_manage_mote``, ``can_manage_sak``): the central
secretariat every body; a body's own secretariat and an arbeidsgruppe's leader theirs
(``helsefellesskap.access.managed_organ_ids``). Running a body is its meetings, agenda,
referat, documents and members; every "may change" rule below starts from it.

Where: the user-level facts (the central secretariat, member of a body on a day, the bodies a
user runs, the members' edition policy) are the core's, ``helsefellesskap.access``; the rules
about meetings and what hangs on them are here, in the lowest app that has meetings, so every
app above (saker, avtaler, handlingsplan) can use them. Saker and vedlegg are reached by their
fields (``sak.mote``, ``sak.unntatt_offentlighet``, ``vedlegg.offentlig``): moter imports no
saker.

``Tilgang`` is the edition a reader gets of a meeting (public, members', the secretariat's), as
the agenda (``moter.display``) and the documents render it; ``mote_tilgang`` derives it from the
predicates, and the edition rules (``is_sak_screened_in``, ``is_vedlegg_shown_in``) decide what
an edition shows, for users and rendered documents alike."""

from __future__ import annotations

import datetime
from enum import IntEnum
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from helsefellesskap import access as user_access
from helsefellesskap.access import AnyUser, has_person, is_sekretariat
from helsefellesskap.models import Organ

from .models import Dokument, Mote


class Tilgang(IntEnum):
    NO = 0
    PUBLIKUM = 1  # the public edition: published, public items only
    MEDLEM = 2  # the members' edition: everything except drafts
    SEKRETARIAT = 3  # everything, and may edit


def motedato(mote: Mote) -> datetime.date:
    """The meeting's day, in Norwegian time (the day membership is judged on)."""
    return timezone.localtime(mote.start).date()


def _p(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{felt}": verdi for felt, verdi in lookups.items()})


# --- Who runs a body -------------------------------------------------------------------------


def _manages(user: AnyUser, organ_id: int | None) -> bool:
    if is_sekretariat(user):
        return True
    return organ_id is not None and organ_id in user_access.managed_organ_ids(user)


@rules.predicate
def can_manage_organ(user: AnyUser, organ: Organ | None) -> bool:
    """The body's meetings (create, edit, cancel, move, send, publish), agenda, referat,
    documents and members: the central secretariat; whoever has a verv *sekretariat* in force
    today in the body or (``SEKRETARIAT_ARVER_NEDOVER``) in one it reports to; the leader of an
    arbeidsgruppe or prosjekt (``helsefellesskap.access.managed_organ_ids``). No body (None):
    the central secretariat only."""
    if organ is None:
        return bool(is_sekretariat(user))
    return _manages(user, organ.pk)


def managed_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_manage_organ`` as a filter: the rows whose body (``{prefix}organ``) ``user`` runs;
    ``prefix`` leads to a model with ``organ`` (``""`` for meetings and saker, ``"mote__"`` for
    saker by their meeting). For a body itself, ``organs_managed``."""
    if is_sekretariat(user):
        return Q()
    return _p(prefix, organ_id__in=sorted(user_access.managed_organ_ids(user)))


def organs_managed(user: AnyUser, qs: QuerySet[Organ] | None = None) -> QuerySet[Organ]:
    """The bodies (of ``qs``, all by default) ``user`` runs: the choices of «Nytt møte», the
    start page's sakskø, the import."""
    qs = Organ.objects.all() if qs is None else qs
    if is_sekretariat(user):
        return qs
    return qs.filter(pk__in=sorted(user_access.managed_organ_ids(user)))


@rules.predicate
def can_manage_mote(user: AnyUser, mote: Mote | None) -> bool:
    """``can_manage_organ`` for the meeting's body (by its id: no query)."""
    if mote is None:
        return bool(is_sekretariat(user))
    return _manages(user, mote.organ_id)


# --- Meetings -------------------------------------------------------------------------------


@rules.predicate
def is_draft(user: AnyUser, mote: Mote | None) -> bool:
    """A planned meeting whose innkalling is not sent: the secretariat's only."""
    return mote is not None and mote.status == Mote.Status.PLANLAGT


def draft_q(prefix: str = "") -> Q:
    return _p(prefix, status=Mote.Status.PLANLAGT)


@rules.predicate
def is_open_to_public(user: AnyUser, mote: Mote | None) -> bool:
    """Both the meeting and its body are public: what is published of it goes out to all."""
    return mote is not None and bool(mote.offentlig and mote.organ.offentlig)


def open_to_public_q(prefix: str = "") -> Q:
    return _p(prefix, organ__offentlig=True, offentlig=True)


@rules.predicate
def is_published(user: AnyUser, mote: Mote | None) -> bool:
    """Its innkalling or its referat is published."""
    return mote is not None and bool(mote.innkalling_publisert or mote.referat_publisert)


def published_q(prefix: str = "") -> Q:
    return _p(prefix, innkalling_publisert__isnull=False) | _p(
        prefix, referat_publisert__isnull=False
    )


# The public sees a meeting once its innkalling or referat is published, when both the
# meeting and its body are public.
is_mote_public = is_published & is_open_to_public


def mote_public_q(prefix: str = "") -> Q:
    return published_q(prefix) & open_to_public_q(prefix)


@rules.predicate
def is_member_for_mote(user: AnyUser, mote: Mote | None) -> bool:
    """A member of the meeting's body on its day or today
    (``helsefellesskap.access.can_read_members_edition``: the policy)."""
    return mote is not None and user_access.can_read_members_edition(
        user, mote.organ_id, motedato(mote)
    )


# The members' edition: exempt saker, non-public vedlegg, the referat once it is sent.
can_read_members_edition = ~is_draft & is_member_for_mote


def members_edition_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_read_members_edition`` as a filter; ``prefix`` leads to the meeting."""
    return ~draft_q(prefix) & user_access.members_edition_q(user, prefix)


can_view_mote = can_manage_mote | can_read_members_edition | is_mote_public


def mote_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_mote`` as a filter."""
    if is_sekretariat(user):
        return Q()
    return mote_public_q(prefix) | members_edition_q(user, prefix) | managed_q(user, prefix)


def motes_visible(user: AnyUser, qs: QuerySet[Mote] | None = None) -> QuerySet[Mote]:
    """The meetings (of ``qs``, all by default) ``user`` may open."""
    qs = Mote.objects.all() if qs is None else qs
    return qs.filter(mote_visible_q(user))


# The møteplan (the dates of a body's meetings, on its page): a meeting its reader may open,
# and besides, the date, time and place (nothing more: no title, agenda or link) of any meeting
# of a public body that may be published, also before its innkalling is out. A meeting that may
# not be published, or of a body that is not public, is in the møteplan only for those who may
# open it.
can_see_in_moteplan = can_view_mote | is_open_to_public


def moteplan_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_see_in_moteplan`` as a filter."""
    if is_sekretariat(user):
        return Q()  # (an empty Q would vanish from the OR below, leaving the public rows)
    return mote_visible_q(user, prefix) | open_to_public_q(prefix)


# On the pages every change to a meeting, its agenda and referat is for those who run its body;
# what the meeting's state allows is the services' rule (``moter.services``, ``saker.services``).
can_change_mote = can_manage_mote


@rules.predicate
def is_mote_open(user: AnyUser, mote: Mote | None) -> bool:
    """The meeting's details may still change: not cancelled, referat not approved
    (``Mote.can_change``)."""
    return mote is None or mote.can_change


@rules.predicate
def is_referat_locked(user: AnyUser, mote: Mote | None) -> bool:
    """An approved referat changes only through a new, recorded version (``Mote.referat_last``)."""
    return mote is not None and mote.referat_last


# The admin: details of an open meeting; attendance and the referat's fields while the
# referat is not approved.
can_change_mote_details = can_manage_mote & is_mote_open

can_change_referat = can_manage_mote & ~is_referat_locked


@rules.predicate
def is_forfall_open(user: AnyUser, mote: Mote | None) -> bool:
    """Forfall is reported before the meeting is held."""
    return mote is not None and mote.status in {Mote.Status.PLANLAGT, Mote.Status.INNKALT}


can_report_forfall = (can_manage_mote | can_read_members_edition) & has_person & is_forfall_open


# --- Referat ----------------------------------------------------------------------------------


@rules.predicate
def is_mote_held(user: AnyUser, mote: Mote | None) -> bool:
    return mote is not None and mote.status in {Mote.Status.AVHOLDT, Mote.Status.REFERAT_GODKJENT}


@rules.predicate
def is_referat_sent(user: AnyUser, mote: Mote | None) -> bool:
    """Sent to the members for comments (or further), or published."""
    return mote is not None and (
        mote.referat_status != Mote.ReferatStatus.UTKAST or bool(mote.referat_publisert)
    )


def referat_sent_q(prefix: str = "") -> Q:
    return ~_p(prefix, referat_status=Mote.ReferatStatus.UTKAST) | _p(
        prefix, referat_publisert__isnull=False
    )


@rules.predicate
def is_referat_published(user: AnyUser, mote: Mote | None) -> bool:
    return mote is not None and mote.referat_publisert is not None


# A published referat of a public meeting in a public body.
is_referat_public = is_referat_published & is_open_to_public


def referat_public_q(prefix: str = "") -> Q:
    return _p(prefix, referat_publisert__isnull=False) & open_to_public_q(prefix)


# Members read the referat once it is sent to them; the public once it is published.
can_read_members_referat = can_read_members_edition & is_referat_sent


def members_referat_q(user: AnyUser, prefix: str = "") -> Q:
    return members_edition_q(user, prefix) & referat_sent_q(prefix)


# The referat on the meeting page: those who run the body see it as it is written once the
# meeting is held (before, it is written in the editor); others as above.
can_view_referat = (can_manage_mote & is_mote_held) | (
    ~can_manage_mote & (can_read_members_referat | is_referat_public)
)

# The vedtak register and the follow-ups: those who run a body read every meeting's of it.
can_read_vedtak_of = can_manage_mote | can_read_members_referat | is_referat_public


def vedtak_readable_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_read_vedtak_of`` as a filter on meetings (``prefix``: the path to the meeting)."""
    if is_sekretariat(user):
        return Q()
    return referat_public_q(prefix) | members_referat_q(user, prefix) | managed_q(user, prefix)


# Comments on a referat sent for comments: the members (those who run the body read them).
@rules.predicate
def is_referat_to_kommentar(user: AnyUser, mote: Mote | None) -> bool:
    return mote is not None and mote.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR


can_comment_referat = ~can_manage_mote & can_read_members_edition & is_referat_to_kommentar


# --- The edition a reader gets ---------------------------------------------------------------


def mote_tilgang(user: AnyUser, mote: Mote) -> Tilgang:
    """The user's access to ``mote`` as read in this request, from the predicates: decided
    anew on every request (the groups and memberships it needs are read once per request,
    ``helsefellesskap.access``)."""
    if can_manage_mote(user, mote):
        return Tilgang.SEKRETARIAT
    if user.is_authenticated and can_read_members_edition(user, mote):
        return Tilgang.MEDLEM
    if is_mote_public(user, mote):
        return Tilgang.PUBLIKUM
    return Tilgang.NO


def require_access(user: AnyUser, mote: Mote, at_least: Tilgang = Tilgang.PUBLIKUM) -> Tilgang:
    """The user's access to ``mote``, or 404 for those who may not know it exists
    (drafts, unpublished meetings) and 403 for logged-in users who lack the role."""
    tilgang = mote_tilgang(user, mote)
    if tilgang >= at_least:
        return tilgang
    if tilgang == Tilgang.NO and at_least <= Tilgang.MEDLEM:
        raise Http404("Fant ikke møtet.")
    raise PermissionDenied("Du har ikke tilgang.")


def require_manage_organ(user: AnyUser, organ: Organ) -> None:
    """403 unless ``user`` runs ``organ`` (``can_manage_organ``): the pages that change a body's
    meetings, agenda, referat and documents, after ``organ_manager_required`` has sent
    anonymous users to the login page."""
    if not can_manage_organ(user, organ):
        raise PermissionDenied(
            f"Bare sekretariatet for {organ.kortnavn} har tilgang til denne siden."
        )


def is_sak_screened_in(sak: Any, tilgang: Tilgang) -> bool:
    """An exempt sak («unntatt offentlighet») shows in the public edition by its number and
    screened title only: no content, responsibles, vedlegg or follow-ups."""
    return tilgang < Tilgang.MEDLEM and bool(sak.unntatt_offentlighet)


def is_vedlegg_shown_in(vedlegg: Any, sak: Any, tilgang: Tilgang) -> bool:
    """A non-public vedlegg, and every vedlegg of a screened sak, is for the members' edition."""
    if tilgang == Tilgang.NO or is_sak_screened_in(sak, tilgang):
        return False
    return bool(vedlegg.offentlig) or tilgang >= Tilgang.MEDLEM


def is_innkalling_shown_in(mote: Mote, tilgang: Tilgang) -> bool:
    """The members' edition shows the innkalling as soon as it is sent; the public edition
    once it is published (a public meeting may be visible by its referat alone)."""
    return tilgang >= Tilgang.MEDLEM or mote.innkalling_publisert is not None


def document_edition(tilgang: Tilgang, wanted: str | None) -> str:
    """The edition («offentlig»/«medlem») of a PDF a reader gets: the public the public one;
    members theirs, or the public one when they ask for it; the secretariat either."""
    utgave = Dokument.Edition
    if tilgang < Tilgang.MEDLEM:
        return utgave.OFFENTLIG
    if tilgang == Tilgang.SEKRETARIAT and wanted in utgave.values:
        return str(wanted)
    return utgave.OFFENTLIG if wanted == utgave.OFFENTLIG else utgave.MEDLEM


def document_edition_to_order(tilgang: Tilgang, wanted: str | None) -> str:
    """The edition a reader orders with «Lag PDF»: members their own (the public documents are
    made by publishing); the secretariat either."""
    if tilgang == Tilgang.SEKRETARIAT:
        return document_edition(tilgang, wanted)
    return Dokument.Edition.MEDLEM


def document_editions(tilgang: Tilgang) -> list[str]:
    """The editions a reader may download (and preview)."""
    if tilgang < Tilgang.MEDLEM:
        return [Dokument.Edition.OFFENTLIG]
    return list(Dokument.Edition.values)


# --- Saker and vedlegg (reached by their fields; moter imports no saker) ----------------------


@rules.predicate
def can_manage_sak(user: AnyUser, sak: Any) -> bool:
    """``can_manage_organ`` for the body of the sak's meeting, or of the sak in the queue."""
    if sak is None:
        return bool(is_sekretariat(user))
    return _manages(user, sak.organ_id if sak.mote_id is None else sak.mote.organ_id)


def sak_managed_q(user: AnyUser) -> Q:
    """``can_manage_sak`` as a filter on saker."""
    if is_sekretariat(user):
        return Q()
    return (Q(mote__isnull=True) & managed_q(user)) | managed_q(user, "mote__")


def sak_tilgang(user: AnyUser, sak: Any) -> Tilgang:
    """The edition of ``sak``'s meeting ``user`` reads; a sak in the queue (no meeting) is the
    working list of those who run its body."""
    if sak.mote_id is None:
        return Tilgang.SEKRETARIAT if can_manage_sak(user, sak) else Tilgang.NO
    return mote_tilgang(user, sak.mote)


@rules.predicate
def can_view_sak(user: AnyUser, sak: Any) -> bool:
    """The sak's meeting is visible (drafts never to the public); a sak in the queue is for
    those who run its body."""
    if sak is None:
        return bool(is_sekretariat(user))
    return sak_tilgang(user, sak) > Tilgang.NO


def sak_visible_q(user: AnyUser) -> Q:
    """``can_view_sak`` as a filter on saker."""
    if is_sekretariat(user):
        return Q()
    return (Q(mote__isnull=False) & mote_visible_q(user, "mote__")) | (
        Q(mote__isnull=True) & managed_q(user)
    )


@rules.predicate
def can_read_sak_in_full(user: AnyUser, sak: Any) -> bool:
    """Visible and not screened: an exempt sak only to members and those who run the body."""
    if sak is None:
        return False
    tilgang = sak_tilgang(user, sak)
    return tilgang > Tilgang.NO and not is_sak_screened_in(sak, tilgang)


def sak_in_full_q(user: AnyUser) -> Q:
    """``can_read_sak_in_full`` as a filter on saker."""
    if is_sekretariat(user):
        return Q()
    return sak_visible_q(user) & (
        Q(unntatt_offentlighet=False) | members_edition_q(user, "mote__") | sak_managed_q(user)
    )


@rules.predicate
def can_download_vedlegg(user: AnyUser, vedlegg: Any) -> bool:
    """A vedlegg of a visible sak; non-public ones and those of an exempt sak only to members
    and those who run the body."""
    if vedlegg is None:
        return False
    return is_vedlegg_shown_in(vedlegg, vedlegg.sak, sak_tilgang(user, vedlegg.sak))


def vedlegg_downloadable_q(user: AnyUser) -> Q:
    """``can_download_vedlegg`` as a filter on vedlegg."""
    if is_sekretariat(user):
        return Q()
    return (
        (
            Q(sak__mote__isnull=False)
            & (
                (mote_public_q("sak__mote__") & Q(offentlig=True, sak__unntatt_offentlighet=False))
                | members_edition_q(user, "sak__mote__")
            )
        )
        | (Q(sak__mote__isnull=True) & managed_q(user, "sak__"))
        | managed_q(user, "sak__mote__")
    )


@rules.predicate
def is_innkalling_published(user: AnyUser, sak: Any) -> bool:
    """The sak's meeting has a published innkalling, whose public documents show its vedlegg."""
    return sak is not None and sak.mote is not None and sak.mote.innkalling_publisert is not None


@rules.predicate
def is_agenda_open(user: AnyUser, sak: Any) -> bool:
    """The sak's agenda may change (``Mote.can_change``; a sak in the queue always)."""
    return sak is None or sak.mote is None or sak.mote.can_change


# A sak's content is changed by those who run its body while the agenda may change
# (``saker.services.agenda_check_editable``).
can_change_sak = can_manage_sak & is_agenda_open

# A vedlegg is removed by those who run the body while the agenda may change and the
# innkalling is not published (``saker.services.vedlegg_delete_check`` gives the reasons).
can_delete_vedlegg_of = can_manage_sak & is_agenda_open & ~is_innkalling_published


@rules.predicate
def is_referat_locked_for_sak(user: AnyUser, sak: Any) -> bool:
    return sak is not None and sak.mote is not None and sak.mote.referat_last


can_change_sak_referat = can_manage_sak & ~is_referat_locked_for_sak


# --- Permissions ------------------------------------------------------------------------------

PERMISSIONS: dict[str, rules.Predicate] = {
    "helsefellesskap.manage_organ": can_manage_organ,
    "moter.view_mote": can_view_mote,
    "moter.change_mote": can_change_mote,
    "saker.change_sak": can_change_sak,
    "moter.read_members_edition": can_read_members_edition,
    "moter.view_referat": can_view_referat,
    "moter.comment_referat": can_comment_referat,
    "moter.report_forfall": can_report_forfall,
    "saker.view_sak": can_view_sak,
    "saker.read_sak_in_full": can_read_sak_in_full,
    "saker.read_vedtak": can_read_vedtak_of,
    "saker.download_vedlegg": can_download_vedlegg,
    "saker.delete_vedlegg": can_delete_vedlegg_of,
}


def register_permissions(permissions: dict[str, rules.Predicate] | None = None) -> None:
    """Called once from each app's ``ready`` with its table (``MoterConfig``: this module's):
    the permissions for ``user.has_perm`` (the backend
    ``rules.permissions.ObjectPermissionBackend``) and the rules for ``test_rule``."""
    for navn, regel in (PERMISSIONS if permissions is None else permissions).items():
        rules.set_perm(navn, regel)
        rules.set_rule(navn, regel)


def sak_link(user: AnyUser, sak: Any) -> dict | None:
    """How ``user`` sees a sak another page refers to (the sak a version was adopted in, a
    status report given in): ``{"sak", "tittel", "url"}`` with the title screened where the
    reader may not read the sak in full; None when the reader may not see the sak at all (a draft
    meeting's sak, a sak in the queue)."""
    if sak is None or not can_view_sak(user, sak):
        return None
    full = can_read_sak_in_full(user, sak)
    return {
        "sak": sak,
        "tittel": sak.tittel if full else sak.offentlig_display_title,
        "url": sak.get_absolute_url(),
    }
