"""Links are http(s) only, everywhere a link is typed or imported; a meeting title is one line;
no failure to send the innkalling by e-mail is silent."""

import pytest

from moter.models import Mote
from saker.models import Sak, Vedlegg

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
