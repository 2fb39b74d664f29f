"""Agenda rules and the workflows that touch agenda and meeting together, by feature:

- numbering (``saker.numbering``, used by the import too): saksnummer per body per year;
- ``agenda``: saker on a meeting or in the queue, their order, the standard items;
- ``mote``: a meeting created or moved together with its agenda;
- ``innkalling``: sending the innkalling (freezes the numbers, marks the meeting innkalt);
- ``vedlegg``: files and links of a sak;
- ``referat``: the referat per sak, Eventuelt, follow-ups, inhabilitet, approval.

Callers use ``from saker import services`` and ``services.<name>``; these are the public
names. Calls ``moter.services``, never the other way round."""

from saker.numbering import (
    KJENTE_FORMATER,
    NYTT_SAKSNUMMER,
    aarsformat,
    saker_renumber,
    saksnr_parse,
)
from saker.services.agenda import (
    NY_REKKEFOLGE,
    SAKSFELTER,
    STANDARD_EVENTUELT,
    STANDARD_GODKJENNING,
    STANDARD_REFERAT,
    ansvar_error,
    mote_previous,
    sak_copy,
    sak_create,
    sak_delete,
    sak_place,
    sak_remove_from_mote,
    sak_update,
    saksliste_move,
    saksliste_sort,
    standardsaker_add,
)
from saker.services.common import (
    SakChangedByOther,
    SakError,
)
from saker.services.innkalling import (
    innkalling_missing,
    innkalling_send,
)
from saker.services.mote import (
    mote_create_with_standard_items,
    mote_move_and_renumber,
    moteplan_create_with_standard_items,
)
from saker.services.referat import (
    eventuelt_add,
    inhabilitet_add,
    oppfolging_add,
    oppfolging_set_status,
    referat_approval_warnings,
    referat_approve,
    referat_comment,
    referat_correct,
    referat_freeze_new_version,
    referat_save,
)
from saker.services.tillegg import (
    Agendaendring,
    agenda_changes,
    since_last_notice,
    tilleggsinnkalling_send,
)
from saker.services.vedlegg import (
    vedlegg_add,
    vedlegg_delete,
    vedlegg_delete_check,
)

__all__ = [
    "SakError",
    "SakChangedByOther",
    "NYTT_SAKSNUMMER",
    "KJENTE_FORMATER",
    "aarsformat",
    "saker_renumber",
    "saksnr_parse",
    "STANDARD_GODKJENNING",
    "STANDARD_REFERAT",
    "STANDARD_EVENTUELT",
    "NY_REKKEFOLGE",
    "SAKSFELTER",
    "ansvar_error",
    "sak_create",
    "sak_update",
    "saksliste_move",
    "saksliste_sort",
    "sak_remove_from_mote",
    "sak_place",
    "sak_copy",
    "sak_delete",
    "mote_previous",
    "standardsaker_add",
    "mote_create_with_standard_items",
    "moteplan_create_with_standard_items",
    "mote_move_and_renumber",
    "innkalling_missing",
    "innkalling_send",
    "Agendaendring",
    "agenda_changes",
    "since_last_notice",
    "tilleggsinnkalling_send",
    "vedlegg_add",
    "vedlegg_delete",
    "vedlegg_delete_check",
    "referat_save",
    "eventuelt_add",
    "oppfolging_add",
    "oppfolging_set_status",
    "inhabilitet_add",
    "referat_freeze_new_version",
    "referat_approval_warnings",
    "referat_approve",
    "referat_correct",
    "referat_comment",
]
