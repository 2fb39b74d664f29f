from django.urls import path

from .views import exchange, mine, referat, sak, saksliste, sekretariat, sok, vedtak, workflows

urlpatterns = [
    # Meetings with their agenda (the meeting page itself is in moter.urls)
    path("mote/<int:pk>/rediger/", workflows.mote_edit, name="mote-rediger"),
    path("mote/<int:pk>/send/", workflows.innkalling_send, name="send"),
    path(
        "mote/<int:pk>/tilleggsinnkalling/",
        workflows.tilleggsinnkalling,
        name="tilleggsinnkalling",
    ),
    path("mote/<int:pk>/historikk/", workflows.mote_history, name="mote-historikk"),
    path("sekretariat/mote/ny/", workflows.mote_new, name="mote-ny"),
    path("organ/<slug:slug>/moteplan/", workflows.moteplan, name="moteplan"),
    # The agenda editor
    path("mote/<int:pk>/saksliste/", saksliste.saksliste_edit, name="saksliste"),
    path("mote/<int:pk>/saksliste/sorter/", saksliste.saksliste_sort, name="saksliste-sorter"),
    path("mote/<int:pk>/saksliste/plasser/", saksliste.sak_place, name="sak-plasser"),
    path("mote/<int:pk>/saksliste/kopier/", saksliste.sak_copy, name="sak-dupliser"),
    path("sak/<int:pk>/flytt/", saksliste.sak_move, name="sak-flytt"),
    path("sak/<int:pk>/fjern/", saksliste.sak_remove, name="sak-fjern"),
    path("sak/<int:pk>/flytt-til-mote/", saksliste.sak_move_to_mote, name="sak-flytt-til-mote"),
    # One sak
    path("mote/<int:pk>/sak/ny/", sak.sak_new, name="sak-ny"),
    path("organ/<slug:slug>/sak/ny/", sak.sak_new, name="sak-ny-ko"),
    path("sak/<int:pk>/", sak.sak_detail, name="sak"),
    path("sak/<int:pk>/rediger/", sak.sak_edit, name="sak-rediger"),
    # A case's path across bodies and years
    path("sak/<int:pk>/gang/", sak.sak_gang, name="sak-gang"),
    path("sak/<int:pk>/gang/koble/", sak.sak_forbindelse_add, name="sak-forbindelse"),
    path(
        "sak/<int:pk>/gang/<int:fpk>/fjern/",
        sak.sak_forbindelse_delete,
        name="sak-forbindelse-slett",
    ),
    path("vedlegg/<int:pk>/", sak.vedlegg_download, name="vedlegg"),
    path("vedlegg/<int:pk>/slett/", sak.vedlegg_delete, name="vedlegg-slett"),
    # The secretariat and the mote/1 import
    path("sekretariat/", sekretariat.sekretariat, name="sekretariat"),
    path("sekretariat/import/", exchange.mote_import, name="mote-import"),
    # The referat (with the attendance: one page for the referent)
    path("mote/<int:pk>/referat/", referat.referat_edit, name="referat"),
    path("mote/<int:pk>/referat/deltakere/", referat.referat_deltakere, name="referat-deltakere"),
    path("mote/<int:pk>/referat/eventuelt/", referat.referat_eventuelt, name="referat-eventuelt"),
    path("mote/<int:pk>/referat/kommentar/", referat.referat_comment, name="referat-kommentar"),
    path("sak/<int:pk>/referat/", referat.referat_sak_save, name="referat-sak"),
    path("sak/<int:pk>/godkjenn-referat/", referat.referat_approve, name="referat-godkjenn"),
    path("sak/<int:pk>/oppfolging/", referat.oppfolging_new, name="oppfolging-ny"),
    path("sak/<int:pk>/inhabil/", referat.inhabil_new, name="inhabil-ny"),
    # The member's own page
    path("mine/", mine.member_page, name="mine"),
    # Follow-ups and the vedtak register
    path("oppfolging/", vedtak.oppfolging_list, name="oppfolging"),
    path("oppfolging/<int:pk>/status/", vedtak.oppfolging_status, name="oppfolging-status"),
    path("vedtak/", vedtak.vedtak_register, name="vedtak"),
    # Search
    path("sok/", sok.sok, name="sok"),
]
