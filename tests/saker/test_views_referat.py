import datetime

import pytest

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.models import Mote
from saker import services
from saker.models import Oppfolging, Sak
from tests.factories import OrganFactory, VervFactory, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def sek(client, sekretariat):
    client.force_login(sekretariat)
    return client


@pytest.fixture
def holdt(mote, medlem):
    return mote_services.mote_marker_avholdt(mote=mote)


def test_referat_page_prefills_the_vedtak_from_the_proposal(sek, holdt):
    html = sek.get(f"/mote/{holdt.pk}/referat/").content.decode()
    assert "Årsmeldingen godkjennes." in html  # forslag til vedtak as the starting point
    assert "Vedtaket er fylt ut fra forslaget" in html
    assert "Foreslå deltakere fra vervene" in html


def test_autosave_of_one_sak_returns_a_small_status(sek, holdt):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    svar = sek.post(
        f"/sak/{sak.pk}/referat/",
        {
            f"sak{sak.pk}-protokoll": "Årsmeldingen ble gjennomgått.",
            f"sak{sak.pk}-vedtak": "Årsmeldingen godkjennes med endringer.",
        },
        HTTP_HX_REQUEST="true",
    )
    html = svar.content.decode()
    assert "Lagret kl." in html and "<html" not in html
    sak.refresh_from_db()
    assert sak.vedtak == "Årsmeldingen godkjennes med endringer."


def test_attendance_form_saves_presence_and_stand_ins(sek, holdt, ssu, medlem):
    vara = VervFactory(organ=ssu, rolle=Verv.Rolle.VARAMEDLEM, person__navn="Vara Varesen")
    sek.post(f"/mote/{holdt.pk}/referat/deltakere/", {"handling": "foreslaa"})
    d = {x.person.navn: x for x in holdt.deltakere.select_related("person")}
    sek.post(
        f"/mote/{holdt.pk}/referat/deltakere/",
        {
            "handling": "lagre",
            f"oppmote-{d['Medlem'].pk}": "forfall",
            f"oppmote-{d['Vara Varesen'].pk}": "tilstede",
            f"moter_for-{d['Vara Varesen'].pk}": str(medlem.person.pk),
        },
    )
    d = {x.person.navn: x for x in holdt.deltakere.select_related("person", "moter_for")}
    assert d["Medlem"].oppmote == "forfall"
    assert d["Vara Varesen"].moter_for == medlem.person
    html = sek.get(f"/mote/{holdt.pk}/").content.decode()
    assert "Vara Varesen" in html and "(møter for Medlem)" in html
    assert vara.person.navn in html


def test_eventuelt_item_from_the_referat_page(sek, holdt):
    svar = sek.post(
        f"/mote/{holdt.pk}/referat/eventuelt/",
        {
            "eventuelt-tittel": "Smittevern i vinter",
            "eventuelt-vedtak": "Tatt til orientering.",
        },
    )
    sak = Sak.objects.get(tittel="Smittevern i vinter")
    assert svar["Location"].endswith(f"#referat-{sak.pk}")
    assert sak.saksnr == "2024.5"


def test_member_reads_the_draft_sent_for_comments_and_comments(client, holdt, medlem, sekretariat):
    from django.test import Client

    client.force_login(medlem)
    assert 'id="referat"' not in client.get(f"/mote/{holdt.pk}/").content.decode()
    mote_services.referat_send_til_kommentar(mote=holdt, frist=datetime.date(2099, 1, 1))
    html = client.get(f"/mote/{holdt.pk}/").content.decode()
    assert 'id="referat"' in html and "Utkast sendt til kommentar" in html
    assert "Kommenter utkastet" in html
    client.post(f"/mote/{holdt.pk}/referat/kommentar/", {"tekst": "Mitt navn er stavet feil."})
    sek = Client()
    sek.force_login(sekretariat)
    assert "Mitt navn er stavet feil." in sek.get(f"/mote/{holdt.pk}/referat/").content.decode()


def test_public_reads_the_referat_only_when_published(client, holdt, ssu):
    """The innkalling of this meeting was never published: the referat alone makes the
    meeting visible to the public."""
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    services.referat_lagre(sak=sak, protokoll="Gjennomgått.", vedtak="Godkjent som fremlagt.")
    assert client.get(f"/mote/{holdt.pk}/").status_code == 404
    neste = services.mote_opprett(organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV")
    services.innkalling_send(mote=neste, varsle=False)
    services.referat_godkjenn(referatsak=neste.saker.get(referat_for=holdt))
    mote_services.referat_publiser(mote=holdt)
    html = client.get(f"/mote/{holdt.pk}/").content.decode()
    assert "Referat fra møte i Strategisk samarbeidsutvalg (SSU)" in html
    assert "Godkjent som fremlagt." in html
    assert "Vedtak:" in html  # a beslutningssak
    assert "Innkalling</h2>" not in html  # the innkalling itself stays unpublished


def test_vedtak_register_filters_by_body_and_year(client, holdt, ssu):
    fsu = OrganFactory(kortnavn="FSU", navn="Faglig samarbeidsutvalg")
    for organ, start, tittel in [
        (ssu, oslo(2023, 11, 23, 13), "SSU-sak 2023"),
        (fsu, oslo(2024, 1, 25, 9), "FSU-sak 2024"),
    ]:
        m = services.mote_opprett(organ=organ, start=start, sted="SiV")
        s = services.sak_create(organ=organ, mote=m, tittel=tittel, sakstyper=["beslutning"])
        services.innkalling_send(mote=m, varsle=False)
        services.referat_lagre(sak=s, protokoll="", vedtak=f"Vedtak i {tittel}")
        Mote.objects.filter(pk=m.pk).update(referat_publisert=m.start, referat_status="godkjent")
    html = client.get("/vedtak/").content.decode()
    assert "Vedtak i SSU-sak 2023" in html and "Vedtak i FSU-sak 2024" in html
    html = client.get("/vedtak/", {"organ": "fsu"}).content.decode()
    assert "Vedtak i FSU-sak 2024" in html and "SSU-sak 2023" not in html
    html = client.get("/vedtak/", {"aar": "2023"}).content.decode()
    assert "SSU-sak 2023" in html and "FSU-sak 2024" not in html
    html = client.get("/vedtak/", {"aar": "ikke-et-år"}).content.decode()
    assert "FSU-sak 2024" in html


def test_follow_up_list_filters_and_status_change(sek, holdt):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    a = services.oppfolging_legg_til(
        sak=sak, beskrivelse="Send årsmeldingen til partnerne", frist=datetime.date(2024, 3, 31)
    )
    services.oppfolging_legg_til(sak=sak, beskrivelse="Publiser på Kompetansebroen")
    html = sek.get("/oppfolging/").content.decode()
    assert "Send årsmeldingen til partnerne" in html and "Forfalt" in html
    sek.post(f"/oppfolging/{a.pk}/status/", {"status": "fullfort", "neste": "/oppfolging/"})
    a.refresh_from_db()
    assert a.status == Oppfolging.Status.FULLFORT
    html = sek.get("/oppfolging/", {"status": "apen"}).content.decode()
    assert "Publiser på Kompetansebroen" in html and "Send årsmeldingen" not in html


def test_status_redirect_stays_on_this_site(sek, holdt):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    o = services.oppfolging_legg_til(sak=sak, beskrivelse="X")
    svar = sek.post(
        f"/oppfolging/{o.pk}/status/", {"status": "pagar", "neste": "https://evil.example/"}
    )
    assert svar["Location"] == "/oppfolging/"


def test_marking_held_and_sending_for_comments_from_the_page(sek, mote):
    sek.post(f"/mote/{mote.pk}/referat/status/", {"handling": "avholdt"})
    mote.refresh_from_db()
    assert mote.status == Mote.Status.AVHOLDT
    svar = sek.post(
        f"/mote/{mote.pk}/referat/status/", {"handling": "til_kommentar", "frist": "2020-01-01"}
    )
    assert svar.status_code == 302
    mote.refresh_from_db()
    assert mote.referat_status == "utkast"
    sek.post(
        f"/mote/{mote.pk}/referat/status/", {"handling": "til_kommentar", "frist": "2099-01-01"}
    )
    mote.refresh_from_db()
    assert mote.referat_status == "til_kommentar"


def test_sak_page_shows_the_vedtak_to_members_only_once_the_referat_is_sent(client, holdt, medlem):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    services.referat_lagre(sak=sak, protokoll="Drøftet.", vedtak="Utkast til vedtak i arbeid.")
    services.oppfolging_legg_til(sak=sak, beskrivelse="Trykk årsmeldingen")
    client.force_login(medlem)
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "Utkast til vedtak i arbeid." not in html and "Trykk årsmeldingen" not in html
    mote_services.referat_send_til_kommentar(mote=holdt, frist=datetime.date(2099, 1, 1))
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "Utkast til vedtak i arbeid." in html and "Vedtak (utkast)" in html
    assert "Trykk årsmeldingen" in html


def test_follow_ups_of_exempt_saker_are_screened_as_in_the_vedtak_register(
    client, holdt, medlem, annet_medlem
):
    from tests.factories import PersonFactory

    unntatt = holdt.saker.get(unntatt_offentlighet=True)
    apen = holdt.saker.get(tittel="Årsmelding 2023")
    services.referat_lagre(sak=unntatt, protokoll="", vedtak="Vedtak om den ansatte.")
    services.oppfolging_legg_til(
        sak=unntatt,
        beskrivelse="Samtale med den ansatte",
        ansvarlig=PersonFactory(navn="Hanne Hemmelig"),
        frist=datetime.date(2024, 4, 30),
    )
    services.oppfolging_legg_til(sak=apen, beskrivelse="Send årsmeldingen ut")
    Mote.objects.filter(pk=holdt.pk).update(
        referat_publisert=holdt.start, referat_status="godkjent"
    )

    client.force_login(annet_medlem)  # a member of FSU only
    html = client.get("/oppfolging/", {"organ": "ssu"}).content.decode()
    assert "Send årsmeldingen ut" in html  # the published referat's open sak
    assert "Samtale med den ansatte" not in html and "Hanne Hemmelig" not in html
    assert "30.04.24" not in html
    html = client.get("/vedtak/", {"organ": "ssu"}).content.decode()
    assert "Vedtak om den ansatte" not in html

    client.force_login(medlem)  # a member of SSU reads the members' edition
    html = client.get("/oppfolging/", {"organ": "ssu"}).content.decode()
    assert "Samtale med den ansatte" in html and "Hanne Hemmelig" in html
