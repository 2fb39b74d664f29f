from django.urls import path

from . import feeds
from .views import (
    dokumenter,
    forfall,
    forside,
    kalender,
    medlemmer,
    meldinger,
    mote,
    organ,
    referat,
)

urlpatterns = [
    path("", forside.forside, name="forside"),
    path("organ/<slug:slug>/", organ.organ_detail, name="organ"),
    path("organ/<slug:slug>/meldinger/", meldinger.organ_meldinger, name="organ-meldinger"),
    # The body's members, for its secretariat
    path("organ/<slug:slug>/medlemmer/", medlemmer.medlemmer_list, name="organ-medlemmer"),
    path("organ/<slug:slug>/medlemmer/ny/", medlemmer.verv_new, name="organ-medlem-ny"),
    path("organ/<slug:slug>/medlemmer/ny-periode/", medlemmer.periode_new, name="organ-ny-periode"),
    path(
        "organ/<slug:slug>/medlemmer/verv/<int:pk>/avslutt/",
        medlemmer.verv_end,
        name="organ-verv-avslutt",
    ),
    path(
        "organ/<slug:slug>/medlemmer/verv/<int:pk>/endre/",
        medlemmer.verv_edit,
        name="organ-verv-endre",
    ),
    path(
        "organ/<slug:slug>/medlemmer/person/<int:pk>/rediger/",
        medlemmer.person_edit,
        name="organ-person-rediger",
    ),
    path(
        "organ/<slug:slug>/medlemmer/person/<int:pk>/inviter/",
        medlemmer.person_invite,
        name="organ-person-inviter",
    ),
    path(
        "organ/<slug:slug>/medlemmer/person/<int:pk>/deaktiver/",
        medlemmer.person_deactivate,
        name="organ-person-deaktiver",
    ),
    path(
        "organ/<slug:slug>/medlemmer/person/<int:pk>/aktiver/",
        medlemmer.person_activate,
        name="organ-person-aktiver",
    ),
    # The meeting page and the meeting's own life cycle
    path("mote/<int:pk>/", mote.mote_detail, name="mote"),
    path("mote/<int:pk>/avlys/", mote.mote_cancel, name="mote-avlys"),
    path("mote/<int:pk>/gjenopprett/", mote.mote_restore, name="mote-gjenopprett"),
    path("mote/<int:pk>/publiser/", mote.innkalling_publish, name="publiser"),
    path("mote/<int:pk>/forfall/", forfall.forfall_report, name="forfall"),
    path("forfall/<str:token>/", forfall.forfall_link, name="forfall-lenke"),
    path("mote/<int:pk>/referat/status/", referat.referat_status, name="referat-status"),
    # Documents
    path("mote/<int:pk>/dokument/<str:art>/", dokumenter.dokument_download, name="dokument"),
    path("mote/<int:pk>/dokument/<str:art>/lag/", dokumenter.dokument_order, name="dokument-lag"),
    path(
        "mote/<int:pk>/dokument/<str:art>/status/",
        dokumenter.dokument_status,
        name="dokument-status",
    ),
    # Calendars and news feeds to subscribe to (moter/views/kalender.py, moter/feeds.py)
    path("kalender/", kalender.kalender_all, name="kalender"),
    path("kalender/personlig/", kalender.kalender_lenke, name="kalender-personlig-lenke"),
    path(
        "kalender/personlig/<str:nokkel>.ics",
        kalender.kalender_personlig,
        name="kalender-personlig",
    ),
    path("kalender/<slug:slug>.ics", kalender.kalender_organ, name="kalender-organ"),
    path("mote/<int:pk>/kalender.ics", kalender.mote_kalender, name="mote-kalender"),
    path("feed/", feeds.MoteFeed(), name="feed"),
    path("feed/<slug:slug>/", feeds.MoteFeed(), name="feed-organ"),
    path("dokument/<int:pk>/publiser/", dokumenter.dokument_publish, name="dokument-publiser"),
    path(
        "dokument/<int:pk>/side1.png",
        dokumenter.dokument_preview,
        name="dokument-forhandsvisning",
    ),
]
