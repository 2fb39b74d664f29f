from django.urls import path

from . import views

urlpatterns = [
    path("handlingsplan/", views.plan_current, name="handlingsplan"),
    path("handlingsplan/<int:aar>/", views.plan_year, name="handlingsplan-aar"),
    path("handlingsplan/tiltak/<int:pk>/", views.tiltak_detail, name="tiltak"),
    path(
        "handlingsplan/tiltak/<int:pk>/status/",
        views.statusrapport_new,
        name="tiltak-statusrapport",
    ),
    path("handlingsplan/tiltak/<int:pk>/forbruk/", views.forbruk_new, name="tiltak-forbruk"),
    path("handlingsplan/tilskudd/", views.tilskudd_overview, name="tilskudd"),
]
