"""Load the Vestfold demo data (``demo_data``, from ``demodata/*.yaml``) into the database,
idempotently.

Every row is matched on its natural key (``TABLES``; the site settings are the first ``Nettsted``
row, the logins are matched on ``User.username``) and updated in place, so running the loader
again neither duplicates anything nor, when nothing has changed, writes anything (no new
django-simple-history rows either).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import Group, User
from django.db import models, transaction

from . import demo_data
from .access import SEKRETARIAT_GROUP
from .models import Nettsted, Organ, Partner, Person, Verv

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Table:
    """One data file and the model its rows are loaded into."""

    name: str  # the data file demodata/<name>.yaml, and the name of its count
    model: type[models.Model]
    key: tuple[str, ...]  # the natural key; other tables refer to a row by its first field
    refs: dict[str, str] = field(default_factory=dict)  # field -> the table it names a row of


# In load order: a table refers only to itself (two passes) and to tables above it.
TABLES = (
    Table("partnere", Partner, key=("navn",)),
    Table("organer", Organ, key=("kortnavn",), refs={"rapporterer_til": "organer"}),
    Table("personer", Person, key=("navn",), refs={"partner": "partnere"}),
    Table(
        "verv",
        Verv,
        key=("person", "organ", "rolle", "fra"),
        refs={
            "person": "personer",
            "organ": "organer",
            "representerer": "partnere",
            "vara_for": "personer",
        },
    ),
)


def demo_load() -> dict[str, int]:
    """Create or update the demo partners, bodies, persons, memberships, site settings and logins.

    Runs in one transaction. Returns how many of each the demo data holds (the same on every
    run): ``{"partnere", "organer", "personer", "verv", "brukere"}``.
    """
    loaded: dict[str, dict[Any, models.Model]] = {}
    with transaction.atomic():
        for table in TABLES:
            _load_table(table, loaded=loaded)
        _load_nettsted()
        brukere = _load_users(personer=loaded["personer"])
    return {name: len(rows) for name, rows in loaded.items()} | {"brukere": len(brukere)}


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


def _find(register: dict[Any, M], navn: str | None, hva: str) -> M | None:
    """Look ``navn`` up in ``register``; a clear error names the missing partner/body/person."""
    if navn is None:
        return None
    try:
        return register[navn]
    except KeyError:
        raise ValueError(f"Demodata viser til ukjent {hva}: {navn!r}") from None


def _load_table(
    table: Table, *, loaded: dict[str, dict[Any, models.Model]]
) -> dict[Any, models.Model]:
    """Upsert the rows of one table; returns them by their natural key (the first field's value
    when the key has one field, else the tuple). A field a row leaves out gets the model field's
    default. References to the table itself are set in a second pass: they may point forward."""
    rows: list[dict[str, Any]] = demo_data.read(table.name)
    opts = table.model._meta
    fields = list(dict.fromkeys(name for row in rows for name in row))
    own_refs = [name for name, target in table.refs.items() if target == table.name]

    def key(row: dict[str, Any]) -> Any:
        return row[table.key[0]] if len(table.key) == 1 else tuple(row.get(k) for k in table.key)

    def value(row: dict[str, Any], name: str) -> Any:
        felt = opts.get_field(name)
        # The data files name the model's own columns, never a reverse relation.
        assert isinstance(felt, models.Field)
        if name not in row:
            return felt.get_default()
        if name in table.refs:
            assert isinstance(felt, models.ForeignKey)
            target = str(felt.target_field.model._meta.verbose_name)
            return _find(loaded[table.refs[name]], row[name], target)
        return row[name]

    result: dict[Any, models.Model] = {}
    for row in rows:
        if key(row) in result:
            raise ValueError(f"Demodata har {opts.verbose_name} {key(row)!r} to ganger")
        result[key(row)] = _upsert(
            table.model,
            lookup={name: value(row, name) for name in table.key},
            values={
                name: value(row, name)
                for name in fields
                if name not in table.key and name not in own_refs
            },
        )
    loaded[table.name] = result
    for row in rows if own_refs else []:
        obj = result[key(row)]
        changed = []
        for name in own_refs:
            target = value(row, name)
            if getattr(obj, f"{name}_id") != (target.pk if target else None):
                setattr(obj, name, target)
                changed.append(name)
        if changed:
            obj.save(update_fields=changed)
    return result


def _load_nettsted() -> Nettsted:
    nettsted = Nettsted.objects.order_by("pk").first()
    if nettsted is None:
        return Nettsted.objects.create(**demo_data.NETTSTED)
    return _upsert(Nettsted, lookup={"pk": nettsted.pk}, values=dict(demo_data.NETTSTED))


def _load_users(*, personer: dict[Any, models.Model]) -> list[User]:
    """The demo logins: passwords, superuser flag, secretariat group and linked person."""
    group, _ = Group.objects.get_or_create(name=SEKRETARIAT_GROUP)
    brukere: list[User] = []
    for row in demo_data.DEMO_USERS:
        bruker = _upsert(
            User,
            lookup={"username": row["brukernavn"]},
            values={
                "is_active": True,
                "is_staff": row["superbruker"],
                "is_superuser": row["superbruker"],
            },
        )
        if not bruker.check_password(row["passord"]):
            bruker.set_password(row["passord"])
            bruker.save(update_fields=["password"])
        if row["sekretariat"]:
            bruker.groups.add(group)
        else:
            bruker.groups.remove(group)

        person = _find(personer, row["person"], "person")
        assert person is None or isinstance(person, Person)
        # The link is one-to-one: release the login from any other person first.
        for other in Person.objects.filter(bruker=bruker):
            if other != person:
                other.bruker = None
                other.save(update_fields=["bruker"])
        if person is not None and person.bruker_id != bruker.pk:
            person.bruker = bruker
            person.save(update_fields=["bruker"])
        brukere.append(bruker)
    return brukere
