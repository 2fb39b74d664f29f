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
    return mote_services.mote_set_avholdt(mote=mote)


def test_referat_page_prefills_the_vedtak_from_the_proposal(sek, holdt):
    html = sek.get(f"/mote/{holdt.pk}/referat/").content.decode()
    assert "Årsmeldingen godkjennes." in html  # forslag til vedtak as the starting point
    assert "Vedtaket er fylt ut fra forslaget" in html
    assert "Foreslå deltakere fra vervene" in html


def test_autosave_of_one_sak_returns_a_small_status(sek, holdt):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    response = sek.post(
        f"/sak/{sak.pk}/referat/",
        {
            f"sak{sak.pk}-protokoll": "Årsmeldingen ble gjennomgått.",
            f"sak{sak.pk}-vedtak": "Årsmeldingen godkjennes med endringer.",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
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
    response = sek.post(
        f"/mote/{holdt.pk}/referat/eventuelt/",
        {
            "eventuelt-tittel": "Smittevern i vinter",
            "eventuelt-vedtak": "Tatt til orientering.",
        },
    )
    sak = Sak.objects.get(tittel="Smittevern i vinter")
    assert response["Location"].endswith(f"#referat-{sak.pk}")
    assert sak.saksnr == "2024.5"


def test_member_reads_the_draft_sent_for_comments_and_comments(client, holdt, medlem, sekretariat):
    from django.test import Client

    client.force_login(medlem)
    assert 'id="referat"' not in client.get(f"/mote/{holdt.pk}/").content.decode()
    mote_services.referat_send_for_comments(mote=holdt, frist=datetime.date(2099, 1, 1))
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
    services.referat_save(sak=sak, protokoll="Gjennomgått.", vedtak="Godkjent som fremlagt.")
    assert client.get(f"/mote/{holdt.pk}/").status_code == 404
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=holdt))
    mote_services.referat_publish(mote=holdt)
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
        m = services.mote_create_with_standard_items(organ=organ, start=start, sted="SiV")
        s = services.sak_create(organ=organ, mote=m, tittel=tittel, sakstyper=["beslutning"])
        services.innkalling_send(mote=m, notify=False)
        services.referat_save(sak=s, protokoll="", vedtak=f"Vedtak i {tittel}")
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
    a = services.oppfolging_add(
        sak=sak, beskrivelse="Send årsmeldingen til partnerne", frist=datetime.date(2024, 3, 31)
    )
    services.oppfolging_add(sak=sak, beskrivelse="Publiser på Kompetansebroen")
    html = sek.get("/oppfolging/").content.decode()
    assert "Send årsmeldingen til partnerne" in html and "Forfalt" in html
    sek.post(f"/oppfolging/{a.pk}/status/", {"status": "fullfort", "neste": "/oppfolging/"})
    a.refresh_from_db()
    assert a.status == Oppfolging.Status.FULLFORT
    html = sek.get("/oppfolging/", {"status": "apen"}).content.decode()
    assert "Publiser på Kompetansebroen" in html and "Send årsmeldingen" not in html


def test_status_redirect_stays_on_this_site(sek, holdt):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    o = services.oppfolging_add(sak=sak, beskrivelse="X")
    response = sek.post(
        f"/oppfolging/{o.pk}/status/", {"status": "pagar", "neste": "https://evil.example/"}
    )
    assert response["Location"] == "/oppfolging/"


def test_marking_held_and_sending_for_comments_from_the_page(sek, mote):
    sek.post(f"/mote/{mote.pk}/referat/status/", {"handling": "avholdt"})
    mote.refresh_from_db()
    assert mote.status == Mote.Status.AVHOLDT
    response = sek.post(
        f"/mote/{mote.pk}/referat/status/", {"handling": "til_kommentar", "frist": "2020-01-01"}
    )
    assert response.status_code == 302
    mote.refresh_from_db()
    assert mote.referat_status == "utkast"
    sek.post(
        f"/mote/{mote.pk}/referat/status/", {"handling": "til_kommentar", "frist": "2099-01-01"}
    )
    mote.refresh_from_db()
    assert mote.referat_status == "til_kommentar"


def test_sak_page_shows_the_vedtak_to_members_only_once_the_referat_is_sent(client, holdt, medlem):
    sak = holdt.saker.get(tittel="Årsmelding 2023")
    services.referat_save(sak=sak, protokoll="Drøftet.", vedtak="Utkast til vedtak i arbeid.")
    services.oppfolging_add(sak=sak, beskrivelse="Trykk årsmeldingen")
    client.force_login(medlem)
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "Utkast til vedtak i arbeid." not in html and "Trykk årsmeldingen" not in html
    mote_services.referat_send_for_comments(mote=holdt, frist=datetime.date(2099, 1, 1))
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert "Utkast til vedtak i arbeid." in html and "Vedtak (utkast)" in html
    assert "Trykk årsmeldingen" in html


def test_follow_ups_of_exempt_saker_are_screened_as_in_the_vedtak_register(
    client, holdt, medlem, annet_medlem
):
    from tests.factories import PersonFactory

    unntatt = holdt.saker.get(unntatt_offentlighet=True)
    apen = holdt.saker.get(tittel="Årsmelding 2023")
    services.referat_save(sak=unntatt, protokoll="", vedtak="Vedtak om den ansatte.")
    services.oppfolging_add(
        sak=unntatt,
        beskrivelse="Samtale med den ansatte",
        ansvarlig=PersonFactory(navn="Hanne Hemmelig"),
        frist=datetime.date(2024, 4, 30),
    )
    services.oppfolging_add(sak=apen, beskrivelse="Send årsmeldingen ut")
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


# --- A locked referat stays locked --------------------------------------------------------------


@pytest.fixture
def godkjent(holdt, ssu, medlem):
    """``holdt`` with its attendance proposed, approved in the next meeting (held) and published."""
    mote_services.deltakere_propose(mote=holdt)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=holdt))
    return mote_services.referat_publish(mote=holdt)


def test_attendance_on_an_approved_referat_is_a_new_version_with_a_reason(sek, client, godkjent):
    d = godkjent.deltakere.get(person__navn="Medlem")
    side = sek.get(f"/mote/{godkjent.pk}/referat/").content.decode()
    assert 'for="id_oppmote-begrunnelse">Begrunnelse for endringen' in side
    assert "Lagre oppmøtet som ny versjon" in side

    # Without a reason: refused with the message at the reason field, the user's choice kept
    # in the form, the attendance unchanged.
    response = sek.post(
        f"/mote/{godkjent.pk}/referat/deltakere/",
        {"handling": "lagre", f"oppmote-{d.pk}": "tilstede", f"merknad-{d.pk}": "Kom sent"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'id="id_oppmote-begrunnelse_feil">Referatet er godkjent og låst. Skriv en begrunnelse'
        in html
    )
    assert 'aria-describedby="id_oppmote-begrunnelse_hjelp id_oppmote-begrunnelse_feil"' in html
    assert '<option value="tilstede" selected>' in html
    assert f'id="merknad-{d.pk}" value="Kom sent"' in html
    d.refresh_from_db()
    assert (d.oppmote, d.merknad) == ("invitert", "")

    response = sek.post(
        f"/mote/{godkjent.pk}/referat/deltakere/",
        {
            "handling": "lagre",
            f"oppmote-{d.pk}": "tilstede",
            "oppmote-begrunnelse": "Medlem var til stede",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Oppmøtet er lagret som versjon 2 av referatet." in html
    assert "Versjon 2," in html and "Medlem var til stede" in html
    d.refresh_from_db()
    assert d.oppmote == "tilstede"
    # The public referat shows the new version with the attendance.
    client.logout()
    offentlig = client.get(f"/mote/{godkjent.pk}/").content.decode()
    assert "Versjon 2" in offentlig and "Medlem" in offentlig


def test_follow_up_on_an_approved_referat_asks_for_a_reason(sek, godkjent):
    sak = godkjent.saker.get(tittel="Årsmelding 2023")
    side = sek.get(f"/mote/{godkjent.pk}/referat/").content.decode()
    assert f'for="id_oppf{sak.pk}-endring-begrunnelse">Begrunnelse for endringen' in side
    response = sek.post(f"/sak/{sak.pk}/oppfolging/", {f"oppf{sak.pk}-beskrivelse": "Send ut"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_oppf{sak.pk}-endring-begrunnelse_feil">Referatet er godkjent og låst' in html
    assert 'value="Send ut"' in html and '<details class="ds-details" open>' in html
    assert not sak.oppfolginger.exists()
    sek.post(
        f"/sak/{sak.pk}/oppfolging/",
        {f"oppf{sak.pk}-beskrivelse": "Send ut", f"oppf{sak.pk}-endring-begrunnelse": "Glemt"},
    )
    godkjent.refresh_from_db()
    assert sak.oppfolginger.count() == 1 and godkjent.referat_versjon == 2


# --- Approval -----------------------------------------------------------------------------------


@pytest.fixture
def neste(holdt, ssu):
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    return neste


def test_approval_asks_for_confirmation_when_comments_are_open(sek, holdt, neste):
    mote_services.referat_send_for_comments(
        mote=holdt, frist=datetime.date.today() + datetime.timedelta(days=5)
    )
    mote_services.mote_set_avholdt(mote=neste)
    referatsak = neste.saker.get(referat_for=holdt)
    url = f"/sak/{referatsak.pk}/godkjenn-referat/"
    referatside = sek.get(f"/mote/{neste.pk}/referat/").content.decode()
    assert f'href="{url}"' in referatside  # a link to the confirmation page, not a POST button

    side = sek.get(url).content.decode()
    assert "Kommentarfristen for referatet har ikke gått ut" in side
    assert "Jeg har lest advarslene og vil godkjenne referatet likevel" in side
    holdt.refresh_from_db()
    assert holdt.referat_status == "til_kommentar"  # a GET changes nothing

    response = sek.post(url, {})
    assert response.status_code == 400
    assert 'id="id_bekreftet_feil">Bekreft at referatet skal godkjennes likevel.' in (
        response.content.decode()
    )
    holdt.refresh_from_db()
    assert holdt.referat_status == "til_kommentar"

    response = sek.post(url, {"bekreftet": "on"})
    assert response.status_code == 302
    holdt.refresh_from_db()
    assert holdt.referat_status == "godkjent"
    mote_services.referat_publish(mote=holdt)
    sek.logout()
    html = sek.get(f"/mote/{holdt.pk}/").content.decode()
    assert f"Godkjent i SSU 23.05.24, sak {referatsak.saksnr}" in html


def test_approval_from_a_meeting_not_held_needs_a_reason(sek, holdt, neste):
    referatsak = neste.saker.get(referat_for=holdt)
    url = f"/sak/{referatsak.pk}/godkjenn-referat/"
    assert "er ikke markert som avholdt" in sek.get(url).content.decode()
    response = sek.post(url, {"bekreftet": "on"})
    assert response.status_code == 400
    assert (
        'id="id_overstyring_feil">Møtet SSU 23.05.2024 er ikke avholdt.'
        in response.content.decode()
    )
    response = sek.post(url, {"bekreftet": "on", "overstyring": "Godkjent i møtet"})
    assert response.status_code == 302
    holdt.refresh_from_db()
    v1 = holdt.referatversjoner.get()
    assert v1.begrunnelse.endswith("før møtet var markert som avholdt: Godkjent i møtet")


# --- Two people writing -------------------------------------------------------------------------


def test_second_save_over_a_newer_text_is_refused_and_keeps_the_text(
    client, sek, holdt, django_user_model
):
    from tests.factories import PersonFactory, SekretariatUserFactory

    sak = holdt.saker.get(tittel="Årsmelding 2023")
    opened = sak.endret.isoformat()
    kari = SekretariatUserFactory(username="kari")
    PersonFactory(navn="Kari Nordmann", bruker=kari)
    from django.test import Client

    karis = Client()
    karis.force_login(kari)
    response = karis.post(
        f"/sak/{sak.pk}/referat/",
        {
            f"sak{sak.pk}-protokoll": "Karis tekst.",
            f"sak{sak.pk}-vedtak": "Godkjent.",
            f"sak{sak.pk}-sist_sett": opened,
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Lagret kl." in html
    sak.refresh_from_db()
    # The next autosave carries the new version (htmx swaps the hidden field out of band).
    assert f'value="{sak.endret.isoformat()}" hx-swap-oob="true"' in html

    data = {
        f"sak{sak.pk}-protokoll": "Min tekst.",
        f"sak{sak.pk}-vedtak": "Godkjent.",
        f"sak{sak.pk}-sist_sett": opened,
    }
    response = sek.post(f"/sak/{sak.pk}/referat/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Ikke lagret: Teksten ble endret av Kari Nordmann" in html
    assert "etter at du åpnet den" in html
    assert "Lagre min tekst likevel" in html
    sak.refresh_from_db()
    assert sak.protokoll == "Karis tekst."

    # Without JavaScript: the page again, with my text in the form and the message.
    response = sek.post(f"/sak/{sak.pk}/referat/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Teksten ble endret av Kari Nordmann" in html
    assert ">\nMin tekst.</textarea>" in html
    assert f'value="{sak.endret.isoformat()}"' in html  # the next save overwrites on purpose

    # «Lagre min tekst likevel» sends the version the user was shown.
    response = sek.post(
        f"/sak/{sak.pk}/referat/",
        {**data, f"sak{sak.pk}-overskriv": sak.endret.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert "Lagret kl." in response.content.decode()
    sak.refresh_from_db()
    assert sak.protokoll == "Min tekst."


# --- Cancelling a meeting -----------------------------------------------------------------------


def test_cancel_asks_for_a_reason_and_can_be_undone_while_nothing_was_sent(sek, utkast):
    side = sek.get(f"/mote/{utkast.pk}/avlys/")
    assert side.status_code == 200
    assert "Hvorfor avlyses møtet?" in side.content.decode()
    utkast.refresh_from_db()
    assert utkast.status == "planlagt"  # a GET changes nothing

    response = sek.post(f"/mote/{utkast.pk}/avlys/", {"begrunnelse": ""})
    assert response.status_code == 400
    assert 'id="id_begrunnelse_feil"' in response.content.decode()
    response = sek.post(f"/mote/{utkast.pk}/avlys/", {"begrunnelse": "For få saker"}, follow=True)
    html = response.content.decode()
    assert "Avlyst: For få saker" in html
    assert "Gjenopprett møtet" in html

    response = sek.post(f"/mote/{utkast.pk}/gjenopprett/", follow=True)
    assert "Møtet er gjenopprettet og er planlagt igjen." in response.content.decode()
    utkast.refresh_from_db()
    assert (utkast.status, utkast.avlyst_begrunnelse) == ("planlagt", "")


def test_a_cancelled_meeting_whose_innkalling_was_sent_cannot_be_restored(sek, mote):
    sek.post(f"/mote/{mote.pk}/avlys/", {"begrunnelse": "Sykdom"})
    html = sek.get(f"/mote/{mote.pk}/").content.decode()
    assert "Avlyst: Sykdom" in html
    assert "Avlysningen kan ikke angres: innkallingen ble sendt" in html
    response = sek.post(f"/mote/{mote.pk}/gjenopprett/", follow=True)
    assert "Møtet kan ikke gjenopprettes: innkallingen ble sendt" in response.content.decode()
    mote.refresh_from_db()
    assert mote.status == "avlyst"


def test_attendance_autosave_says_when_nothing_was_saved(sek, holdt):
    mote_services.deltakere_propose(mote=holdt)
    d = holdt.deltakere.get(person__navn="Medlem")
    response = sek.post(
        f"/mote/{holdt.pk}/referat/deltakere/",
        {"handling": "lagre", f"oppmote-{d.pk}": "borte"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ikke lagret: Medlem, oppmøte: Velg et oppmøte i listen." in response.content.decode()


def test_inhabilitet_on_an_approved_referat_puts_the_missing_reason_at_its_own_field(
    sek, godkjent, medlem
):
    sak = godkjent.saker.get(tittel="Årsmelding 2023")
    data = {
        f"inhabil{sak.pk}-person": str(medlem.person.pk),
        f"inhabil{sak.pk}-begrunnelse": "Søker på stillingen",
    }
    response = sek.post(f"/sak/{sak.pk}/inhabil/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_inhabil{sak.pk}-endring-begrunnelse_feil">Referatet er godkjent' in html
    assert f'id="id_inhabil{sak.pk}-begrunnelse_feil"' not in html
    assert not sak.inhabiliteter.exists()
    data[f"inhabil{sak.pk}-endring-begrunnelse"] = "Inhabiliteten var ikke ført"
    assert sek.post(f"/sak/{sak.pk}/inhabil/", data).status_code == 302
    godkjent.refresh_from_db()
    assert sak.inhabiliteter.count() == 1 and godkjent.referat_versjon == 2
