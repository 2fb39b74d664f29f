from django.urls import path

from . import views, views_referat

urlpatterns = [
    path("mote/<int:pk>/", views.mote_detalj, name="mote"),
    path("mote/<int:pk>/rediger/", views.mote_rediger, name="mote-rediger"),
    path("mote/<int:pk>/saksliste/", views.saksliste_rediger, name="saksliste"),
    path("mote/<int:pk>/saksliste/sorter/", views.saksliste_sorter, name="saksliste-sorter"),
    path("mote/<int:pk>/saksliste/plasser/", views.sak_plasser, name="sak-plasser"),
    path("mote/<int:pk>/saksliste/kopier/", views.sak_dupliser, name="sak-dupliser"),
    path("mote/<int:pk>/sak/ny/", views.sak_ny, name="sak-ny"),
    path("mote/<int:pk>/send/", views.innkalling_send, name="send"),
    path("mote/<int:pk>/avlys/", views.mote_avlys, name="mote-avlys"),
    path("mote/<int:pk>/publiser/", views.innkalling_publiser, name="publiser"),
    path("sak/<int:pk>/", views.sak_detalj, name="sak"),
    path("sak/<int:pk>/rediger/", views.sak_rediger, name="sak-rediger"),
    path("sak/<int:pk>/flytt/", views.sak_flytt, name="sak-flytt"),
    path("sak/<int:pk>/fjern/", views.sak_fjern, name="sak-fjern"),
    path("sak/<int:pk>/flytt-til-mote/", views.sak_flytt_til_mote, name="sak-flytt-til-mote"),
    path("vedlegg/<int:pk>/", views.vedlegg_last_ned, name="vedlegg"),
    path("vedlegg/<int:pk>/slett/", views.vedlegg_slett, name="vedlegg-slett"),
    path("sekretariat/", views.sekretariat, name="sekretariat"),
    path("sekretariat/mote/ny/", views.mote_ny, name="mote-ny"),
    path("sekretariat/import/", views.mote_import, name="mote-import"),
    path("organ/<slug:slug>/moteplan/", views.moteplan, name="moteplan"),
    path("organ/<slug:slug>/sak/ny/", views.sak_ny, name="sak-ny-ko"),
    # Attendance, referat, follow-ups and vedtak
    path("mote/<int:pk>/referat/", views_referat.referat_rediger, name="referat"),
    path(
        "mote/<int:pk>/referat/deltakere/",
        views_referat.referat_deltakere,
        name="referat-deltakere",
    ),
    path("mote/<int:pk>/referat/status/", views_referat.referat_status, name="referat-status"),
    path(
        "mote/<int:pk>/referat/eventuelt/",
        views_referat.referat_eventuelt,
        name="referat-eventuelt",
    ),
    path(
        "mote/<int:pk>/referat/kommentar/",
        views_referat.referat_kommentar,
        name="referat-kommentar",
    ),
    path("mote/<int:pk>/forfall/", views_referat.forfall, name="forfall"),
    path("sak/<int:pk>/referat/", views_referat.referat_sak_lagre, name="referat-sak"),
    path("sak/<int:pk>/godkjenn-referat/", views_referat.referat_godkjenn, name="referat-godkjenn"),
    path("sak/<int:pk>/oppfolging/", views_referat.oppfolging_ny, name="oppfolging-ny"),
    path("sak/<int:pk>/inhabil/", views_referat.inhabil_ny, name="inhabil-ny"),
    path("oppfolging/", views_referat.oppfolging_liste, name="oppfolging"),
    path("oppfolging/<int:pk>/status/", views_referat.oppfolging_status, name="oppfolging-status"),
    path("vedtak/", views_referat.vedtak_register, name="vedtak"),
]
