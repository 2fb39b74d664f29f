from django.urls import path

from . import views

urlpatterns = [
    path("handlingsplan/", views.plan_current, name="handlingsplan"),
    path("handlingsplan/ny/", views.plan_form, name="handlingsplan-ny"),
    path("handlingsplan/<int:aar>/", views.plan_year, name="handlingsplan-aar"),
    path("handlingsplan/<int:aar>/handlingsplan.pdf", views.plan_pdf, name="handlingsplan-pdf"),
    path("handlingsplan/<int:aar>/rediger/", views.plan_form, name="handlingsplan-rediger"),
    path(
        "handlingsplan/<int:aar>/innsatsomrade/ny/",
        views.innsatsomrade_form,
        name="innsatsomrade-ny",
    ),
    path(
        "handlingsplan/innsatsomrade/<int:pk>/rediger/",
        views.innsatsomrade_form,
        name="innsatsomrade-rediger",
    ),
    path(
        "handlingsplan/innsatsomrade/<int:omrade>/tiltak/ny/",
        views.tiltak_form,
        name="tiltak-ny",
    ),
    path("handlingsplan/tiltak/<int:pk>/", views.tiltak_detail, name="tiltak"),
    path("handlingsplan/tiltak/<int:pk>/rediger/", views.tiltak_form, name="tiltak-rediger"),
    path(
        "handlingsplan/tiltak/<int:pk>/status/",
        views.statusrapport_new,
        name="tiltak-statusrapport",
    ),
    path("handlingsplan/tiltak/<int:pk>/forbruk/", views.forbruk_new, name="tiltak-forbruk"),
    path("handlingsplan/tiltak/<int:pk>/tildeling/", views.tildeling_form, name="tiltak-tildeling"),
    path("handlingsplan/tilskudd/", views.tilskudd_overview, name="tilskudd"),
    path("handlingsplan/tilskudd/ny/", views.tilskudd_form, name="tilskudd-ny"),
    path("handlingsplan/tilskudd/<int:pk>/rediger/", views.tilskudd_form, name="tilskudd-rediger"),
]
