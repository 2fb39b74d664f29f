from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Deltaker, Mote


class DeltakerInline(admin.TabularInline):
    model = Deltaker
    extra = 0
    autocomplete_fields = ["person", "moter_for"]

    # An approved referat changes only through a new version with a reason (the referat page),
    # never silently here.
    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not (obj and obj.referat_last)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.referat_last)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.referat_last)


def _kjor(modeladmin, request, queryset, tjeneste, ferdig: str) -> None:
    """Admin actions go through the same services as the pages."""
    for mote in queryset:
        try:
            tjeneste(mote=mote)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{mote}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{mote}: {ferdig}")


@admin.action(description="Avlys valgte møter")
def avlys(modeladmin, request, queryset):
    def avlys_fra_admin(*, mote):
        return services.mote_cancel(mote=mote, begrunnelse="Avlyst fra administrasjonssiden")

    _kjor(modeladmin, request, queryset, avlys_fra_admin, "avlyst")


@admin.action(description="Publiser innkallingen")
def publiser(modeladmin, request, queryset):
    _kjor(modeladmin, request, queryset, services.innkalling_publish, "publisert")


@admin.register(Mote)
class MoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organ", "start", "status", "innkalling_publisert"]
    list_filter = ["organ", "status"]
    date_hierarchy = "start"
    search_fields = ["tittel", "sted", "organ__kortnavn"]
    autocomplete_fields = ["moteleder", "referent", "forfall_meldes_til"]
    # Status and publication change only through the services (actions and pages).
    readonly_fields = [
        "status",
        "flyttet_fra",
        "innkalling_sendt",
        "innkalling_publisert",
        "referat_publisert",
    ]
    inlines = [DeltakerInline]
    actions = [avlys, publiser]
