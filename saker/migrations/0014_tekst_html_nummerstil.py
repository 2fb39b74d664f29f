"""Render the stored HTML of the texts again after the renderer learned the author's numbering
(«1)» kept as «1)», lettered sub-points nested under their number; helsefellesskap/text.py).
Only rows whose HTML changes are written, so the other saker keep their versions (and their
cached pages).

Note for the merge: another branch adds saker migrations 0012/0013; renumber this one to follow
them (it depends on nothing they add)."""

from django.db import migrations

from helsefellesskap.text import render_html

SAK = ("hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak", "protokoll", "vedtak")


def _render_again(model, felter):
    rader = []
    for row in model.objects.only(*felter, *(f"{f}_html" for f in felter)).iterator(chunk_size=500):
        endret = False
        for felt in felter:
            html = render_html(getattr(row, felt))
            if html != getattr(row, f"{felt}_html"):
                setattr(row, f"{felt}_html", html)
                endret = True
        if endret:
            rader.append(row)
        if len(rader) == 500:
            model.objects.bulk_update(rader, [f"{f}_html" for f in felter])
            rader = []
    model.objects.bulk_update(rader, [f"{f}_html" for f in felter])


def render_again(apps, schema_editor):
    _render_again(apps.get_model("saker", "Sak"), SAK)
    _render_again(apps.get_model("saker", "ReferatKommentar"), ("tekst",))


class Migration(migrations.Migration):
    dependencies = [("saker", "0013_sokeindeks_vedlegg")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
