from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from .models import Epost, Nettsted, Organ, Partner, Person, Verv


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "kortnavn", "type", "avtalepart"]
    list_filter = ["type", "avtalepart"]
    search_fields = ["navn", "kortnavn"]


class VervInline(admin.TabularInline):
    model = Verv
    extra = 0
    autocomplete_fields = ["person", "representerer", "vara_for"]
    fields = ["person", "rolle", "representerer", "vara_for", "fra", "til", "merknad"]


@admin.register(Organ)
class OrganAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "kortnavn", "type", "rapporterer_til", "saksnummerformat", "offentlig"]
    list_filter = ["type", "offentlig"]
    search_fields = ["navn", "kortnavn"]
    prepopulated_fields = {"slug": ["kortnavn"]}
    inlines = [VervInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "stilling", "partner", "epost", "bruker"]
    list_filter = ["partner"]
    search_fields = ["navn", "stilling", "epost"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["bruker"]


@admin.register(Verv)
class VervAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organ", "rolle", "representerer", "fra", "til"]
    list_filter = ["organ", "rolle"]
    search_fields = ["person__navn", "organ__navn", "organ__kortnavn"]
    autocomplete_fields = ["person", "organ", "representerer", "vara_for"]


@admin.register(Nettsted)
class NettstedAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "sted"]

    def has_add_permission(self, request) -> bool:
        return not Nettsted.objects.exists()


# The users with their history (who was added to or removed from the secretariat, by whom, when).
admin.site.unregister(User)


@admin.register(User)
class BrukerAdmin(SimpleHistoryAdmin, UserAdmin):
    pass


@admin.register(Epost)
class EpostAdmin(admin.ModelAdmin):
    """The outbox, to read: what was sent to whom, and why a message failed. Written only by
    the portal (helsefellesskap.outbox), which also tries a failed send again."""

    list_display = ["opprettet", "art", "til", "emne", "status", "forsok", "sendt"]
    list_filter = ["status", "art"]
    search_fields = ["til", "emne", "person__navn"]
    date_hierarchy = "opprettet"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
