from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Forbruk,
    Handlingsplan,
    Innsatsomrade,
    Statusrapport,
    Strategiplan,
    Tildeling,
    Tilskudd,
    Tiltak,
)


class InnsatsomradeInline(admin.TabularInline):
    model = Innsatsomrade
    extra = 0
    fields = ("tittel", "rekkefolge")


@admin.register(Handlingsplan)
class HandlingsplanAdmin(SimpleHistoryAdmin):
    list_display = ("aar", "tittel", "publisert")
    inlines = [InnsatsomradeInline]
    raw_id_fields = ("vedtatt_i",)


@admin.register(Tiltak)
class TiltakAdmin(SimpleHistoryAdmin):
    list_display = ("tittel", "innsatsomrade", "status", "ansvarlig_organ")
    list_filter = ("status", "arbeidsform", "innsatsomrade__plan")
    search_fields = ("tittel",)
    filter_horizontal = ("kontaktpersoner",)


@admin.register(Statusrapport)
class StatusrapportAdmin(SimpleHistoryAdmin):
    list_display = ("tiltak", "dato", "status")
    raw_id_fields = ("rapportert_i",)


@admin.register(Tilskudd)
class TilskuddAdmin(SimpleHistoryAdmin):
    list_display = ("kilde", "formal", "aar", "belop")
    raw_id_fields = ("tilsagnsbrev",)


admin.site.register(Strategiplan, SimpleHistoryAdmin)
admin.site.register(Innsatsomrade, SimpleHistoryAdmin)
admin.site.register(Tildeling, SimpleHistoryAdmin)
admin.site.register(Forbruk, SimpleHistoryAdmin)
