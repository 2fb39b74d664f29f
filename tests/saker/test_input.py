"""No input gives a 500: query parameters of the lists, attendance, posts on a sak in the queue.
Run against PostgreSQL (make test), which refuses what SQLite silently stores."""

import pytest
from django.contrib.messages import get_messages

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.models import Deltaker
from saker import services
from saker.models import Inhabilitet, Oppfolging
from tests.factories import VervFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Query parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sporring", "merknad"),
    [
        ("aar=-1", "Oppgi et år mellom 2000 og 2100."),
        ("aar=99999999999999999999", "Oppgi et år mellom 2000 og 2100."),
        ("aar=" + "9" * 5000, "Oppgi et årstall, f.eks. 2026."),
        ("aar=abc", "Oppgi et årstall, f.eks. 2026."),
        ("organ=%00", "Filteret «Organ» ble ikke brukt"),
        ("organ=" + "x" * 500, "Filteret «Organ» ble ikke brukt"),
        ("organ=finnes-ikke", "Fant ikke organet."),
    ],
)
@pytest.mark.parametrize("side", ["/vedtak/", "/oppfolging/"])
def test_bad_filter_is_ignored_with_a_notice(sek, mote, side, sporring, merknad):
    response = sek.get(f"{side}?{sporring}")
    assert response.status_code == 200
    assert merknad in response.content.decode()


def test_bad_filter_is_ignored_for_the_public_too(client, publisert):
    response = client.get("/vedtak/?aar=-1&organ=%00")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filteret «År» ble ikke brukt" in html and "Filteret «Organ» ble ikke brukt" in html


def test_a_good_filter_still_filters_next_to_a_bad_one(sek, mote):
    response = sek.get("/vedtak/?aar=-1&organ=ssu")
    assert response.status_code == 200
    assert response.context["organ"].kortnavn == "SSU" and response.context["aar"] is None


@pytest.mark.parametrize("status", ["%00", "tull", "x" * 5000], ids=["nul", "ukjent", "lang"])
def test_follow_up_status_filter_refuses_unknown_values(sek, mote, status):
    response = sek.get(f"/oppfolging/?status={status}")
    assert response.status_code == 200
    assert "Filteret «Status» ble ikke brukt: Velg en av statusene i listen." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "dato", ["0001-01-01", "9999-12-31", "2026-02-30", "%00", "1" * 5000, "2101-01-01"]
)
def test_body_page_ignores_a_bad_date_with_a_notice(client, ssu, dato):
    response = client.get(f"/organ/{ssu.slug}/?dato={dato}")
    assert response.status_code == 200
    assert "Filteret «Dato» ble ikke brukt" in response.content.decode()


@pytest.mark.parametrize("sti", ["/organ/%00/", "/organ/%00/moteplan/", "/organ/%00/sak/ny/"])
def test_nul_in_a_body_address_is_the_portals_404(sek, ssu, sti):
    response = sek.get(sti)
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.content.decode()


@pytest.mark.parametrize("organ", ["%00", "x" * 500, "finnes-ikke"])
def test_secretariat_queue_shortcut_answers_404_for_a_bad_body(sek, ssu, organ):
    assert sek.get(f"/sekretariat/?organ={organ}").status_code == 404
    assert sek.get(f"/sekretariat/mote/ny/?organ={organ}").status_code == 200


# --- Posts on a sak in the queue ------------------------------------------------------------------


@pytest.fixture
def in_queue(ssu):
    return services.sak_create(organ=ssu, mote=None, tittel="Venter på et møte")


@pytest.mark.parametrize(
    ("handling", "post"),
    [
        ("oppfolging", {"beskrivelse": "Følges opp"}),
        ("inhabil", {"begrunnelse": "Nær familie"}),
        ("godkjenn-referat", {}),
        ("referat", {"protokoll": "Drøftet", "vedtak": "Tatt til orientering"}),
    ],
)
def test_referat_posts_on_a_sak_in_the_queue_are_404(sek, in_queue, handling, post):
    response = sek.post(f"/sak/{in_queue.pk}/{handling}/", post)
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.content.decode()
    assert not Oppfolging.objects.exists() and not Inhabilitet.objects.exists()


def test_services_refuse_a_sak_in_the_queue_in_norwegian(in_queue, medlem):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="står ikke på noe møte"):
        services.oppfolging_add(sak=in_queue, beskrivelse="Følges opp")
    with pytest.raises(ValidationError, match="står ikke på noe møte"):
        services.inhabilitet_add(sak=in_queue, person=medlem.person, begrunnelse="Familie")


# --- Attendance -----------------------------------------------------------------------------------


@pytest.fixture
def tre(sek, mote, ssu, medlem):
    """Three participants, in order: Anne, Medlem, Vara (a varamedlem)."""
    VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person__navn="Anne Aasen")
    VervFactory(organ=ssu, rolle=Verv.Rolle.VARAMEDLEM, person__navn="Vara Varesen")
    mote_services.deltakere_propose(mote=mote)
    return {d.person.navn: d for d in mote.deltakere.select_related("person")}


def _post(tre, **endret):
    post = {"handling": "lagre"}
    for d in tre.values():
        post[f"oppmote-{d.pk}"] = "tilstede"
        post[f"merknad-{d.pk}"] = f"Merknad for {d.person.navn}"
    post.update(endret)
    return post


def _oppmote(mote) -> dict[str, tuple[str, str]]:
    return {d.person.navn: (d.oppmote, d.merknad) for d in mote.deltakere.select_related("person")}


@pytest.mark.parametrize(
    ("felt", "verdi", "melding"),
    [
        ("merknad", "m" * 301, "300 eller færre tegn"),
        ("moter_for", "abc", "Velg en person i listen."),
        ("moter_for", "99999999999999999999", "Velg en person i listen."),
        ("oppmote", "borte", "Velg et oppmøte i listen."),
    ],
)
def test_one_bad_attendance_value_saves_nothing_and_says_where(
    sek, mote, tre, felt, verdi, melding
):
    for_ = _oppmote(mote)
    vara = tre["Vara Varesen"]
    post = _post(tre, **{f"{felt}-{vara.pk}": verdi})
    response = sek.post(f"/mote/{mote.pk}/referat/deltakere/", post)
    assert response.status_code == 400
    html = response.content.decode()
    assert _oppmote(mote) == for_, "the participants before the bad one were saved"
    feil = response.context["deltakere"]
    row = next(d for d in feil if d.pk == vara.pk)
    assert melding in row.feil[felt] and row.feil[felt].startswith("Vara Varesen")
    assert f'id="{felt}-{vara.pk}_feil"' in html
    assert f'aria-describedby="{felt}-{vara.pk}_feil"' in html or felt == "moter_for"
    assert "Oppmøtet ble ikke lagret: Vara Varesen" in html
    # What was typed is still in the form.
    assert 'value="Merknad for Anne Aasen"' in html


def test_one_bad_attendance_value_over_htmx_says_who(sek, mote, tre):
    vara = tre["Vara Varesen"]
    post = _post(tre, **{f"merknad-{vara.pk}": "m" * 301})
    response = sek.post(f"/mote/{mote.pk}/referat/deltakere/", post, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ikke lagret: Vara Varesen, merknad:" in html
    assert all(o == "invitert" for o, _ in _oppmote(mote).values())


def test_nul_in_a_merknad_is_removed_like_in_every_form(sek, mote, tre):
    anne = tre["Anne Aasen"]
    response = sek.post(
        f"/mote/{mote.pk}/referat/deltakere/", _post(tre, **{f"merknad-{anne.pk}": "før\x00etter"})
    )
    assert response.status_code == 302
    assert _oppmote(mote)["Anne Aasen"] == ("tilstede", "føretter")
    assert _oppmote(mote)["Vara Varesen"] == ("tilstede", "Merknad for Vara Varesen")


def test_attendance_service_is_all_or_nothing(mote, tre):
    from django.core.exceptions import ValidationError

    anne, vara = tre["Anne Aasen"], tre["Vara Varesen"]
    with pytest.raises(ValidationError) as exc:
        mote_services.oppmote_save(
            mote=mote,
            changes=[
                mote_services.Oppmoteendring(deltaker_id=anne.pk, oppmote="tilstede"),
                mote_services.Oppmoteendring(
                    deltaker_id=vara.pk, oppmote="tilstede", merknad="før\x00etter"
                ),
            ],
        )
    assert exc.value.message_dict == {
        f"merknad-{vara.pk}": ["Vara Varesen: Teksten inneholder et ugyldig tegn (NUL)."]
    }
    assert all(o == "invitert" for o, _ in _oppmote(mote).values())
    assert not Deltaker.objects.filter(oppmote="tilstede").exists()


@pytest.mark.parametrize("frist", ["0001-01-01", "9999-12-31"])
def test_a_follow_up_deadline_outside_the_portals_years_is_refused(sek, mote, frist):
    sak = mote.saker.get(tittel="Årsmelding 2023")
    response = sek.post(
        f"/sak/{sak.pk}/oppfolging/",
        {f"oppf{sak.pk}-beskrivelse": "Følges opp", f"oppf{sak.pk}-frist": frist},
    )
    # The referat page again, the message at the deadline and the description kept.
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_oppf{sak.pk}-frist_feil"' in html and 'value="Følges opp"' in html
    assert not Oppfolging.objects.exists()


@pytest.mark.parametrize(
    ("side", "felt", "lengde"),
    [("/sekretariat/mote/ny/", "sted", 301), ("/sekretariat/mote/ny/", "til", 201)],
)
def test_form_limits_are_the_models(sek, ssu, side, felt, lengde):
    response = sek.post(
        side,
        {
            "organ": ssu.pk,
            "dato": "2026-12-10",
            "starttid": "13:00",
            "sted": "Tønsberg",
            felt: "x" * lengde,
        },
    )
    assert response.status_code == 200
    assert f"{lengde - 1} eller færre tegn" in response.context["form"].errors[felt][0]
