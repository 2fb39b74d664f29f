"""The GIN index for search in vedlegg (saker/search.py's vector «vedlegg»), as 0010 made those
of saker and meetings: on exactly the expression the search queries (tests/saker/test_sok.py
checks they agree). The text is searched in its first 200 000 characters (``search.SOK_TEGN``).
The embedded SQLite default has no full-text search: nothing to do there."""

from django.db import migrations

_NORSK = "to_tsvector('norwegian'::regconfig, "

INDEXES = {
    "sok_vedlegg": (
        "saker_vedlegg",
        f"(setweight({_NORSK}\"tittel\"), 'A') || "
        f"setweight({_NORSK}left(\"tekst\", 200000)), 'D'))",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for navn, (tabell, uttrykk) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{navn}" ON "{tabell}" USING gin ({uttrykk})'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for navn in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{navn}"')


class Migration(migrations.Migration):
    dependencies = [("saker", "0012_vedlegg_tekst")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
