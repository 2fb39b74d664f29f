"""Fill the stored HTML of the texts of existing saker and referat comments."""

from django.db import migrations

from helsefellesskap.tekst import render_html

SAK = ("hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak", "protokoll", "vedtak")


def _fyll(modell, felter):
    rader = []
    for rad in modell.objects.only(*felter).iterator(chunk_size=500):
        for felt in felter:
            setattr(rad, f"{felt}_html", render_html(getattr(rad, felt)))
        rader.append(rad)
        if len(rader) == 500:
            modell.objects.bulk_update(rader, [f"{f}_html" for f in felter])
            rader = []
    modell.objects.bulk_update(rader, [f"{f}_html" for f in felter])


def fyll(apps, schema_editor):
    _fyll(apps.get_model("saker", "Sak"), SAK)
    _fyll(apps.get_model("saker", "ReferatKommentar"), ("tekst",))


class Migration(migrations.Migration):
    dependencies = [("saker", "0007_tekst_html")]

    operations = [migrations.RunPython(fyll, migrations.RunPython.noop)]
