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


class OppfolgingInline(admin.TabularInline):
    model = Oppfolging
    extra = 0
    autocomplete_fields = ["ansvarlig"]


@admin.register(Sak)
class SakAdmin(SimpleHistoryAdmin):
    list_display = ["saksnr", "tittel", "organ", "mote", "status", "unntatt_offentlighet"]
    list_filter = ["organ", "status", "unntatt_offentlighet", "type"]
    search_fields = ["saksnr", "tittel", "arkivsaksid"]
    autocomplete_fields = ["saksbehandler"]
    # Numbers and placement belong to the numbering rules in saker/services.py.
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

    def has_add_permission(self, request) -> bool:
        # New saker are added in the agenda editor, which numbers them.
        return False
