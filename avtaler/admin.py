"""The agreements in the admin, for master data: kinds, parties, parents. Versions and
evaluations have their own pages (avtaler/views.py), which go through the services' rules."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Avtale, Avtalepart, Avtaleversjon, Evaluering


class AvtalepartInline(admin.TabularInline):
    model = Avtalepart
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(Avtale)
class AvtaleAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "art", "status", "overordnet", "offentlig"]
    list_filter = ["art", "status", "offentlig"]
    search_fields = ["tittel", "slug"]
    prepopulated_fields = {"slug": ["tittel"]}
    autocomplete_fields = ["overordnet", "erstattet_av", "ansvarlig_organ"]
    inlines = [AvtalepartInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change:
            services.linked_saker_touch(obj)


@admin.register(Avtaleversjon)
class AvtaleversjonAdmin(SimpleHistoryAdmin):
    list_display = ["avtale", "versjon", "gjelder_fra", "gjelder_til", "publisert"]
    list_filter = ["avtale"]
    search_fields = ["avtale__tittel", "versjon"]
    raw_id_fields = ["vedtatt_i", "erstatter"]


@admin.register(Evaluering)
class EvalueringAdmin(SimpleHistoryAdmin):
    list_display = ["avtale", "art", "planlagt", "status"]
    list_filter = ["art", "status"]
    raw_id_fields = ["behandlet_i"]
