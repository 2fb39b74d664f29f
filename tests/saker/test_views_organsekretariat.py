"""The secretariat per body on the pages: a verv «sekretariat» in a body runs that body's
meetings, agenda, referat and documents (and, as configured, the bodies under it), an
arbeidsgruppe's leader runs the group, and the secretariat's own pages list only what the user
runs (moter.access.can_manage_organ)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from helsefellesskap.models import Organ, Verv
from moter.models import Mote
from saker import services
from saker.models import Sak
from tests.factories import OrganFactory, oslo, user_with_verv

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "ssu-2024-02-29-innkalling.json"


def _utkast(organ: Organ, dag: int = 10) -> Mote:
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2026, 12, dag, 13), sted="Tønsberg"
    )
    services.sak_create(
        organ=organ, mote=mote, tittel=f"Sak i {organ.kortnavn}", sakstyper=["orientering"]
    )
    return mote


def _mote_post(**endret) -> dict:
    return {
        "dato": "2026-12-17",
        "starttid": "13:00",
        "sluttid": "15:00",
        "sted": "Tønsberg",
        "offentlig": "on",
        **endret,
    }


@pytest.fixture
def fsu_sekretariat(fsu):
    return user_with_verv(fsu, "fsusekretar", rolle=Verv.Rolle.SEKRETARIAT)


@pytest.fixture
def fsu_sek(fsu_sekretariat):
    """A client of its own (``sek`` is the test client), logged in as FSU's secretariat."""
    klient = Client()
    klient.force_login(fsu_sekretariat)
    return klient


def test_the_secretariat_of_fsu_cannot_edit_an_ssu_meeting_but_edits_fsus(fsu_sek, ssu, fsu):
    ssu_mote, fsu_mote = _utkast(ssu), _utkast(fsu, dag=11)

    response = fsu_sek.get(f"/mote/{ssu_mote.pk}/rediger/")
    assert response.status_code == 403
    assert "Bare sekretariatet for SSU har tilgang til denne siden." in response.content.decode()
    response = fsu_sek.post(f"/mote/{ssu_mote.pk}/rediger/", _mote_post(sted="Horten"))
    assert response.status_code == 403
    ssu_mote.refresh_from_db()
    assert ssu_mote.sted == "Tønsberg"
    # The rest of SSU's meeting is closed too: its agenda, sending, the referat, cancelling.
    for url in ("saksliste/", "send/", "referat/", "avlys/", "historikk/"):
        assert fsu_sek.get(f"/mote/{ssu_mote.pk}/{url}").status_code == 403, url
    sak = ssu_mote.saker.get(tittel="Sak i SSU")
    assert fsu_sek.get(f"/sak/{sak.pk}/rediger/").status_code == 403
    assert fsu_sek.post(f"/sak/{sak.pk}/fjern/").status_code == 403
    assert ssu_mote.saker.filter(pk=sak.pk).exists()
    # The draft is SSU's secretariat's: FSU's does not see it.
    assert fsu_sek.get(f"/mote/{ssu_mote.pk}/").status_code == 404

    assert fsu_sek.get(f"/mote/{fsu_mote.pk}/rediger/").status_code == 200
    response = fsu_sek.post(f"/mote/{fsu_mote.pk}/rediger/", _mote_post(sted="Horten"))
    assert response.status_code == 302
    fsu_mote.refresh_from_db()
    assert fsu_mote.sted == "Horten"
    side = fsu_sek.get(f"/mote/{fsu_mote.pk}/").content.decode()
    assert f'href="/mote/{fsu_mote.pk}/rediger/"' in side
    for url in ("saksliste/", "send/", "avlys/", "historikk/"):
        assert fsu_sek.get(f"/mote/{fsu_mote.pk}/{url}").status_code == 200, url


def test_the_start_page_lists_only_the_bodies_the_user_runs(fsu_sek, sek, ssu, fsu):
    _utkast(ssu)
    _utkast(fsu, dag=11)
    services.sak_create(organ=ssu, tittel="SSU-køsak", sakstyper=["orientering"])
    services.sak_create(organ=fsu, tittel="FSU-køsak", sakstyper=["orientering"])

    side = fsu_sek.get("/sekretariat/").content.decode()
    assert "FSU 11.12.26" in side and "FSU-køsak" in side
    assert "SSU 10.12.26" not in side and "SSU-køsak" not in side
    assert '<option value="fsu">' in side and '<option value="ssu">' not in side

    side = sek.get("/sekretariat/").content.decode()
    assert "SSU 10.12.26" in side and "FSU 11.12.26" in side and "SSU-køsak" in side


def test_a_new_meeting_is_offered_and_accepted_for_the_users_bodies_only(fsu_sek, ssu, fsu):
    side = fsu_sek.get("/sekretariat/mote/ny/").content.decode()
    assert f'<option value="{fsu.pk}">' in side
    assert f'<option value="{ssu.pk}"' not in side

    response = fsu_sek.post("/sekretariat/mote/ny/", _mote_post(organ=ssu.pk))
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Mote.objects.exists()

    response = fsu_sek.post("/sekretariat/mote/ny/", _mote_post(organ=fsu.pk))
    mote = Mote.objects.get()
    assert response.status_code == 302 and mote.organ == fsu


def test_the_import_takes_a_meeting_for_a_body_the_user_runs_only(fsu_sek, ssu, fsu):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    response = fsu_sek.post(
        "/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", json.dumps(data).encode())}
    )
    assert response.status_code == 200
    assert "du kan bare importere møter i organer du er sekretariat for, ikke i SSU" in (
        response.content.decode()
    )
    assert not Mote.objects.exists()

    data["organ"] = "FSU"
    response = fsu_sek.post(
        "/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", json.dumps(data).encode())}
    )
    assert response.status_code == 302
    assert Mote.objects.get().organ == fsu


def test_the_menu_and_the_body_page_show_what_the_user_runs(fsu_sek, sek, ssu, fsu):
    medlem = Client()
    medlem.force_login(user_with_verv(fsu, "fsumedlem"))
    # The central secretariat sees SSU's page first, FSU's secretariat FSU's page before a
    # member of FSU: the editing buttons stay with those who run the body (the page's cached
    # part is kept per reader).
    assert "Lag møteplan" in sek.get("/organ/ssu/").content.decode()
    assert "Lag møteplan" not in fsu_sek.get("/organ/ssu/").content.decode()
    side = fsu_sek.get("/organ/fsu/").content.decode()
    assert "Lag møteplan" in side
    assert 'href="/sekretariat/"' in side

    side = medlem.get("/organ/fsu/").content.decode()
    assert "Lag møteplan" not in side and 'href="/sekretariat/"' not in side
    assert medlem.get("/sekretariat/").status_code == 403


def test_an_arbeidsgruppe_leader_runs_the_group(client, fsu):
    ag = OrganFactory(
        kortnavn="AG",
        navn="Arbeidsgruppe røntgen",
        type=Organ.Type.ARBEIDSGRUPPE,
        rapporterer_til=fsu,
    )
    fu = OrganFactory(kortnavn="FU", navn="Fagutvalg", rapporterer_til=fsu)
    leder = user_with_verv(ag, "agleder", rolle=Verv.Rolle.LEDER)
    ag_mote, fu_mote = _utkast(ag), _utkast(fu, dag=11)
    client.force_login(leder)

    assert client.get(f"/mote/{ag_mote.pk}/saksliste/").status_code == 200
    response = client.post(f"/mote/{ag_mote.pk}/saksliste/", {"tittel": "Ny sak", "type": "sak"})
    assert response.status_code == 302
    assert ag_mote.saker.filter(tittel="Ny sak").exists()
    assert client.get("/organ/ag/moteplan/").status_code == 200
    # A leader of a fagutvalg is not its secretariat: FU is not the leader's, nor FSU.
    assert client.get(f"/mote/{fu_mote.pk}/saksliste/").status_code == 403
    assert client.get("/organ/fsu/moteplan/").status_code == 403
    side = client.get("/sekretariat/mote/ny/").content.decode()
    assert f'<option value="{ag.pk}">' in side and f'<option value="{fu.pk}"' not in side


def test_a_secretariat_of_a_parent_body_runs_the_bodies_under_it_as_configured(client, ssu, fsu):
    fsu.rapporterer_til = ssu
    fsu.save()
    client.force_login(user_with_verv(ssu, "ssusekretar", rolle=Verv.Rolle.SEKRETARIAT))
    fsu_mote = _utkast(fsu)
    assert client.get(f"/mote/{fsu_mote.pk}/saksliste/").status_code == 200
    assert "FSU 10.12.26" in client.get("/sekretariat/").content.decode()
    with override_settings(SEKRETARIAT_ARVER_NEDOVER=False):
        assert client.get(f"/mote/{fsu_mote.pk}/saksliste/").status_code == 403
        assert "FSU 10.12.26" not in client.get("/sekretariat/").content.decode()
    # FSU's secretariat runs nothing above FSU.
    client.force_login(user_with_verv(fsu, "fsusekretar", rolle=Verv.Rolle.SEKRETARIAT))
    assert client.get(f"/mote/{_utkast(ssu, dag=11).pk}/saksliste/").status_code == 403


def test_the_follow_up_list_lets_the_user_set_the_status_of_the_bodies_they_run(fsu_sek, ssu, fsu):
    rader = {}
    for organ in (ssu, fsu):
        mote = _utkast(organ, dag=10 if organ == ssu else 11)
        services.innkalling_send(mote=mote, notify=False)
        sak = Sak.objects.get(mote=mote, tittel=f"Sak i {organ.kortnavn}")
        rader[organ.kortnavn] = services.oppfolging_add(
            sak=sak, beskrivelse=f"Følg opp {organ.kortnavn}"
        )
    side = fsu_sek.get("/oppfolging/").content.decode()
    assert f'action="/oppfolging/{rader["FSU"].pk}/status/"' in side
    # SSU's meeting is sent, so FSU's secretariat (no member of SSU) does not see its row.
    assert "Følg opp SSU" not in side
    response = fsu_sek.post(f"/oppfolging/{rader['SSU'].pk}/status/", {"status": "fullfort"})
    assert response.status_code == 403
    response = fsu_sek.post(f"/oppfolging/{rader['FSU'].pk}/status/", {"status": "fullfort"})
    assert response.status_code == 302
    rader["FSU"].refresh_from_db()
    assert rader["FSU"].status == "fullfort"
