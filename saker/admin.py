from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from moter import access
from moter.admin import MoteAdmin as MoteAdminWithoutSaker
from moter.admin import RuleInline, run
from moter.models import Mote

from . import services
from .models import Ansvar, Oppfolging, Sak, Vedlegg


@admin.action(description="Send innkallingen")
def send_innkalling(modeladmin, request, queryset):
    run(modeladmin, request, queryset, services.innkalling_send, "innkallingen er sendt")


# The meeting's admin with the actions whose services need the agenda (saker).
admin.site.unregister(Mote)


@admin.register(Mote)
class MoteAdmin(MoteAdminWithoutSaker):
    actions = [send_innkalling, *MoteAdminWithoutSaker.actions]


class AnsvarInline(RuleInline):
    model = Ansvar
    extra = 0
    autocomplete_fields = ["person"]
    # Who is responsible is part of the sak: as its content.
    rule = access.can_change_sak


class VedleggFormSet(BaseInlineFormSet):
    """A vedlegg is removed by the service the agenda editor uses: refused, with its reason,
    where the service refuses (a published innkalling), and its file deleted with it."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                try:
                    services.vedlegg_delete_check(vedlegg=form.instance)
                except ValidationError as exc:
                    raise ValidationError(
                        f"«{form.instance.tittel}» kan ikke fjernes: {' '.join(exc.messages)}"
                    ) from exc

    def delete_existing(self, obj, commit=True) -> None:
        if commit:
            services.vedlegg_delete(vedlegg=obj)


class VedleggInline(admin.TabularInline):
    model = Vedlegg
    formset = VedleggFormSet
    extra = 0
    fields = ["tittel", "fil", "url", "offentlig", "rekkefolge", "tekst_status", "tekst_hentet"]
    # Whether search has the file's text (saker/vedleggstekst.py): a failed or waiting one is
    # read again with ``manage.py hent_vedleggstekst --feilet``.
    readonly_fields = ["fil", "tekst_status", "tekst_hentet"]

    # Not offered where the service would refuse it: a published innkalling's public documents
    # show its vedlegg (``moter.access.can_delete_vedlegg_of``; the formset asks the service).
    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and access.can_delete_vedlegg_of(
            request.user, obj
        )


class OppfolgingInline(RuleInline):
    model = Oppfolging
    extra = 0
    autocomplete_fields = ["ansvarlig"]
    # An approved referat changes only through a new version with a reason (the referat page).
    rule = access.can_change_sak_referat


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
        "type",
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
        if obj is not None and not access.can_change_sak(request.user, obj):
            # A cancelled meeting or an approved referat: shown, not changed (as on the pages).
            return [f.name for f in Sak._meta.concrete_fields if f.editable]
        felter = list(super().get_readonly_fields(request, obj))
        if obj is not None and not access.can_change_sak_referat(request.user, obj):
            felter += ["protokoll", "vedtak"]
        return felter

    def save_model(self, request, obj, form, change) -> None:
        """A change is saved by the service the agenda editor uses (its checks, the numbering of
        an «Eventuelt» that gets a title, its history)."""
        endret = {navn: form.cleaned_data[navn] for navn in form.changed_data}
        if endret:
            services.sak_update(sak=obj, **endret)

    def has_add_permission(self, request) -> bool:
        # New saker are added in the agenda editor, which numbers them.
        return False
