from django.urls import path

from .views import dokumenter, forfall, mote, organ, referat

urlpatterns = [
    path("organ/<slug:slug>/", organ.organ_detail, name="organ"),
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
    path("dokument/<int:pk>/publiser/", dokumenter.dokument_publish, name="dokument-publiser"),
    path(
        "dokument/<int:pk>/side1.png",
        dokumenter.dokument_preview,
        name="dokument-forhandsvisning",
    ),
]
