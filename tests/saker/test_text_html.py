"""The texts of a sak are rendered to safe HTML once, when they are saved: through the page,
the referat, the import and the admin alike, and the pages show what was stored."""

import datetime
import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse

from helsefellesskap.text import render_html
from saker import services
from saker.exchange.importing import mote_import
from saker.models import ReferatKommentar, Sak
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

ATTACKS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_saving_a_sak_stores_its_texts_as_html(ssu):
    sak = services.sak_create(
        organ=ssu,
        tittel="Handlingsplan",
        sakstyper=["beslutning"],
        hensikt="Første avsnitt.\n\n- ett\n- to",
        forslag_til_vedtak="1. Planen vedtas.\n2. Den evalueres.",
    )
    sak.refresh_from_db()
    assert sak.hensikt_html == "<p>Første avsnitt.</p><ul><li>ett</li><li>to</li></ul>"
    assert sak.forslag_til_vedtak_html == "<ol><li>Planen vedtas.</li><li>Den evalueres.</li></ol>"
    assert sak.vurdering_html == ""


def test_script_stored_in_a_text_stays_inert_text(client, publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, hensikt=ATTACKS)
    sak.refresh_from_db()
    assert "<script" not in sak.hensikt_html and "<img" not in sak.hensikt_html
    assert "&lt;script&gt;" in sak.hensikt_html
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_editing_on_the_page_updates_the_html(client, sekretariat, utkast):
    client.force_login(sekretariat)
    sak = utkast.saker.get(tittel="Godkjenning av innkalling og dagsorden")
    sist_sett = client.get(f"/sak/{sak.pk}/rediger/").context["form"].initial["sist_sett"]
    response = client.post(
        f"/sak/{sak.pk}/rediger/",
        {
            "tittel": sak.tittel,
            "sakstyper": ["godkjenning"],
            "vedlegg_offentlig": "on",
            "hensikt": "Ny hensikt.\n\n- med punkt",
            "sist_sett": sist_sett,
        },
    )
    assert response.status_code == 302
    sak.refresh_from_db()
    assert sak.hensikt_html == "<p>Ny hensikt.</p><ul><li>med punkt</li></ul>"
    html = client.get(f"/mote/{utkast.pk}/").content.decode()
    assert "<p>Ny hensikt.</p><ul><li>med punkt</li></ul>" in html


def test_writing_the_referat_updates_the_html(client, sekretariat, mote):
    from moter import services as mote_services

    mote_services.mote_set_avholdt(mote=mote)
    client.force_login(sekretariat)
    sak = mote.saker.get(tittel="Årsmelding 2023")
    response = client.post(
        f"/sak/{sak.pk}/referat/",
        {f"sak{sak.pk}-protokoll": "Gjennomgått.", f"sak{sak.pk}-vedtak": "1. Godkjent."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    sak.refresh_from_db()
    assert (sak.protokoll_html, sak.vedtak_html) == (
        "<p>Gjennomgått.</p>",
        "<ol><li>Godkjent.</li></ol>",
    )
    html = client.get(f"/mote/{mote.pk}/").content.decode()
    assert "<ol><li>Godkjent.</li></ol>" in html


def test_the_import_stores_the_html(db):
    OrganFactory(kortnavn="SSU", navn="Strategisk samarbeidsutvalg", saksnummerformat="{aar}.{nr}")
    data = json.loads(Path("tests/data/ssu-2024-02-29-innkalling.json").read_text(encoding="utf-8"))
    data["saker"][2]["hensikt"] = f"Importert.\n\n- {ATTACKS}"
    mote = mote_import(data)
    sak = mote.saker.order_by("rekkefolge")[2]
    assert sak.hensikt_html.startswith("<p>Importert.</p><ul><li>&lt;script&gt;")
    for s in mote.saker.all():
        for felt in Sak.TEXT_FIELDS:
            assert getattr(s, f"{felt}_html") == render_html(getattr(s, felt)), (s.tittel, felt)


def _admin_data(response) -> dict:
    """The admin change form's fields and inlines as the browser would post them back."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for skjema in forms:
        for felt in skjema:
            verdi = felt.value()
            if verdi is None or verdi is False:
                continue
            data[felt.html_name] = "on" if verdi is True else verdi
    return data


def test_editing_in_the_admin_updates_the_html(client, publisert):
    client.force_login(User.objects.create_superuser("rot", "rot@example.no", "x"))
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    url = reverse("admin:saker_sak_change", args=[sak.pk])
    data = _admin_data(client.get(url))
    data["vurdering"] = "Rettet i admin.\n- punkt"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    sak.refresh_from_db()
    assert sak.vurdering_html == "<p>Rettet i admin.</p><ul><li>punkt</li></ul>"


def test_a_comment_on_the_referat_stays_inert_text(client, mote, medlem, sekretariat):
    from django.test import Client

    from moter import services as mote_services

    mote_services.mote_set_avholdt(mote=mote)
    mote_services.referat_send_for_comments(mote=mote, frist=datetime.date(2099, 1, 1))
    client.force_login(medlem)
    client.post(f"/mote/{mote.pk}/referat/kommentar/", {"tekst": f"Feil i punkt 2.\n\n{ATTACKS}"})
    kommentar = ReferatKommentar.objects.get(mote=mote)
    assert kommentar.tekst_html.startswith("<p>Feil i punkt 2.</p><p>&lt;script&gt;")
    sek = Client()
    sek.force_login(sekretariat)
    html = sek.get(f"/mote/{mote.pk}/referat/").content.decode()
    assert "<p>Feil i punkt 2.</p>" in html and "<script>alert" not in html


def test_the_migration_fills_the_html_of_existing_rows(publisert):
    Sak.objects.update(hensikt_html="", forslag_til_vedtak_html="")
    migration = importlib.import_module("saker.migrations.0008_tekst_html_fyll")
    migration.fill(apps, None)
    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    assert sak.hensikt_html == "<p>Utkast til årsmelding legges frem.</p>"
    assert sak.forslag_til_vedtak_html == "<p>Årsmeldingen godkjennes.</p>"


def test_the_history_does_not_show_the_html_as_a_change(client, sekretariat, publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, hensikt="En ny hensikt.")
    client.force_login(sekretariat)
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "En ny hensikt." in html
    assert "som HTML" not in html


def test_a_data_file_loaded_with_loaddata_gets_the_html(publisert, tmp_path):
    from django.core import serializers
    from django.core.management import call_command

    sak = publisert.saker.get(tittel="Årsmelding 2023")
    rader = json.loads(serializers.serialize("json", [sak]))
    rader[0]["fields"].update(hensikt="Fra en datafil.\n- punkt", hensikt_html="")
    fil = tmp_path / "sak.json"
    fil.write_text(json.dumps(rader), encoding="utf-8")
    call_command("loaddata", str(fil), verbosity=0)
    sak.refresh_from_db()
    assert sak.hensikt_html == "<p>Fra en datafil.</p><ul><li>punkt</li></ul>"
