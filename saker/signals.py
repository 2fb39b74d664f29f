"""Keep a meeting's PDFs true and up to date. Any saved change to a meeting or its agenda:

- withdraws, in the same transaction, the published public versions that show something no
  longer public (``moter.publication.offentlige_check``), whatever made the change (a
  service, the admin, an import);
- schedules the re-render (``moter.dokumenter.schedule_update``).

Only the triggers live here; the rules stay in the services."""

from django.db.models.signals import post_delete, post_init, post_save

from helsefellesskap.models import Organ
from moter.dokumenter import offentlige_publish, schedule_update
from moter.models import Deltaker, Mote
from moter.publication import offentlige_check
from moter.services import referat_version_new

from .models import Ansvar, Inhabilitet, Oppfolging, Sak, Vedlegg


def _mote_ids(instance) -> set[int]:
    if isinstance(instance, Mote):
        return {instance.pk}
    if isinstance(instance, Sak):
        # A sak taken off a meeting (to the queue, or to another meeting) changes that one too.
        return {m for m in (instance.mote_id, getattr(instance, "_lastet_mote_id", None)) if m}
    if isinstance(instance, Deltaker):
        return {instance.mote_id} if instance.mote_id else set()
    sak = getattr(instance, "sak", None)
    return {sak.mote_id} if sak is not None and sak.mote_id else set()


def _check(mote_id: int) -> None:
    if offentlige_check(mote_id=mote_id):
        # What was withdrawn is ordered again at once, in the same transaction: the new
        # versions go out as soon as they are made, even if the broker is down now.
        offentlige_publish(mote=Mote(pk=mote_id))
    schedule_update(mote_id)


def _changed(sender, instance, **kwargs) -> None:
    for mote_id in _mote_ids(instance):
        _check(mote_id)
    if isinstance(instance, Sak):
        instance._lastet_mote_id = instance.mote_id


def _sak_loaded(sender, instance, **kwargs) -> None:
    instance._lastet_mote_id = instance.mote_id


def _organ_changed(sender, instance, **kwargs) -> None:
    # A body made non-public takes its meetings' public documents with it.
    publiserte = Mote.objects.filter(organ=instance, dokumenter__publisert__isnull=False)
    for mote_id in publiserte.values_list("pk", flat=True).distinct():
        _check(mote_id)


def _frys_ny_versjon(sender, mote, begrunnelse, av, **kwargs) -> None:
    # The rule (a reason, one version per change) is in moter.services.referat_new_version;
    # this only freezes the text, which saker knows how to export.
    from .services import referat_freeze_new_version

    referat_freeze_new_version(mote=mote, begrunnelse=begrunnelse, av=av)


def connect_to() -> None:
    referat_version_new.connect(_frys_ny_versjon, dispatch_uid="referat-frys-ny-versjon")
    for model in (Mote, Deltaker, Sak, Vedlegg, Ansvar, Oppfolging, Inhabilitet):
        post_save.connect(_changed, sender=model, dispatch_uid=f"dokumenter-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dokumenter-d-{model.__name__}")
    post_init.connect(_sak_loaded, sender=Sak, dispatch_uid="dokumenter-sak-lastet")
    post_save.connect(_organ_changed, sender=Organ, dispatch_uid="dokumenter-organ")
