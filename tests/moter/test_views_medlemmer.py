"""A body's members page (/organ/<slug>/medlemmer/) as its secretariat uses it: who has a verv,
who lacks an address or a login, adding a member, ending a verv, a new period and the logins.
Bad input gets its Norwegian message at the field and keeps what was typed, never a 500 (run
against PostgreSQL in make test, which refuses what SQLite silently stores)."""

import datetime
import html as html_lib

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages

from helsefellesskap.models import Epost, Person, Verv, today
from tests.factories import PartnerFactory, PersonFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/organ/ssu/medlemmer/"


def _html(response) -> str:
    return html_lib.unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def tonsberg(db):
    return PartnerFactory(navn="Tønsberg kommune")


@pytest.fixture
def folk(ssu, tonsberg):
    """SSU: a leader who has logged in, a member without an address, one never logged in, one
    deactivated, a vara, one who has left, one who begins next year."""
    leder = PersonFactory(
        navn="Guro Winsvold",
        epost="guro@example.org",
        bruker=UserFactory(
            username="guro", last_login=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
        ),
    )
    VervFactory(person=leder, organ=ssu, rolle="leder", representerer=tonsberg)
    uten = PersonFactory(navn="Uten Adresse", epost="")
    VervFactory(person=uten, organ=ssu, rolle="medlem")
    aldri = PersonFactory(
        navn="Aldri Innlogget", epost="aldri@example.org", bruker=UserFactory(username="aldri")
    )
    VervFactory(person=aldri, organ=ssu, rolle="medlem")
    deaktivert = PersonFactory(
        navn="Deaktivert Medlem",
        epost="deak@example.org",
        bruker=UserFactory(username="deak", is_active=False),
    )
    VervFactory(person=deaktivert, organ=ssu, rolle="medlem")
    vara = PersonFactory(navn="Vara Varasen", epost="vara@example.org")
    VervFactory(person=vara, organ=ssu, rolle="varamedlem", vara_for=uten)
    sluttet = PersonFactory(navn="Frode Hestnes", epost="frode@example.org")
    VervFactory(person=sluttet, organ=ssu, rolle="leder", til=D(2023, 12, 31))
    senere = PersonFactory(navn="Ny Neste", epost="neste@example.org")
    VervFactory(person=senere, organ=ssu, rolle="medlem", fra=D(today().year + 1, 1, 1))
    return {
        "leder": leder,
        "uten": uten,
        "aldri": aldri,
        "deaktivert": deaktivert,
        "vara": vara,
        "sluttet": sluttet,
        "senere": senere,
    }


# --- The page -----------------------------------------------------------------------------------


def test_the_page_lists_verv_by_role_and_flags_addresses_and_logins(sek, folk):
    html = _html(sek.get(URL))
    current, _, rest = html.partition("Begynner senere")
    future, _, ended = rest.partition("Tidligere medlemmer")
    # Roles in the seeds' order, each its own table.
    assert current.index("<caption>Leder</caption>") < current.index("<caption>Medlem</caption>")
    assert current.index("<caption>Medlem</caption>") < current.index(
        "<caption>Varamedlem</caption>"
    )
    assert "Guro Winsvold" in current and "Tønsberg kommune" in current
    assert "Sist innlogget 01.03.26" in current
    assert "Vara for Uten Adresse" in current
    assert current.count("Mangler e-post") == 1
    assert "Aldri logget inn" in current and "Deaktivert" in current
    assert "Ingen innlogging" in current
    assert (
        "5 personer har verv i dag. 1 mangler e-postadresse. 2 har ingen innlogging. "
        "1 har aldri logget inn. 1 har deaktivert innlogging." in " ".join(current.split())
    )
    assert "Ny Neste" in future and "Ny Neste" not in current
    assert "Frode Hestnes" in ended and "Frode Hestnes" not in current + future
    assert "til 31.12.23" in ended
    assert "<details" in rest  # the ended ones are folded away


def test_the_page_offers_the_actions_each_person_allows(sek, folk):
    html = _html(sek.get(URL))
    p = folk
    assert f"/person/{p['uten'].pk}/inviter/" not in html  # no address
    assert f"/person/{p['aldri'].pk}/inviter/" in html  # never logged in
    assert f"/person/{p['vara'].pk}/inviter/" in html  # no login
    assert f"/person/{p['leder'].pk}/inviter/" not in html  # has logged in
    assert f"/person/{p['deaktivert'].pk}/inviter/" not in html
    assert f"/person/{p['leder'].pk}/deaktiver/" in html
    assert f"/person/{p['deaktivert'].pk}/aktiver/" in html
    assert f"/person/{p['deaktivert'].pk}/deaktiver/" not in html
    assert "Send invitasjon til Vara Varasen" in " ".join(
        html.replace('<span class="ds-sr-only">', "").replace("</span>", "").split()
    )


def test_the_body_page_links_to_the_members_page_for_the_secretariat_only(
    sek, client, medlem, folk
):
    assert 'href="/organ/ssu/medlemmer/"' in sek.get("/organ/ssu/").content.decode()
    client.force_login(medlem)
    assert 'href="/organ/ssu/medlemmer/"' not in client.get("/organ/ssu/").content.decode()
    client.logout()
    assert 'href="/organ/ssu/medlemmer/"' not in client.get("/organ/ssu/").content.decode()


def test_the_page_reads_as_many_queries_for_ten_more_members(sek, folk, ssu):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert sek.get(URL).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(10):
        VervFactory(organ=ssu, person=PersonFactory(bruker=UserFactory()))
    assert queries() == before


# --- Adding a member ----------------------------------------------------------------------------


def _ny(**felt) -> dict:
    data = {
        "person": "",
        "navn": "Kari Nordmann",
        "epost": "Kari.Nordmann@Faerder.kommune.no",
        "partner": "",
        "stilling": "kommunalsjef",
        "rolle": "medlem",
        "representerer": "",
        "vara_for": "",
        "fra": "2026-12-03",
        "til": "",
        "merknad": "",
    }
    data.update(felt)
    return data


def test_a_new_person_is_added_with_a_verv_and_listed(
    sek, ssu, tonsberg, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svar = sek.post(
            URL + "ny/",
            _ny(partner=tonsberg.pk, representerer=tonsberg.pk, inviter="on"),
        )
    assert svar.status_code == 302 and svar["Location"] == URL
    assert "Kari Nordmann er lagt til som medlem i SSU fra 03.12.26." in _messages(svar)
    person = Person.objects.get(navn="Kari Nordmann")
    assert (person.epost, person.partner, person.stilling) == (
        "Kari.Nordmann@Faerder.kommune.no",
        tonsberg,
        "kommunalsjef",
    )
    verv = Verv.objects.get(person=person)
    assert (verv.organ, verv.rolle, verv.representerer, verv.fra, verv.til) == (
        ssu,
        "medlem",
        tonsberg,
        D(2026, 12, 3),
        None,
    )
    # Invited at once: a login from the address in lower case, and the e-mail.
    assert person.bruker.username == "kari.nordmann@faerder.kommune.no"
    assert not person.bruker.has_usable_password()
    (melding,) = smtp.delivered
    assert melding.mottakere == ["Kari.Nordmann@Faerder.kommune.no"]
    assert melding.subject.startswith("Invitasjon til Møteportalen")
    assert "Invitasjonen sendes til Kari.Nordmann@Faerder.kommune.no." in _messages(svar)
    html = _html(sek.get(URL))
    assert "Kari Nordmann" in html and "kommunalsjef" in html
    assert f"Invitert {today():%d.%m.%y}" in html


def test_a_registered_person_gets_a_verv_without_a_new_person(sek, ssu, folk):
    antall = Person.objects.count()
    svar = sek.post(
        URL + "ny/",
        _ny(person=folk["sluttet"].pk, navn="", epost="", stilling="", rolle="nestleder"),
    )
    assert svar.status_code == 302, _html(svar)
    assert Person.objects.count() == antall
    assert Verv.objects.filter(person=folk["sluttet"], rolle="nestleder", til=None).exists()
    assert not Epost.objects.exists()  # no invitation asked for


def test_a_varamedlem_is_added_with_whom_they_stand_in_for(sek, ssu, folk):
    svar = sek.post(URL + "ny/", _ny(rolle="varamedlem", vara_for=folk["leder"].pk))
    assert svar.status_code == 302
    assert Verv.objects.get(person__navn="Kari Nordmann").vara_for == folk["leder"]
    assert "Vara for Guro Winsvold" in _html(sek.get(URL))


def test_an_address_another_person_has_offers_that_person(sek, ssu, folk):
    svar = sek.post(URL + "ny/", _ny(navn="Guro W.", epost="GURO@example.org"))
    assert svar.status_code == 400
    html = _html(svar)
    assert "Guro Winsvold har allerede denne e-postadressen." in html
    assert 'id="id_epost_feil"' in html and 'aria-invalid="true"' in html
    assert 'value="Guro W."' in html and 'value="GURO@example.org"' in html
    assert f'name="bruk_person" value="{folk["leder"].pk}"' in html
    assert not Person.objects.filter(navn="Guro W.").exists()

    # «Bruk Guro Winsvold»: the same form, with the registered person.
    svar = sek.post(
        URL + "ny/",
        _ny(navn="Guro W.", epost="GURO@example.org", bruk_person=folk["leder"].pk, rolle="medlem"),
    )
    assert svar.status_code == 302, _html(svar)
    assert Verv.objects.filter(person=folk["leder"], rolle="medlem").exists()
    assert not Person.objects.filter(navn="Guro W.").exists()


@pytest.mark.parametrize(
    ("felt", "melding"),
    [
        (
            {"navn": "x" * 201},
            ("navn", "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201)."),
        ),
        (
            {"stilling": "s" * 201},
            ("stilling", "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201)."),
        ),
        (
            {"merknad": "m" * 201},
            ("merknad", "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201)."),
        ),
        (
            {"epost": "kari.nordmann"},
            ("epost", "Skriv en gyldig e-postadresse, f.eks. navn@kommune.no."),
        ),
        (
            {"epost": "a" * 250 + "@example.org"},
            ("epost", "E-postadressen kan være høyst 254 tegn."),
        ),
        (
            {"fra": "2026-02-30"},
            ("fra", "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."),
        ),
        ({"fra": "i morgen"}, ("fra", "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026.")),
        ({"fra": "1900-01-01"}, ("fra", "Oppgi en dato mellom år 2000 og 2100.")),
        ({"fra": ""}, ("fra", "Fyll ut «Fra».")),
        ({"til": "2026-12-02"}, ("til", "«Til» kan ikke være før «fra».")),
        ({"navn": ""}, ("navn", "Fyll ut navnet, eller velg en registrert person over.")),
        ({"rolle": "konge"}, ("rolle", "Velg en rolle i listen.")),
        ({"representerer": "999999"}, ("representerer", "Velg en partner i listen.")),
        ({"person": "abc"}, ("person", "Velg en person i listen.")),
        ({"vara_for": "999999"}, ("vara_for", "Velg en person som har verv i organet.")),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else "-".join(f"{k}" for k in v),
)
def test_bad_input_is_refused_at_the_field_and_kept(sek, ssu, folk, felt, melding):
    antall = (Person.objects.count(), Verv.objects.count())
    svar = sek.post(URL + "ny/", _ny(**felt))
    assert svar.status_code == 400
    html = _html(svar)
    navn, tekst = melding
    assert f'id="id_{navn}_feil">{tekst}' in html, html[html.find("skjemafeil") :][:1500]
    assert "Skjemaet har feil" in html
    assert 'value="kommunalsjef"' in html or felt.get("stilling")  # the rest is kept
    assert (Person.objects.count(), Verv.objects.count()) == antall


def test_invisible_control_characters_are_left_out(sek, ssu):
    svar = sek.post(URL + "ny/", _ny(navn="Kari\x00Nord\x1fmann", merknad="Fra\x0bWord"))
    assert svar.status_code == 302
    verv = Verv.objects.get(person__navn="KariNordmann")
    assert verv.merknad == "Fra\nWord"


def test_a_registered_person_and_a_new_one_at_once_is_refused(sek, ssu, folk):
    svar = sek.post(URL + "ny/", _ny(person=folk["leder"].pk))
    assert svar.status_code == 400
    assert "Du har både valgt en registrert person og fylt ut «Ny person»." in _html(svar)


def test_vara_for_on_another_role_is_refused_at_the_field(sek, ssu, folk):
    svar = sek.post(URL + "ny/", _ny(rolle="medlem", vara_for=folk["leder"].pk))
    assert svar.status_code == 400
    assert 'id="id_vara_for_feil">«Vara for» gjelder bare varamedlemmer.' in _html(svar)


def test_a_refused_verv_leaves_no_new_person_behind(sek, ssu, folk):
    # The verv is refused by the service (the same role twice): the new person is not kept.
    VervFactory(organ=ssu, person=folk["leder"], rolle="medlem")
    svar = sek.post(URL + "ny/", _ny(person=folk["leder"].pk, navn="", epost="", stilling=""))
    assert svar.status_code == 400
    assert "Guro Winsvold er allerede medlem i SSU i denne perioden" in _html(svar)


# --- Ending a verv ------------------------------------------------------------------------------


def test_ending_a_verv_asks_first_and_then_ends_it(sek, ssu, folk):
    verv = Verv.objects.get(person=folk["aldri"])
    side = sek.get(f"{URL}verv/{verv.pk}/avslutt/")
    html = _html(side)
    assert "Avslutt vervet til Aldri Innlogget" in html
    assert f'value="{today():%Y-%m-%d}"' in html  # today by default
    verv.refresh_from_db()
    assert verv.til is None  # the GET changed nothing

    svar = sek.post(f"{URL}verv/{verv.pk}/avslutt/", {"til": "2026-06-30"})
    assert svar.status_code == 302 and svar["Location"] == URL
    verv.refresh_from_db()
    assert verv.til == D(2026, 6, 30)
    assert "Vervet til Aldri Innlogget som medlem slutter 30.06.26." in _messages(svar)
    # The login and the person are untouched.
    folk["aldri"].refresh_from_db()
    assert folk["aldri"].bruker.is_active


@pytest.mark.parametrize(
    ("til", "tekst"),
    [
        ("2022-12-31", "Vervet kan ikke slutte før det begynte (01.01.23)."),
        ("2026-13-01", "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."),
        ("", "Fyll ut «Siste dag i vervet»."),
        ("9999-12-31", "Oppgi en dato mellom år 2000 og 2100."),
        ("x" * 5000, "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."),
    ],
)
def test_a_bad_end_date_is_refused_at_the_field(sek, ssu, folk, til, tekst):
    verv = Verv.objects.get(person=folk["aldri"])
    svar = sek.post(f"{URL}verv/{verv.pk}/avslutt/", {"til": til})
    assert svar.status_code == 400
    assert f'id="id_til_feil">{tekst}' in _html(svar)
    verv.refresh_from_db()
    assert verv.til is None


def test_a_verv_of_another_body_is_not_found_here(sek, ssu, fsu):
    annen = VervFactory(organ=fsu)
    assert sek.get(f"{URL}verv/{annen.pk}/avslutt/").status_code == 404


# --- Changing a verv ----------------------------------------------------------------------------


def _endre(verv: Verv, **changes) -> dict:
    """The «Endre verv» form as the page fills it in, with ``changes``."""
    felt = {
        "rolle": verv.rolle,
        "representerer": verv.representerer_id or "",
        "vara_for": verv.vara_for_id or "",
        "fra": f"{verv.fra:%Y-%m-%d}" if verv.fra else "",
        "til": f"{verv.til:%Y-%m-%d}" if verv.til else "",
        "merknad": verv.merknad,
    }
    return {**felt, **changes}


def test_a_verv_is_corrected_from_the_members_page(sek, ssu, folk, tonsberg):
    """A member who was leader from the start, on a date typed wrong: the row links to
    «Endre verv», the form holds what is registered, and the list shows the change."""
    verv = Verv.objects.get(person=folk["aldri"])
    assert f"{URL}verv/{verv.pk}/endre/" in _html(sek.get(URL))
    side = _html(sek.get(f"{URL}verv/{verv.pk}/endre/"))
    assert "Endre vervet til Aldri Innlogget" in side
    assert 'value="2023-01-01"' in side
    antall = verv.history.count()

    svar = sek.post(
        f"{URL}verv/{verv.pk}/endre/",
        _endre(verv, rolle="nestleder", fra="2023-02-01", representerer=tonsberg.pk),
    )
    assert svar.status_code == 302 and svar["Location"] == URL
    assert "Vervet til Aldri Innlogget er lagret." in _messages(svar)
    verv.refresh_from_db()
    assert (verv.rolle, verv.fra, verv.representerer) == ("nestleder", D(2023, 2, 1), tonsberg)
    assert verv.history.count() == antall + 1
    liste = _html(sek.get(URL))
    assert "Nestleder" in liste and "fra 01.02.23" in liste

    # Saving the form unchanged records no new version.
    sek.post(f"{URL}verv/{verv.pk}/endre/", _endre(verv))
    assert verv.history.count() == antall + 1


@pytest.mark.parametrize(
    ("changes", "felt", "tekst"),
    [
        ({"rolle": "sjef"}, "rolle", "Velg en rolle i listen."),
        ({"til": "2022-12-31"}, "til", "«Til» kan ikke være før «fra»."),
        ({"fra": "2026-02-30"}, "fra", "Oppgi en dato som finnes i kalenderen"),
        ({"fra": "x" * 5000}, "fra", "Oppgi en dato som finnes i kalenderen"),
        ({"til": "9999-12-31"}, "til", "Oppgi en dato mellom år 2000 og 2100."),
        ({"merknad": "m" * 201}, "merknad", "200 eller færre tegn"),
        ({"representerer": "999999"}, "representerer", "Velg en partner i listen."),
        ({"vara_for": "leder"}, "vara_for", "«Vara for» gjelder bare varamedlemmer."),
    ],
)
def test_a_bad_change_is_refused_at_the_field_and_keeps_the_input(
    sek, ssu, folk, changes, felt, tekst
):
    verv = Verv.objects.get(person=folk["aldri"])
    if changes.get("vara_for") == "leder":
        changes = {"vara_for": folk["leder"].pk}
    data = _endre(verv, **{"merknad": "Skrevet inn", **changes})
    svar = sek.post(f"{URL}verv/{verv.pk}/endre/", data)
    assert svar.status_code == 400
    html = _html(svar)
    feil = html.split(f'id="id_{felt}_feil">', 1)[1].split("<", 1)[0]
    assert tekst in feil
    if felt != "merknad":
        assert 'value="Skrevet inn"' in html  # what was typed stays
    verv.refresh_from_db()
    assert (verv.rolle, verv.fra, verv.til, verv.merknad) == ("medlem", D(2023, 1, 1), None, "")


def test_the_same_role_twice_in_one_period_is_refused(sek, ssu, folk):
    verv = Verv.objects.get(person=folk["aldri"])
    VervFactory(person=folk["aldri"], organ=ssu, rolle="leder", fra=D(2024, 1, 1))
    svar = sek.post(f"{URL}verv/{verv.pk}/endre/", _endre(verv, rolle="leder"))
    assert svar.status_code == 400
    assert "Aldri Innlogget er allerede leder i SSU i denne perioden (fra 01.01.24)" in (
        _html(svar)
    )


def test_a_change_may_not_take_away_a_meeting_its_holder_was_called_to(sek, mote, medlem):
    """SSU 29.02.24 had «Medlem» on its list: the period may move, but not past that day."""
    from moter.models import Deltaker

    verv = medlem.person.verv.get()
    Deltaker.objects.create(mote=mote, person=medlem.person, rolle="medlem")
    url = f"/organ/ssu/medlemmer/verv/{verv.pk}/endre/"
    svar = sek.post(url, _endre(verv, fra="2024-03-01"))
    assert svar.status_code == 400
    assert (
        'id="id_fra_feil">Perioden må ta med 29.02.24: Medlem sto på deltakerlisten til møtet '
        "i SSU den dagen."
    ) in _html(svar)
    svar = sek.post(url, _endre(verv, til="2024-02-28"))
    assert 'id="id_til_feil">Perioden må ta med 29.02.24' in _html(svar)
    verv.refresh_from_db()
    assert (verv.fra, verv.til) == (D(2020, 1, 1), None)
    # Covered by another verv of the person in the body, the day may leave this one.
    VervFactory(person=medlem.person, organ=mote.organ, rolle="leder", fra=D(2024, 2, 1))
    assert sek.post(url, _endre(verv, til="2024-01-31")).status_code == 302


def test_a_verv_of_another_body_is_not_changed_here(sek, ssu, fsu):
    annen = VervFactory(organ=fsu)
    assert sek.get(f"{URL}verv/{annen.pk}/endre/").status_code == 404
    assert sek.post(f"{URL}verv/{annen.pk}/endre/", _endre(annen)).status_code == 404


# --- A new period -------------------------------------------------------------------------------


def test_a_new_period_from_the_form(sek, ssu, folk):
    leder = Verv.objects.get(person=folk["leder"])
    medlem = Verv.objects.get(person=folk["aldri"])
    side = _html(sek.get(URL + "ny-periode/"))
    current = Verv.objects.filter(organ=ssu).active()
    for verv in current:
        assert f'name="rolle-{verv.pk}"' in side
    assert "Frode Hestnes" not in side and "Ny Neste" not in side

    data = {"fra": f"{today().year + 1}-01-01"}
    data |= {f"rolle-{v.pk}": v.rolle for v in current}
    data[f"rolle-{leder.pk}"] = "medlem"
    data[f"rolle-{medlem.pk}"] = "leder"
    data[f"rolle-{Verv.objects.get(person=folk['deaktivert']).pk}"] = ""
    svar = sek.post(URL + "ny-periode/", data)
    assert svar.status_code == 302, _html(svar)
    assert (
        f"Ny periode fra 01.01.{(today().year + 1) % 100:02d}: 4 verv videreført, 1 avsluttet."
        in _messages(svar)
    )
    nyttaar = D(today().year + 1, 1, 1)
    ledere = [v.person.navn for v in ssu.verv_on(nyttaar).filter(rolle="leder")]
    assert ledere == ["Aldri Innlogget"]
    assert not ssu.verv_on(nyttaar).filter(person=folk["deaktivert"]).exists()


def test_a_bad_new_period_changes_nothing_and_says_why(sek, ssu, folk):
    current = list(Verv.objects.filter(organ=ssu).active())
    before = sorted(Verv.objects.values_list("pk", "til"))
    data = {"fra": "2020-01-01"} | {f"rolle-{v.pk}": v.rolle for v in current}
    svar = sek.post(URL + "ny-periode/", data)
    assert svar.status_code == 400
    assert "Den nye perioden må begynne etter 01.01.23" in _html(svar)
    data = {"fra": "2027-01-01"} | {f"rolle-{v.pk}": "tull" for v in current}
    svar = sek.post(URL + "ny-periode/", data)
    assert svar.status_code == 400
    assert f'id="id_rolle-{current[0].pk}_feil">Velg en rolle i listen.' in _html(svar)
    assert sorted(Verv.objects.values_list("pk", "til")) == before


# --- Logins -------------------------------------------------------------------------------------


def test_deactivating_keeps_the_person_and_verv_and_is_recorded(sek, sekretariat, folk):
    person = folk["aldri"]
    bruker = person.bruker
    svar = sek.post(f"{URL}person/{person.pk}/deaktiver/")
    assert svar.status_code == 302
    bruker.refresh_from_db()
    assert not bruker.is_active
    assert Verv.objects.filter(person=person, til=None).exists()
    assert Person.objects.get(pk=person.pk).bruker == bruker
    siste = bruker.history.first()
    assert siste.is_active is False and siste.history_user == sekretariat
    assert "Deaktivert" in _html(sek.get(URL))

    svar = sek.post(f"{URL}person/{person.pk}/aktiver/")
    bruker.refresh_from_db()
    assert bruker.is_active
    assert "Innloggingen til Aldri Innlogget virker igjen." in _messages(svar)


def test_the_secretariats_logins_are_not_changed_here(sek, sekretariat, ssu):
    person = PersonFactory(navn="Sekretæren", bruker=sekretariat)
    VervFactory(person=person, organ=ssu, rolle="sekretariat")
    assert f"/person/{person.pk}/deaktiver/" not in _html(sek.get(URL))
    svar = sek.post(f"{URL}person/{person.pk}/deaktiver/")
    assert svar.status_code == 302
    sekretariat.refresh_from_db()
    assert sekretariat.is_active
    assert "Du kan ikke endre din egen konto her." in _messages(svar)


def test_a_person_without_verv_in_the_body_is_not_changed_from_it(sek, ssu, fsu):
    utenfor = PersonFactory(bruker=UserFactory(username="utenfor"))
    VervFactory(person=utenfor, organ=fsu)
    svar = sek.post(f"{URL}person/{utenfor.pk}/deaktiver/")
    assert svar.status_code == 403
    assert User.objects.get(username="utenfor").is_active


def test_inviting_someone_who_has_logged_in_is_refused_with_a_reason(sek, folk):
    svar = sek.post(f"{URL}person/{folk['leder'].pk}/inviter/")
    assert svar.status_code == 302
    assert any("har logget inn før" in m for m in _messages(svar))
    svar = sek.post(f"{URL}person/{folk['uten'].pk}/inviter/")
    assert any("har ingen e-postadresse" in m for m in _messages(svar))
    assert not Epost.objects.exists()


def test_a_verv_cannot_end_before_a_meeting_its_holder_was_called_to(sek, mote, medlem):
    """SSU 29.02.24 had «Medlem» on its list: the verv cannot end before that day."""
    from moter.models import Deltaker

    verv = medlem.person.verv.get()
    Deltaker.objects.create(mote=mote, person=medlem.person, rolle="medlem")
    svar = sek.post(f"/organ/ssu/medlemmer/verv/{verv.pk}/avslutt/", {"til": "2024-01-01"})
    assert svar.status_code == 400
    assert "Vervet kan ikke slutte før 29.02.24: Medlem sto på deltakerlisten" in (
        svar.content.decode()
    )
    verv.refresh_from_db()
    assert verv.til is None
    svar = sek.post(f"/organ/ssu/medlemmer/verv/{verv.pk}/avslutt/", {"til": "2024-02-29"})
    assert svar.status_code == 302


def test_a_new_period_where_nobody_goes_on_is_refused(sek, ssu, medlem):
    verv = medlem.person.verv.get()
    svar = sek.post(
        "/organ/ssu/medlemmer/ny-periode/", {"fra": "2027-01-01", f"rolle-{verv.pk}": ""}
    )
    assert svar.status_code == 400
    assert "Ingen er med videre i den nye perioden." in svar.content.decode()
    verv.refresh_from_db()
    assert verv.til is None


# --- Editing a person -------------------------------------------------------------------------


def _person(person, **felt) -> dict:
    data = {
        "navn": person.navn,
        "epost": person.epost,
        "stilling": person.stilling,
        "partner": person.partner_id or "",
        "telefon": person.telefon,
    }
    data.update(felt)
    return data


def _rediger(person) -> str:
    return f"{URL}person/{person.pk}/rediger/"


def test_each_row_links_to_editing_its_person(sek, folk):
    html = " ".join(
        _html(sek.get(URL)).replace('<span class="ds-sr-only">', "").replace("</span>", "").split()
    )
    for person in folk.values():
        assert f'href="{_rediger(person)}"' in html
    assert "Rediger Guro Winsvold" in html


def test_a_person_is_edited_and_listed_with_the_changes(sek, folk, tonsberg):
    aldri = folk["aldri"]
    svar = sek.get(_rediger(aldri))
    assert svar.status_code == 200
    assert 'value="aldri@example.org"' in _html(svar)
    svar = sek.post(
        _rediger(aldri),
        _person(
            aldri,
            navn=" Aldri Innlogget-Hansen ",
            epost="ny.adresse@example.org",
            stilling="rådgiver",
            partner=tonsberg.pk,
            telefon="+47 33 00 00 00",
        ),
    )
    assert svar.status_code == 302
    assert _messages(svar) == ["Endringene for Aldri Innlogget-Hansen er lagret."]
    aldri.refresh_from_db()
    assert (aldri.navn, aldri.epost, aldri.stilling, aldri.partner, aldri.telefon) == (
        "Aldri Innlogget-Hansen",
        "ny.adresse@example.org",
        "rådgiver",
        tonsberg,
        "+47 33 00 00 00",
    )
    assert aldri.history.count() == 2  # made, edited
    html = _html(sek.get(URL))
    assert "Aldri Innlogget-Hansen" in html and "rådgiver" in html


def test_the_login_follows_the_new_address(sek, folk):
    aldri = folk["aldri"]
    aldri.bruker.email = "aldri@example.org"
    aldri.bruker.save()
    sek.post(_rediger(aldri), _person(aldri, epost="Annen@Example.org"))
    aldri.bruker.refresh_from_db()
    assert aldri.bruker.email == "Annen@Example.org"
    assert aldri.bruker.username == "aldri"  # what the person logs in with stays


@pytest.mark.parametrize(
    ("felt", "melding"),
    [
        ({"navn": "x" * 201}, ("navn", "200 eller færre tegn (den har nå 201)")),
        ({"navn": "  "}, ("navn", "Fyll ut «Navn».")),
        ({"epost": "guro.example.org"}, ("epost", "Skriv en gyldig e-postadresse")),
        (
            {"epost": "a" * 250 + "@example.org"},
            ("epost", "E-postadressen kan være høyst 254 tegn."),
        ),
        (
            {"epost": "GURO@example.org"},
            ("epost", "Guro Winsvold har allerede denne e-postadressen."),
        ),
        ({"stilling": "s" * 201}, ("stilling", "200 eller færre tegn (den har nå 201)")),
        ({"partner": "999999"}, ("partner", "Velg et arbeidssted i listen.")),
        ({"telefon": "1" * 31}, ("telefon", "Telefonnummeret kan være høyst 30 tegn.")),
        ({"telefon": "ring meg"}, ("telefon", "Skriv telefonnummeret med sifre")),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else "-".join(f"{k}" for k in v),
)
def test_bad_person_input_is_refused_at_the_field_and_kept(sek, folk, felt, melding):
    aldri = folk["aldri"]
    data = _person(aldri, **{"stilling": "kommunalsjef", **felt})
    svar = sek.post(_rediger(aldri), data)
    assert svar.status_code == 400
    html = _html(svar)
    navn, tekst = melding
    start = html.find(f'id="id_{navn}_feil">')
    assert start != -1, html[html.find("skjemafeil") :][:1500]
    assert tekst in html[start : html.find("</p>", start)]
    assert "Skjemaet har feil" in html
    verdi = html_lib.escape(str(data[navn]).strip(), quote=True)
    assert f'value="{html_lib.unescape(verdi)}"' in html or navn == "partner"  # kept
    if navn != "stilling":
        assert 'value="kommunalsjef"' in html
    aldri.refresh_from_db()
    assert (aldri.navn, aldri.epost, aldri.history.count()) == (
        "Aldri Innlogget",
        "aldri@example.org",
        1,
    )


def test_a_person_without_verv_in_the_body_is_not_edited_from_it(sek, ssu, fsu):
    utenfor = PersonFactory(navn="Bare FSU", epost="fsu@example.org")
    VervFactory(person=utenfor, organ=fsu)
    assert sek.get(_rediger(utenfor)).status_code == 404
    assert sek.post(_rediger(utenfor), _person(utenfor, navn="Endret")).status_code == 404
    utenfor.refresh_from_db()
    assert utenfor.navn == "Bare FSU"


# --- The table's details ------------------------------------------------------------------------


def test_invited_is_not_shown_once_the_person_has_logged_in(sek, folk, sekretariat):
    from helsefellesskap import accounts

    aldri = folk["aldri"]
    accounts.invitation_send(person=aldri, av=sekretariat)
    assert "Invitert " in _html(sek.get(URL))
    aldri.bruker.last_login = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    aldri.bruker.save()
    html = _html(sek.get(URL))
    assert "Invitert " not in html
    assert "Sist innlogget 02.03.26" in html


def test_no_invitation_for_someone_whose_verv_has_ended(sek, folk):
    sluttet = folk["sluttet"]
    html = _html(sek.get(URL))
    assert f"/person/{sluttet.pk}/inviter/" not in html
    svar = sek.post(f"{URL}person/{sluttet.pk}/inviter/")
    assert svar.status_code == 302
    assert _messages(svar) == ["Vervet til Frode Hestnes i SSU er avsluttet: ingen invitasjon."]
    assert not Epost.objects.filter(person=sluttet).exists()


def test_a_long_address_wraps_after_the_at_and_the_dots(sek, ssu):
    person = PersonFactory(navn="Lang Adresse", epost="kari.nordmann@helse-faerder.kommune.no")
    VervFactory(person=person, organ=ssu)
    html = sek.get(URL).content.decode()
    assert ">kari.<wbr>nordmann@<wbr>helse-faerder.<wbr>kommune.<wbr>no</a>" in html


def test_representerer_left_empty_is_the_workplace(sek, ssu, tonsberg):
    svar = sek.get(URL + "ny/")
    assert "Tomt: samme som arbeidsstedet." in _html(svar)
    svar = sek.post(URL + "ny/", _ny(partner=tonsberg.pk, representerer=""))
    assert svar.status_code == 302
    verv = Verv.objects.get(person__navn="Kari Nordmann")
    assert verv.representerer == tonsberg
