"""GIN indexes for search (saker/search.py) on PostgreSQL: each on exactly the expression the
search queries (``saker.search.vector_sql``; tests/saker/test_sok.py checks they agree). The
embedded SQLite default has no full-text search: nothing to do there."""

from django.db import migrations

_NORSK = "to_tsvector('norwegian'::regconfig, "

INDEXES = {
    "sok_sak_innhold": (
        "saker_sak",
        f"(setweight({_NORSK}\"tittel\" || ' ' || \"saksnr\"), 'A') || "
        f"setweight({_NORSK}\"hensikt\" || ' ' || \"faktagrunnlag\" || ' ' || \"vurdering\" "
        f"|| ' ' || \"forslag_til_vedtak\"), 'C'))",
    ),
    "sok_sak_referat": (
        "saker_sak",
        f"(setweight({_NORSK}\"vedtak\"), 'B') || setweight({_NORSK}\"protokoll\"), 'C'))",
    ),
    "sok_sak_skjermet": (
        "saker_sak",
        f"(setweight({_NORSK}\"offentlig_tittel\" || ' ' || \"saksnr\"), 'A'))",
    ),
    "sok_mote": (
        "moter_mote",
        f"(setweight({_NORSK}\"tittel\"), 'A') || setweight({_NORSK}\"sted\"), 'C'))",
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
    dependencies = [
        ("saker", "0009_sak_versjon"),
        ("moter", "0010_meldingsmal_og_tilleggsinnkalling"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
