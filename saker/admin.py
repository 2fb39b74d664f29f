from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Ansvar, Oppfolging, Sak, Vedlegg


class AnsvarInline(admin.TabularInline):
    model = Ansvar
    extra = 0
    autocomplete_fields = ["person"]


class VedleggInline(admin.TabularInline):
    model = Vedlegg
    extra = 0
    fields = ["tittel", "fil", "url", "offentlig", "rekkefolge"]
    readonly_fields = ["fil"]


def _referat_last(sak: Sak | None) -> bool:
    return sak is not None and sak.mote is not None and sak.mote.referat_last


class OppfolgingInline(admin.TabularInline):
    model = Oppfolging
    extra = 0
    autocomplete_fields = ["ansvarlig"]

    # An approved referat changes only through a new version with a reason (the referat page).
    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not _referat_last(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not _referat_last(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not _referat_last(obj)


@admin.register(Sak)
class SakAdmin(SimpleHistoryAdmin):
    list_display = ["saksnr", "tittel", "organ", "mote", "status", "unntatt_offentlighet"]
    list_filter = ["organ", "status", "unntatt_offentlighet", "type"]
    search_fields = ["saksnr", "tittel", "arkivsaksid"]
    autocomplete_fields = ["saksbehandler"]
    # Numbers and placement belong to the numbering rules in saker/numbering.py.
    readonly_fields = [
        "organ",
        "mote",
        "aar",
        "lopenr",
        "saksnr",
        "status",
        "rekkefolge",
        "kopiert_fra",
        "referat_for",
    ]
    inlines = [AnsvarInline, VedleggInline, OppfolgingInline]

    def get_readonly_fields(self, request, obj=None):
        felter = list(super().get_readonly_fields(request, obj))
        if _referat_last(obj):
            felter += ["protokoll", "vedtak"]
        return felter

    def has_add_permission(self, request) -> bool:
        # New saker are added in the agenda editor, which numbers them.
        return False
