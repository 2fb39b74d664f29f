"""Load the Vestfold demo data (``demo_data``) into the database, idempotently.

Every row is matched on its natural key – ``Partner.navn``, ``Organ.kortnavn``, ``Person.navn``,
``Verv`` by (person, organ, rolle, fra), ``User.username``; the site settings are the first
``Nettsted`` row – and updated in place, so running the loader again neither duplicates anything
nor, when nothing has changed, writes anything (no new django-simple-history rows either).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import Group, User
from django.db import models, transaction

from . import demo_data
from .access import SEKRETARIAT_GRUPPE
from .models import Nettsted, Organ, Partner, Person, Verv

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def demo_load() -> dict[str, int]:
    """Create or update the demo partners, bodies, persons, memberships, site settings and logins.

    Runs in one transaction. Returns how many of each the demo data holds (the same on every
    run): ``{"partnere", "organer", "personer", "verv", "brukere"}``.
    """
    with transaction.atomic():
        partnere = _last_partnere()
        organer = _last_organer()
        personer = _last_personer(partnere=partnere)
        verv = _last_verv(personer=personer, organer=organer, partnere=partnere)
        _last_nettsted()
        brukere = _last_brukere(personer=personer)
    return {
        "partnere": len(partnere),
        "organer": len(organer),
        "personer": len(personer),
        "verv": len(verv),
        "brukere": len(brukere),
    }


def _upsert(model: type[M], *, lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """``update_or_create`` that saves only the fields whose value has changed.

    Unchanged rows are not saved again, so a second run adds no history records.
    """
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def _finn(register: dict[str, T], navn: str | None, hva: str) -> T | None:
    """Look ``navn`` up in ``register``; a clear error names the missing partner/body/person."""
    if navn is None:
        return None
    try:
        return register[navn]
    except KeyError:
        raise ValueError(f"Demodata viser til ukjent {hva}: {navn!r}") from None


def _last_partnere() -> dict[str, Partner]:
    partnere: dict[str, Partner] = {}
    for rad in demo_data.PARTNERE:
        partnere[rad["navn"]] = _upsert(
            Partner,
            lookup={"navn": rad["navn"]},
            values={
                "kortnavn": rad.get("kortnavn", ""),
                "type": rad["type"],
                "avtalepart": rad.get("avtalepart", False),
            },
        )
    return partnere


def _last_organer() -> dict[str, Organ]:
    """Two passes: first every body, then the reporting lines, which may point forward."""
    organer: dict[str, Organ] = {}
    for rad in demo_data.ORGANER:
        organer[rad["kortnavn"]] = _upsert(
            Organ,
            lookup={"kortnavn": rad["kortnavn"]},
            values={
                "navn": rad["navn"],
                "slug": rad["slug"],
                "type": rad["type"],
                "mandat": rad.get("mandat", ""),
                "saksnummerformat": rad["saksnummerformat"],
                "offentlig": rad.get("offentlig", True),
                "aktiv_fra": rad.get("aktiv_fra"),
                "aktiv_til": rad.get("aktiv_til"),
                "rekkefolge": rad.get("rekkefolge", 100),
            },
        )
    for rad in demo_data.ORGANER:
        organ = organer[rad["kortnavn"]]
        forelder = _finn(organer, rad.get("rapporterer_til"), "organ")
        if organ.rapporterer_til_id != (forelder.pk if forelder else None):
            organ.rapporterer_til = forelder
            organ.save(update_fields=["rapporterer_til"])
    return organer


def _last_personer(*, partnere: dict[str, Partner]) -> dict[str, Person]:
    personer: dict[str, Person] = {}
    for rad in demo_data.PERSONER:
        if rad["navn"] in personer:
            raise ValueError(f"Demodata har personen {rad['navn']!r} to ganger")
        personer[rad["navn"]] = _upsert(
            Person,
            lookup={"navn": rad["navn"]},
            values={
                "stilling": rad.get("stilling", ""),
                "partner": _finn(partnere, rad.get("partner"), "partner"),
                "epost": rad.get("epost", ""),
            },
        )
    return personer


def _last_verv(
    *,
    personer: dict[str, Person],
    organer: dict[str, Organ],
    partnere: dict[str, Partner],
) -> list[Verv]:
    verv: list[Verv] = []
    for rad in demo_data.VERV:
        verv.append(
            _upsert(
                Verv,
                lookup={
                    "person": _finn(personer, rad["person"], "person"),
                    "organ": _finn(organer, rad["organ"], "organ"),
                    "rolle": rad["rolle"],
                    "fra": rad.get("fra"),
                },
                values={
                    "representerer": _finn(partnere, rad["representerer"], "partner"),
                    "til": rad.get("til"),
                    "merknad": rad.get("merknad", ""),
                },
            )
        )
    if len({v.pk for v in verv}) != len(verv):
        raise ValueError("Demodata har to verv med samme person, organ, rolle og fra-dato")
    return verv


def _last_nettsted() -> Nettsted:
    nettsted = Nettsted.objects.order_by("pk").first()
    if nettsted is None:
        return Nettsted.objects.create(**demo_data.NETTSTED)
    return _upsert(Nettsted, lookup={"pk": nettsted.pk}, values=dict(demo_data.NETTSTED))


def _last_brukere(*, personer: dict[str, Person]) -> list[User]:
    """The demo logins: passwords, superuser flag, secretariat group and linked person."""
    gruppe, _ = Group.objects.get_or_create(name=SEKRETARIAT_GRUPPE)
    brukere: list[User] = []
    for rad in demo_data.DEMO_BRUKERE:
        bruker = _upsert(
            User,
            lookup={"username": rad["brukernavn"]},
            values={
                "is_active": True,
                "is_staff": rad["superbruker"],
                "is_superuser": rad["superbruker"],
            },
        )
        if not bruker.check_password(rad["passord"]):
            bruker.set_password(rad["passord"])
            bruker.save(update_fields=["password"])
        if rad["sekretariat"]:
            bruker.groups.add(gruppe)
        else:
            bruker.groups.remove(gruppe)

        person = _finn(personer, rad["person"], "person")
        # The link is one-to-one: release the login from any other person first.
        for annen in Person.objects.filter(bruker=bruker):
            if annen != person:
                annen.bruker = None
                annen.save(update_fields=["bruker"])
        if person is not None and person.bruker_id != bruker.pk:
            person.bruker = bruker
            person.save(update_fields=["bruker"])
        brukere.append(bruker)
    return brukere
