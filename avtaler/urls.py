from django.urls import path

from .views import dokument, register, skjema

urlpatterns = [
    # The register and the secretariat's pages (before the agreements' own addresses: «ny»
    # and «evalueringer» are not slugs, avtaler.models.RESERVED_SLUGS)
    path("avtaler/", register.avtale_register, name="avtaler"),
    path("avtaler/avtaleregister.pdf", dokument.register_pdf, name="avtaler-pdf"),
    path("avtaler/ny/", skjema.avtale_form, name="avtale-ny"),
    path("avtaler/evalueringer/", register.evalueringer_due, name="avtaleevalueringer"),
    path("avtaler/versjon/<int:pk>/", register.versjon_detail, name="avtaleversjon"),
    path("avtaler/versjon/<int:pk>/fil/", register.versjon_file, name="avtaleversjon-fil"),
    path("avtaler/versjon/<int:pk>/rediger/", skjema.versjon_edit, name="avtaleversjon-rediger"),
    path("avtaler/versjon/<int:pk>/fjern/", skjema.versjon_remove, name="avtaleversjon-fjern"),
    path(
        "avtaler/versjon/<int:pk>/publiser/",
        skjema.versjon_publish,
        name="avtaleversjon-publiser",
    ),
    path("avtaler/evaluering/<int:pk>/", skjema.evaluering_form, name="evaluering-rediger"),
    # One agreement
    path("avtaler/<slug:slug>/", register.avtale_detail, name="avtale"),
    path("avtaler/<slug:slug>/rediger/", skjema.avtale_form, name="avtale-rediger"),
    path("avtaler/<slug:slug>/versjon/ny/", skjema.versjon_new, name="avtaleversjon-ny"),
    path("avtaler/<slug:slug>/evaluering/ny/", skjema.evaluering_form, name="evaluering-ny"),
    # From a sak's page: the version its vedtak adopts, or the revision it starts
    path("sak/<int:pk>/avtale/", skjema.sak_knytt, name="sak-avtale"),
]
