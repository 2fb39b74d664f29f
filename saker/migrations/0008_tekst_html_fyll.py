"""Fill the stored HTML of the texts of existing saker and referat comments."""

from django.db import migrations

from helsefellesskap.text import render_html

SAK = ("hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak", "protokoll", "vedtak")


def _fill(model, felter):
    rader = []
    for row in model.objects.only(*felter).iterator(chunk_size=500):
        for felt in felter:
            setattr(row, f"{felt}_html", render_html(getattr(row, felt)))
        rader.append(row)
        if len(rader) == 500:
            model.objects.bulk_update(rader, [f"{f}_html" for f in felter])
            rader = []
    model.objects.bulk_update(rader, [f"{f}_html" for f in felter])


def fill(apps, schema_editor):
    _fill(apps.get_model("saker", "Sak"), SAK)
    _fill(apps.get_model("saker", "ReferatKommentar"), ("tekst",))


class Migration(migrations.Migration):
    dependencies = [("saker", "0007_tekst_html")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
