"""Keep a meeting's PDFs up to date: any saved change to it or its agenda schedules a
debounced re-render (moter.dokumenter.planlegg_oppdatering). Only scheduling happens here; the
rules stay in the services."""

from django.db.models.signals import post_delete, post_save

from moter.dokumenter import planlegg_oppdatering
from moter.models import Deltaker, Mote
from moter.services import referat_versjon_ny

from .models import Ansvar, Inhabilitet, Oppfolging, Sak, Vedlegg


def _mote_id(instance) -> int | None:
    if isinstance(instance, Mote):
        return instance.pk
    if isinstance(instance, Sak | Deltaker):
        return instance.mote_id
    sak = getattr(instance, "sak", None)
    return sak.mote_id if sak is not None else None


def _endret(sender, instance, **kwargs) -> None:
    mote_id = _mote_id(instance)
    if mote_id:
        planlegg_oppdatering(mote_id)


def _frys_ny_versjon(sender, mote, begrunnelse, av, **kwargs) -> None:
    # The rule (a reason, one version per change) is in moter.services.referat_ny_versjon;
    # this only freezes the text, which saker knows how to export.
    from .services import referat_frys_ny_versjon

    referat_frys_ny_versjon(mote=mote, begrunnelse=begrunnelse, av=av)


def koble_til() -> None:
    referat_versjon_ny.connect(_frys_ny_versjon, dispatch_uid="referat-frys-ny-versjon")
    for model in (Mote, Deltaker, Sak, Vedlegg, Ansvar, Oppfolging, Inhabilitet):
        post_save.connect(_endret, sender=model, dispatch_uid=f"dokumenter-{model.__name__}")
        post_delete.connect(_endret, sender=model, dispatch_uid=f"dokumenter-d-{model.__name__}")
