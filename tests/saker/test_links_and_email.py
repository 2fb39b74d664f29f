"""Links are http(s) only, everywhere a link is typed or imported; a meeting title is one line;
no failure to send the innkalling by e-mail is silent."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from helsefellesskap.models import Verv
from moter.models import Mote
from saker import services
from saker.models import Sak, Vedlegg
from tests.factories import PersonFactory, VervFactory

pytestmark = pytest.mark.django_db

LINK_ERROR = "Oppgi en nettadresse som begynner med https:// eller http://."


def _mote_post(ssu, **endret) -> dict:
    return {
        "organ": ssu.pk,
        "dato": "2026-12-10",
        "starttid": "13:00",
        "sluttid": "15:30",
        "sted": "Big Room SiV",
        "offentlig": "on",
        **endret,
    }


@pytest.mark.parametrize(
    "lenke", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "ftp://example.no/", "data:text/html,x"]
)
def test_meeting_form_refuses_a_link_that_is_not_http_at_the_field(sek, ssu, lenke):
    response = sek.post("/sekretariat/mote/ny/", _mote_post(ssu, digital_lenke=lenke))
    assert response.status_code == 200
    assert LINK_ERROR in response.context["form"].errors["digital_lenke"]
    assert 'id="id_digital_lenke_feil"' in response.content.decode()
    assert Mote.objects.count() == 0


def test_meeting_form_accepts_a_teams_link(sek, ssu):
    lenke = "https://teams.microsoft.com/l/meetup-join/19%3ameeting"
    response = sek.post("/sekretariat/mote/ny/", _mote_post(ssu, digital_lenke=lenke))
    assert response.status_code == 302
    assert Mote.objects.get().digital_lenke == lenke


@pytest.mark.parametrize("tittel", ["Strategi\nsamling", "Strategi\rsamling", "Strategi\tsamling"])
def test_meeting_title_with_a_line_break_is_refused_at_the_field(sek, ssu, tittel):
    response = sek.post("/sekretariat/mote/ny/", _mote_post(ssu, tittel=tittel))
    assert response.status_code == 200
    assert response.context["form"].errors["tittel"] == [
        "Teksten kan ikke inneholde linjeskift eller andre kontrolltegn."
    ]
    assert Mote.objects.count() == 0


def test_sak_form_refuses_a_javascript_link_for_a_vedlegg_at_the_field(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Sak med lenke",
            "vedlegg_tittel": "Rapport",
            "vedlegg_url": "javascript:alert(document.cookie)",
        },
    )
    assert response.status_code == 200
    assert LINK_ERROR in response.context["form"].errors["vedlegg_url"]
    assert 'id="id_vedlegg_url_feil"' in response.content.decode()
    assert not Sak.objects.filter(tittel="Sak med lenke").exists()


def test_the_model_refuses_it_for_the_admin_and_every_other_caller(utkast):
    from django.core.exceptions import ValidationError

    utkast.digital_lenke = "javascript:alert(1)"
    with pytest.raises(ValidationError) as exc:
        utkast.full_clean()
    assert LINK_ERROR in exc.value.message_dict["digital_lenke"]
    sak = utkast.saker.first()
    with pytest.raises(ValidationError) as exc:
        Vedlegg(sak=sak, tittel="x", url="javascript:alert(1)").full_clean()
    assert LINK_ERROR in exc.value.message_dict["url"]


def test_an_older_javascript_link_is_never_rendered_as_an_href(sek, client, mote):
    """Rows stored before the rule: the pages and documents leave the href out."""
    Mote.objects.filter(pk=mote.pk).update(digital_lenke="javascript:alert(1)")
    sak = mote.saker.get(tittel="Årsmelding 2023")
    Vedlegg.objects.create(sak=sak, tittel="Gammel lenke", url="javascript:alert(2)")
    for side in (f"/mote/{mote.pk}/", f"/sak/{sak.pk}/"):
        html = sek.get(side).content.decode()
        assert "javascript:" not in html.lower(), side
    assert sek.get(Vedlegg.objects.get(tittel="Gammel lenke").get_absolute_url()).status_code in {
        400,
        404,
    }


# --- E-mail -------------------------------------------------------------------------------------


class FailingBackend(EmailBackend):
    """Django's test backend, except that the mail server refuses one address."""

    def send_messages(self, messages):
        for m in messages:
            if any(a.startswith("avvist@") for a in m.to):
                raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def medlemmer(ssu, medlem):
    """Medlem (no address), Anne and Bjørn with addresses, Cecilie whose address is refused."""
    for navn, epost in [
        ("Anne Aasen", "anne@example.no"),
        ("Bjørn Berg", "bjorn@example.no"),
        ("Cecilie Dahl", "avvist@example.no"),
    ]:
        VervFactory(
            organ=ssu, rolle=Verv.Rolle.MEDLEM, person=PersonFactory(navn=navn, epost=epost)
        )


def _ready(utkast):
    services.sak_create(
        organ=utkast.organ, mote=utkast, tittel="Årsmelding", sakstyper=["beslutning"]
    )
    return utkast


def test_innkalling_reports_sent_missing_and_failed_per_member(sek, utkast, medlemmer, settings):
    settings.EMAIL_BACKEND = "tests.saker.test_links_and_email.FailingBackend"
    _ready(utkast)
    response = sek.post(f"/mote/{utkast.pk}/send/", follow=True)
    html = response.content.decode()
    assert "E-post ble sendt til 2 av 4 medlemmer." in html
    assert "E-posten til Cecilie Dahl ble ikke sendt: e-postadressen ble avvist" in html
    assert "Fikk ikke e-post fordi e-postadressen mangler: Medlem." in html
    assert "avvist@example.no" not in html
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.no", "bjorn@example.no"]
    utkast.refresh_from_db()
    assert utkast.status == Mote.Status.INNKALT


def test_a_title_with_a_line_break_never_breaks_the_subject(sek, utkast, medlemmer):
    """A row stored before titles were refused with line breaks: the e-mail still goes."""
    Mote.objects.filter(pk=utkast.pk).update(tittel="Strategi-\nsamling")
    _ready(utkast)
    response = sek.post(f"/mote/{utkast.pk}/send/", follow=True)
    assert "E-post ble sendt til 3 av 4 medlemmer." in response.content.decode()
    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject == "Innkalling: Strategi- samling 10.12.2026"


def test_every_member_with_an_address_gets_it(sek, utkast, ssu):
    VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person=PersonFactory(epost="a@example.no"))
    _ready(utkast)
    response = sek.post(f"/mote/{utkast.pk}/send/", follow=True)
    assert (
        "Innkallingen er sendt. Saksnumrene ligger nå fast. E-post ble sendt til 1 av 1 medlem."
        in (response.content.decode())
    )
    assert [m.to for m in mail.outbox] == [["a@example.no"]]


def test_innkalling_notify_reports_without_the_page(utkast, medlemmer, settings):
    settings.EMAIL_BACKEND = "tests.saker.test_links_and_email.FailingBackend"
    services.innkalling_send(mote=_ready(utkast), notify=False)
    dispatch = services.innkalling_notify(mote=utkast)
    assert dispatch.sendt == ["Anne Aasen", "Bjørn Berg"]
    assert dispatch.without_epost == ["Medlem"]
    assert dispatch.feilet == [("Cecilie Dahl", "e-postadressen ble avvist av e-posttjeneren")]


def test_the_innkalling_links_to_the_meeting_on_the_portals_address(sek, utkast, ssu, settings):
    settings.PORTAL_URL = "https://moter.helsefellesskap.example"
    VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person=PersonFactory(epost="a@example.no"))
    _ready(utkast)
    sek.post(f"/mote/{utkast.pk}/send/")
    assert (
        f"Sakslisten og sakspapirene: https://moter.helsefellesskap.example/mote/{utkast.pk}/"
        in mail.outbox[0].body
    )
