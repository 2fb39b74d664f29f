"""The front page's «Kommende møter» and «Nylig publisert», and a body page's møteplan: each
reader sees exactly the meetings they may see (the public only published meetings of public
bodies, and in a public body's møteplan the dates of the others, with nothing else), the
anonymous front page follows a publication at once through its cache, and bad input for the
year is left out with a remark."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helsefellesskap.models import today
from moter import services as mote_services
from saker import services
from tests.factories import OrganFactory, SekretariatUserFactory, oslo, user_with_verv
from tests.support import data

pytestmark = pytest.mark.django_db


def _dag(dager: int, time: int = 13) -> datetime.datetime:
    d = today() + datetime.timedelta(days=dager)
    return oslo(d.year, d.month, d.day, time)


def _mote(organ, dager: int, tittel: str, *, sendt: bool = True, publisert: bool = False):
    m = services.mote_create_with_standard_items(
        organ=organ, start=_dag(dager), slutt=_dag(dager, 15), sted=f"Rom {dager}", tittel=tittel
    )
    if sendt:
        services.innkalling_send(mote=m, notify=False)
    if publisert:
        data.mote_publish(m)
    m.refresh_from_db()
    return m


@pytest.fixture
def verden(ssu):
    """SSU (public) with a published coming meeting, one cancelled after it was published, one
    sent to the members only, a draft, and the published meeting of 29.02.24; a body that is not
    public, with a published meeting and a draft."""
    lukket = OrganFactory(kortnavn="LUK", navn="Lukket utvalg", offentlig=False)
    moter = {
        "publisert": _mote(ssu, 7, "Publisert møte", publisert=True),
        "avlyst": _mote(ssu, 3, "Avlyst møte", publisert=True),
        "sendt": _mote(ssu, 14, "Bare sendt"),
        "utkast": _mote(ssu, 21, "Hemmelig utkast", sendt=False),
        "gammelt": data.mote_publish(data.mote_create(ssu)),
        "lukket": _mote(lukket, 10, "Lukket publisert", publisert=True),
        "lukket_utkast": _mote(lukket, 12, "Lukket utkast", sendt=False),
    }
    mote_services.mote_cancel(mote=moter["avlyst"], begrunnelse="Sykdom")
    return moter


def _section(html: str, tittel_id: str) -> str:
    start = html.index(f'id="{tittel_id}"')
    return html[start : html.index("</section>", start)]


def _lenker(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/mote/(\d+)/"', html)}


def _ids(verden, *navn) -> set[int]:
    return {verden[n].pk for n in navn}


ROLLER = {
    # What each reader finds among the coming meetings.
    "anonym": ("publisert", "avlyst"),
    "medlem": ("publisert", "avlyst", "sendt"),
    "lukket_medlem": ("publisert", "avlyst", "lukket"),
    "sekretariat": ("publisert", "avlyst", "sendt", "utkast", "lukket", "lukket_utkast"),
}


def _login(client, rolle, ssu):
    from helsefellesskap.models import Organ

    if rolle == "medlem":
        client.force_login(user_with_verv(ssu, "medlem"))
    elif rolle == "lukket_medlem":
        client.force_login(user_with_verv(Organ.objects.get(kortnavn="LUK"), "lukketmedlem"))
    elif rolle == "sekretariat":
        client.force_login(SekretariatUserFactory(username="sekretariat"))


@pytest.mark.parametrize("rolle", sorted(ROLLER))
def test_the_front_page_lists_exactly_the_coming_meetings_the_reader_may_see(
    client, verden, ssu, rolle
):
    _login(client, rolle, ssu)
    html = client.get("/").content.decode()
    kommende = _section(html, "kommende-tittel")
    assert _lenker(kommende) == _ids(verden, *ROLLER[rolle])
    # In order of time, with time, body and place; the cancelled one marked.
    assert kommende.index(f"/mote/{verden['avlyst'].pk}/") < kommende.index(
        f"/mote/{verden['publisert'].pk}/"
    )
    assert "kl. 13.00–15.00 · Rom 7 · Strategisk samarbeidsutvalg" in kommende
    avlyst = kommende[kommende.index(f"/mote/{verden['avlyst'].pk}/") :]
    assert avlyst[: avlyst.index("</li>")].count("Avlyst</span>") == 1
    # What the reader may not see is nowhere on the page.
    for navn in {"sendt", "utkast", "lukket", "lukket_utkast"} - set(ROLLER[rolle]):
        assert verden[navn].tittel not in html, navn
    # Every link opens for this reader.
    for pk in _lenker(html):
        assert client.get(f"/mote/{pk}/").status_code == 200, pk


@pytest.mark.parametrize("rolle", sorted(ROLLER))
def test_the_front_page_lists_the_latest_publications_newest_first(client, verden, ssu, rolle):
    _login(client, rolle, ssu)
    html = client.get("/").content.decode()
    publisert = _section(html, "publisert-tittel")
    ventet = {"publisert", "avlyst", "gammelt"} | (
        {"lukket"} if rolle in ("lukket_medlem", "sekretariat") else set()
    )
    assert _lenker(publisert) == _ids(verden, *ventet)
    # The newest publication first: the closed body's meeting was published last, then the
    # meeting of 29.02.24.
    forste = _lenker(publisert[: publisert.index("</li>")])
    assert forste == _ids(verden, "lukket" if "lukket" in ventet else "gammelt")
    assert "Innkalling: SSU" in publisert


def test_a_publication_lists_its_public_pdf_when_it_is_out(client, verden):
    from moter.models import Dokument
    from tests.test_permissions import _ferdig_dokument

    gammelt = verden["gammelt"]
    url = f"/mote/{gammelt.pk}/dokument/innkalling/?utgave=offentlig"
    assert url not in client.get("/").content.decode()
    _ferdig_dokument(gammelt, Dokument.Art.INNKALLING, Dokument.Edition.OFFENTLIG, b"%PDF-1.7")
    html = client.get("/").content.decode()
    assert f'href="{url}"' in html
    assert client.get(url).status_code == 200


def test_the_cached_front_page_follows_a_publication_at_once(client, verden):
    forste = client.get("/")
    assert "Bare sendt" not in forste.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/")
    assert len(ctx.captured_queries) <= 2  # from the cache
    assert again.content == forste.content
    data.mote_publish(verden["sendt"])
    etter = client.get("/", HTTP_IF_NONE_MATCH=forste["ETag"])
    assert etter.status_code == 200
    assert "Bare sendt" in _section(etter.content.decode(), "kommende-tittel")
    assert etter["ETag"] != forste["ETag"]


def test_a_write_to_a_draft_leaves_the_cached_front_page_alone(client, verden):
    client.get("/")
    services.sak_create(
        organ=verden["utkast"].organ,
        mote=verden["utkast"],
        tittel="Ny sak i utkastet",
        sakstyper=["orientering"],
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert len(ctx.captured_queries) <= 2
    assert "Ny sak i utkastet" not in response.content.decode()


@pytest.mark.parametrize("anonym", [True, False])
def test_the_front_page_reads_a_bounded_number_of_queries(client, ssu, settings, anonym):
    settings.SIDEHURTIGBUFFER = False
    if not anonym:
        client.force_login(SekretariatUserFactory(username="sekretariat"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    _mote(ssu, 5, "Første", publisert=True)
    few = count()
    for n in range(10):
        _mote(ssu, 6 + n, f"Møte {n}", publisert=True)
    assert count() == few
    html = client.get("/").content.decode()
    assert len(_lenker(_section(html, "kommende-tittel"))) == 8
    assert len(_lenker(_section(html, "publisert-tittel"))) == 8


# --- The body page's møteplan ----------------------------------------------------------------


def _moteplan(html: str) -> str:
    start = html.index('id="moteplan-aar"')
    return html[start : html.index("</aside>", start)]


def _aar(mote) -> int:
    return timezone.localtime(mote.start).year


def test_the_public_sees_a_public_bodys_plan_with_dates_only_for_unpublished_meetings(
    client, verden
):
    utkast, sendt = verden["utkast"], verden["sendt"]
    html = client.get(f"/organ/ssu/?aar={_aar(utkast)}").content.decode()
    plan = _moteplan(html)
    assert f"Møteplan {_aar(utkast)}" in plan
    # The draft and the meeting sent only to the members: date, time and place, no link and
    # no title.
    for m in (utkast, sendt):
        if _aar(m) == _aar(utkast):
            assert m.sted in plan
            assert m.tittel not in html
            assert f"/mote/{m.pk}/" not in html
    assert "Ikke publisert ennå" in plan
    assert f"/mote/{verden['publisert'].pk}/" in plan or _aar(verden["publisert"]) != _aar(utkast)


def test_the_secretariat_sees_the_plan_with_links_and_titles(client, verden, sekretariat):
    client.force_login(sekretariat)
    utkast = verden["utkast"]
    plan = _moteplan(client.get(f"/organ/ssu/?aar={_aar(utkast)}").content.decode())
    assert f'href="/mote/{utkast.pk}/"' in plan
    assert "Hemmelig utkast" in plan
    assert "Utkast</span>" in plan
    # A draft of a body that is not public too.
    lukket = verden["lukket_utkast"]
    plan = _moteplan(client.get(f"/organ/luk/?aar={_aar(lukket)}").content.decode())
    assert f'href="/mote/{lukket.pk}/"' in plan


def test_the_public_sees_nothing_of_a_body_that_is_not_public(client, verden):
    lukket = verden["lukket_utkast"]
    plan = _moteplan(client.get(f"/organ/luk/?aar={_aar(lukket)}").content.decode())
    assert "Rom 12" not in plan
    assert "Ingen møter i møteplanen" in plan


def test_the_year_selector_goes_to_the_years_with_meetings(client, verden):
    plan = _moteplan(client.get("/organ/ssu/?aar=2024").content.decode())
    assert "Møteplan 2024" in plan
    assert f'href="/mote/{verden["gammelt"].pk}/"' in plan
    assert "29. februar 2024" in plan
    assert "kl. 13.00–15.30 · Big Room SiV" in plan
    # No earlier year has meetings; the next is this year (or the next with meetings).
    assert 'href="?aar=2023' not in plan
    assert re.search(r'href="\?aar=(\d+)#moteplan-aar">Møteplan \1', plan)
    neste = int(re.search(r'href="\?aar=(\d+)#', plan).group(1))
    assert 2024 < neste <= today().year
    # This year by default.
    assert f"Møteplan {today().year}" in _moteplan(client.get("/organ/ssu/").content.decode())


@pytest.mark.parametrize(
    ("verdi", "melding"),
    [
        ("abc", "Oppgi et årstall, f.eks. 2026."),
        ("99999", "Oppgi et år mellom"),
        ("1", "Oppgi et år mellom"),
        ("2026\x00", "Oppgi et årstall"),
        ("9" * 5000, "Oppgi et årstall"),
    ],
)
def test_a_bad_year_is_left_out_with_a_remark(client, verden, verdi, melding):
    response = client.get("/organ/ssu/", {"aar": verdi})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filteret «År» ble ikke brukt" in html
    assert melding in html
    assert f"Møteplan {today().year}" in html


def test_the_body_page_reads_a_bounded_number_of_queries(client, ssu, settings):
    settings.SIDEHURTIGBUFFER = False

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/organ/ssu/").status_code == 200
        return len(ctx.captured_queries)

    _mote(ssu, 5, "Første", publisert=True)
    few = count()
    for n in range(6):
        _mote(ssu, 6 + n, f"Møte {n}", sendt=n % 2 == 0)
    assert count() == few
