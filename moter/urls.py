from django.urls import path

from . import views, views_dokumenter

urlpatterns = [
    path("organ/<slug:slug>/", views.organ_detalj, name="organ"),
    path("mote/<int:pk>/dokument/<str:art>/", views_dokumenter.dokument_last_ned, name="dokument"),
    path(
        "mote/<int:pk>/dokument/<str:art>/lag/", views_dokumenter.dokument_lag, name="dokument-lag"
    ),
    path(
        "mote/<int:pk>/dokument/<str:art>/status/",
        views_dokumenter.dokument_status,
        name="dokument-status",
    ),
    path(
        "dokument/<int:pk>/publiser/", views_dokumenter.dokument_publiser, name="dokument-publiser"
    ),
    path(
        "dokument/<int:pk>/side1.png",
        views_dokumenter.dokument_forhandsvisning,
        name="dokument-forhandsvisning",
    ),
]
