import rules
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import access, services
from .models import Deltaker, Mote


class RuleInline(admin.TabularInline):
    """An inline whose rows are added, changed and deleted only where ``rule(user, parent)``
    allows (a predicate of ``moter.access``); elsewhere they are shown read-only."""

    rule: rules.Predicate

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self.rule(request.user, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self.rule(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self.rule(request.user, obj)


class DeltakerInline(RuleInline):
    model = Deltaker
    extra = 0
    autocomplete_fields = ["person", "moter_for"]
    # An approved referat changes only through a new version with a reason (the referat page),
    # never silently here.
    rule = access.can_change_referat


def run(modeladmin, request, queryset, service, ferdig: str) -> None:
    """Admin actions go through the same services as the pages; what a service refuses is
    shown with its reason, per meeting."""
    for mote in queryset:
        try:
            service(mote=mote)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{mote}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{mote}: {ferdig}")


@admin.action(description="Avlys valgte møter")
def avlys(modeladmin, request, queryset):
    def avlys_from_admin(*, mote):
        return services.mote_cancel(mote=mote, begrunnelse="Avlyst fra administrasjonssiden")

    run(modeladmin, request, queryset, avlys_from_admin, "avlyst")


@admin.action(description="Angre avlysning")
def restore(modeladmin, request, queryset):
    run(modeladmin, request, queryset, services.mote_restore, "planlagt igjen")


@admin.action(description="Marker som avholdt")
def marker_avholdt(modeladmin, request, queryset):
    run(modeladmin, request, queryset, services.mote_set_avholdt, "markert som avholdt")


@admin.action(description="Publiser innkallingen")
def publiser(modeladmin, request, queryset):
    run(modeladmin, request, queryset, services.innkalling_publish, "publisert")


@admin.action(description="Trekk publiseringen av innkallingen")
def avpubliser(modeladmin, request, queryset):
    run(
        modeladmin,
        request,
        queryset,
        services.innkalling_unpublish,
        "innkallingen er trukket fra publisering",
    )


@admin.action(description="Publiser referatet")
def publish_referat(modeladmin, request, queryset):
    run(modeladmin, request, queryset, services.referat_publish, "referatet er publisert")


# Fields that change only through the services: the life cycle (status, sending, publishing,
# the referat's state and versions) and the time, which is moved on the portal's meeting page
# (moving renumbers the agenda).
LIFECYCLE = [
    "organ",
    "start",
    "slutt",
    "flyttet_fra",
    "status",
    "avlyst_begrunnelse",
    "innkalling_sendt",
    "innkalling_publisert",
    "referat_status",
    "referat_kommentarfrist",
    "referat_sendt_til_kommentar",
    "referat_godkjent",
    "referat_versjon",
    "referat_publisert",
]


@admin.register(Mote)
class MoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organ", "start", "status", "innkalling_publisert"]
    list_filter = ["organ", "status"]
    date_hierarchy = "start"
    search_fields = ["tittel", "sted", "organ__kortnavn"]
    autocomplete_fields = ["moteleder", "referent", "forfall_meldes_til"]
    readonly_fields = LIFECYCLE
    inlines = [DeltakerInline]
    actions = [avlys, restore, marker_avholdt, publiser, avpubliser, publish_referat]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not access.can_change_mote_details(request.user, obj):
            # A cancelled meeting or an approved referat: shown, not changed (as on the pages).
            return [f.name for f in Mote._meta.concrete_fields if f.editable]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        # Meetings are made on the portal's pages, with the standard items on the agenda.
        return False

    def save_model(self, request, obj, form, change) -> None:
        """A change is saved by the service the meeting page uses (its checks, its history)."""
        endret = {navn: form.cleaned_data[navn] for navn in form.changed_data}
        if endret:
            services.mote_update(mote=obj, **endret)
