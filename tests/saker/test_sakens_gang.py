"""«Sakens gang»: a matter's saker across bodies and years, linked by the secretariat and
suggested from the saksnr a text mentions; each reader sees the path as they may read each sak
(a draft only for those who run its body, an exempt sak by number and screened title)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import strip_tags

from moter import services as mote_services
from saker import services
from saker.models import Oppfolging, Sak, Saksforbindelse
from saker.services import forbindelser
from tests.factories import oslo, user_with_verv
from tests.support import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sti(ssu, fsu):
    """FSU 2024.3 (published) → SSU 29.02.24's «Årsmelding 2023» (published) → a sak in SSU's
    next, draft meeting; and the exempt sak of SSU 29.02.24 linked to the published one."""
    fsu_mote = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2024, 2, 1, 10), sted="Tønsberg"
    )
    fsu_sak = services.sak_create(
        organ=fsu, mote=fsu_mote, tittel="Felles fastlegetiltak", sakstyper=["beslutning"]
    )
    services.innkalling_send(mote=fsu_mote)
    data.mote_publish(fsu_mote)
    ssu_mote = data.mote_publish(data.mote_create(ssu))
    aarsmelding = Sak.objects.get(mote=ssu_mote, tittel="Årsmelding 2023")
    unntatt = Sak.objects.get(mote=ssu_mote, unntatt_offentlighet=True)
    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), sted="SiV"
    )
    utkast_sak = services.sak_create(
        organ=ssu, mote=utkast, tittel="Hemmelig utkast om nedleggelse", sakstyper=["orientering"]
    )
    fsu_sak.refresh_from_db()
    forbindelser.saksforbindelse_add(sak=aarsmelding, annen=fsu_sak, retning="ut:sendt")
    forbindelser.saksforbindelse_add(sak=aarsmelding, annen=utkast_sak, retning="inn:oppfolging")
    forbindelser.saksforbindelse_add(sak=aarsmelding, annen=unntatt, retning="ut:relatert")
    return {"fsu": fsu_sak, "ssu": aarsmelding, "utkast": utkast_sak, "unntatt": unntatt}


def test_the_public_sees_the_published_path_oldest_first(client, sti):
    html = client.get(f"/sak/{sti['ssu'].pk}/gang/").content.decode()
    tidslinje = html.split('class="sakens-gang"')[1]
    assert tidslinje.index("Felles fastlegetiltak") < tidslinje.index("Årsmelding 2023")
    assert "Sendt hit fra sak" in strip_tags(html) and "Sendt videre til sak" in strip_tags(html)
    assert "Hemmelig utkast om nedleggelse" not in html  # a draft
    assert "Personalsak ved legevakten" not in html  # exempt: screened title only
    assert "Unntatt offentlighet, offl. § 13" in html
    # From the other end, the same path.
    html = client.get(f"/sak/{sti['fsu'].pk}/gang/").content.decode()
    assert "Årsmelding 2023" in html and "Hemmelig utkast" not in html


def test_a_member_reads_the_exempt_title_but_not_the_draft(client, ssu, sti):
    client.force_login(user_with_verv(ssu, "medlem2"))
    html = client.get(f"/sak/{sti['ssu'].pk}/gang/").content.decode()
    assert "Personalsak ved legevakten" in html
    assert "Hemmelig utkast om nedleggelse" not in html


def test_the_secretariat_links_and_unlinks_with_bad_input_at_the_field(sek, ssu, fsu, sti):
    html = sek.get(f"/sak/{sti['ssu'].pk}/gang/").content.decode()
    assert "Hemmelig utkast om nedleggelse" in html
    assert "Koble til en annen sak" in html
    url = f"/sak/{sti['fsu'].pk}/gang/koble/"
    svar = sek.post(
        url,
        {
            "forbindelse-retning": "inn:oppfolging",
            "forbindelse-organ": ssu.pk,
            "forbindelse-saksnr": "1999.9",
        },
    )
    assert svar.status_code == 400
    assert "Fant ingen sak 1999.9 i SSU." in svar.content.decode()
    assert 'value="1999.9"' in svar.content.decode()
    svar = sek.post(
        url,
        {
            "forbindelse-retning": "ut:relatert",
            "forbindelse-organ": fsu.pk,
            "forbindelse-saksnr": sti["fsu"].saksnr,
        },
    )
    assert svar.status_code == 400
    assert "En sak kan ikke kobles til seg selv." in svar.content.decode()
    svar = sek.post(
        url,
        {
            "forbindelse-retning": "ut:relatert",
            "forbindelse-organ": ssu.pk,
            "forbindelse-saksnr": sti["ssu"].saksnr,
            "forbindelse-merknad": "x" * 301,
        },
    )
    assert svar.status_code == 400
    assert "300" in svar.content.decode()
    svar = sek.post(
        url,
        {
            "forbindelse-retning": "ut:relatert",
            "forbindelse-organ": ssu.pk,
            "forbindelse-saksnr": sti["ssu"].saksnr,
        },
    )
    assert svar.status_code == 400
    assert "allerede koblet" in svar.content.decode()

    lenke = Saksforbindelse.objects.get(fra=sti["ssu"], til=sti["fsu"])
    svar = sek.post(f"/sak/{sti['ssu'].pk}/gang/{lenke.pk}/fjern/")
    assert svar.status_code == 302
    assert not Saksforbindelse.objects.filter(pk=lenke.pk).exists()
    assert lenke.history.count() == 2  # made and removed, recorded


def test_a_sak_s_text_suggests_the_saker_it_mentions(sek, ssu, fsu, sti):
    services.sak_update(
        sak=sti["utkast"],
        vurdering=f"Saken bygger på FSU-sak {sti['fsu'].saksnr} og sak 1999.1, som ikke finnes.",
    )
    html = sek.get(f"/sak/{sti['utkast'].pk}/gang/").content.decode()
    assert f"Sak {sti['fsu'].saksnr} i FSU: Felles fastlegetiltak" in html
    assert "1999.1" not in html.split("Koble til en annen sak")[1].split("<form")[0]
    svar = sek.post(
        f"/sak/{sti['utkast'].pk}/gang/koble/",
        {
            "forbindelse-retning": "ut:oppfolging",
            "forbindelse-organ": fsu.pk,
            "forbindelse-saksnr": sti["fsu"].saksnr,
        },
    )
    assert svar.status_code == 302
    assert Saksforbindelse.objects.filter(
        fra=sti["utkast"], til=sti["fsu"], type="oppfolging"
    ).exists()


def test_the_demo_has_a_case_path_the_public_can_follow(client, demo):
    """On a fresh `make run`: the fastlege saker of SSU linked, as the public reads them."""
    fagutvalg = Sak.objects.get(organ__kortnavn="SSU", saksnr="2023.42")
    html = client.get(f"/sak/{fagutvalg.pk}/gang/").content.decode()
    tidslinje = html.split('class="sakens-gang"')[1]
    assert "Fagutvalg for fastleger" in tidslinje
    assert "Status for fagutvalg" in tidslinje
    assert "Fulgt opp i sak 2024.8 i SSU" in strip_tags(tidslinje)


def test_each_vedtak_on_the_path_shows_its_follow_ups_once_its_referat_is_shown(
    sekretariat, ssu, sti
):
    aarsmelding = sti["ssu"]
    Sak.objects.filter(pk=aarsmelding.pk).update(vedtak="Årsmeldingen tas til orientering.")
    Oppfolging.objects.create(
        sak=aarsmelding, beskrivelse="Sekretariatet sender årsmeldingen til kommunene"
    )
    mote = aarsmelding.mote
    mote_services.mote_set_avholdt(mote=mote)
    sti_url = f"/sak/{sti['fsu'].pk}/gang/"  # seen from the other end of the path
    sek, client = Client(), Client()
    sek.force_login(sekretariat)
    # The referat being written: the secretariat sees the follow-up, the public does not.
    assert "Sekretariatet sender årsmeldingen" in sek.get(sti_url).content.decode()
    assert "Sekretariatet sender årsmeldingen" not in client.get(sti_url).content.decode()

    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=mote))
    mote_services.referat_publish(mote=mote)
    html = client.get(sti_url).content.decode()
    assert "Årsmeldingen tas til orientering." in html
    assert "Sekretariatet sender årsmeldingen til kommunene" in html


def test_the_sak_form_leads_to_linking_the_sak(sek, sti):
    html = sek.get(f"/sak/{sti['ssu'].pk}/rediger/").content.decode()
    assert f'href="/sak/{sti["ssu"].pk}/gang/#koble-tittel"' in html
    assert 'id="koble-tittel"' in sek.get(f"/sak/{sti['ssu'].pk}/gang/").content.decode()
