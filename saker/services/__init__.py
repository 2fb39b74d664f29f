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
    nummerer,
    tolk_saksnr,
)
from saker.services.agenda import (
    NY_REKKEFOLGE,
    SAKSFELTER,
    STANDARD_EVENTUELT,
    STANDARD_GODKJENNING,
    STANDARD_REFERAT,
    ansvar_feil,
    forrige_mote,
    sak_create,
    sak_dupliser,
    sak_fjern_fra_mote,
    sak_plasser,
    sak_slett,
    sak_update,
    saksliste_flytt,
    saksliste_sorter,
    standardsaker_legg_til,
)
from saker.services.common import (
    SakEndretAvAndre,
    SakFeil,
)
from saker.services.innkalling import (
    Utsending,
    innkalling_send,
    innkalling_varsle,
    mangler_for_innkalling,
)
from saker.services.mote import (
    mote_create_with_standard_items,
    mote_move_and_renumber,
    moteplan_create_with_standard_items,
)
from saker.services.referat import (
    eventuelt_legg_til,
    inhabilitet_registrer,
    oppfolging_legg_til,
    oppfolging_sett_status,
    referat_frys_ny_versjon,
    referat_godkjenn,
    referat_godkjenning_advarsler,
    referat_kommenter,
    referat_lagre,
    referat_rett,
)
from saker.services.vedlegg import (
    vedlegg_legg_til,
    vedlegg_slett,
)

__all__ = [
    "SakFeil",
    "SakEndretAvAndre",
    "NYTT_SAKSNUMMER",
    "KJENTE_FORMATER",
    "aarsformat",
    "nummerer",
    "tolk_saksnr",
    "STANDARD_GODKJENNING",
    "STANDARD_REFERAT",
    "STANDARD_EVENTUELT",
    "NY_REKKEFOLGE",
    "SAKSFELTER",
    "ansvar_feil",
    "sak_create",
    "sak_update",
    "saksliste_flytt",
    "saksliste_sorter",
    "sak_fjern_fra_mote",
    "sak_plasser",
    "sak_dupliser",
    "sak_slett",
    "forrige_mote",
    "standardsaker_legg_til",
    "mote_create_with_standard_items",
    "moteplan_create_with_standard_items",
    "mote_move_and_renumber",
    "mangler_for_innkalling",
    "innkalling_send",
    "Utsending",
    "innkalling_varsle",
    "vedlegg_legg_til",
    "vedlegg_slett",
    "referat_lagre",
    "eventuelt_legg_til",
    "oppfolging_legg_til",
    "oppfolging_sett_status",
    "inhabilitet_registrer",
    "referat_frys_ny_versjon",
    "referat_godkjenning_advarsler",
    "referat_godkjenn",
    "referat_rett",
    "referat_kommenter",
]
