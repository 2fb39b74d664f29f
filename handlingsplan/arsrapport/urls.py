from django.urls import path

from . import views

urlpatterns = [
    path("arsrapport/", views.arsrapport_list, name="arsrapporter"),
    path("arsrapport/<slug:slug>/<int:aar>/", views.arsrapport_detail, name="arsrapport"),
    path(
        "arsrapport/<slug:slug>/<int:aar>/arsrapport.pdf",
        views.arsrapport_pdf,
        name="arsrapport-pdf",
    ),
    path(
        "arsrapport/<slug:slug>/<int:aar>/rediger/",
        views.arsrapport_edit,
        name="arsrapport-rediger",
    ),
    path(
        "arsrapport/<slug:slug>/<int:aar>/publiser/",
        views.arsrapport_publish,
        name="arsrapport-publiser",
    ),
]
