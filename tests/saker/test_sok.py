"""Search (/sok/, saker/search.py): each reader finds exactly what they may read; stemming,
ranking and snippets on PostgreSQL; filters, paging and bad input; the SQLite fallback's rules."""

import importlib
import re

import pytest
from django.db import connection

from helsefellesskap.models import Verv
from moter import services as mote_services
from saker import search, services
from saker.models import Sak
from tests.factories import OrganFactory, SekretariatUserFactory, oslo, user_with_verv
from tests.support import data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Words planted in one place each.
I_UNNTATT = "kvartsrosefelt"  # only in the exempt sak's vurdering
I_VEDTAK = "bjellekleppvedtak"  # only in an open sak's vedtak, referat not sent
I_UTKAST = "utkastmarkeringen"  # only in a sak of a draft meeting
I_KO = "koemarkeringen"  # only in a sak in the sakskø
I_LUKKET = "lukketmarkeringen"  # only in a sak of a published meeting of a non-public body

ROLLER = ["anonym", "annet_medlem", "medlem", "lukket_medlem", "organsekretariat", "sekretariat"]
# Who finds each planted word.
FINNER = {
    I_UNNTATT: {"medlem", "organsekretariat", "sekretariat"},
    I_VEDTAK: {"organsekretariat", "sekretariat"},
    I_UTKAST: {"organsekretariat", "sekretariat"},
    I_KO: {"organsekretariat", "sekretariat"},
    I_LUKKET: {"lukket_medlem", "sekretariat"},
}


@pytest.fixture
def verden(ssu, fsu):
    """SSU 29.02.24 published and held (referat not sent), its exempt sak with a word in its
    vurdering and the open sak with one in its vedtak; a draft, a sak in the queue, and a
    published meeting of a non-public body; a user per role."""
    assert connection.vendor == "postgresql", "make test runs the suite against PostgreSQL"
    publisert = data.mote_publish(data.mote_create(ssu))
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    unntatt = Sak.objects.get(mote=publisert, unntatt_offentlighet=True)
    Sak.objects.filter(pk=unntatt.pk).update(
        vurdering=f"Ansattes forhold, {I_UNNTATT}, drøftes.", offentlig_tittel="Personalsak"
    )
    Sak.objects.filter(pk=apen.pk).update(
        faktagrunnlag="Pasientforløpet for eldre med kroniske lidelser er beskrevet."
    )
    mote_services.mote_set_avholdt(mote=publisert)
    services.referat_save(sak=apen, protokoll="Gjennomgått.", vedtak=f"Godkjent, {I_VEDTAK}.")
    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), sted="Tønsberg"
    )
    utkastsak = services.sak_create(
        organ=ssu, mote=utkast, tittel="Nedleggelse", hensikt=f"Om {I_UTKAST}."
    )
    kosak = services.sak_create(organ=ssu, tittel="Neste år", hensikt=f"Om {I_KO}.")
    lukket = OrganFactory.create(kortnavn="LU", navn="Lukket utvalg", offentlig=False)
    lukket_mote = services.mote_create_with_standard_items(
        organ=lukket, start=oslo(2024, 3, 5, 13), sted="Tønsberg"
    )
    lukketsak = services.sak_create(
        organ=lukket,
        mote=lukket_mote,
        tittel="Intern sak",
        hensikt=f"Om {I_LUKKET}.",
        sakstyper=["orientering"],
    )
    services.innkalling_send(mote=lukket_mote, notify=False)
    data.mote_publish(lukket_mote)
    brukere = {
        "anonym": None,
        "annet_medlem": user_with_verv(fsu, "fsumedlem"),
        "medlem": user_with_verv(ssu, "medlem"),
        "lukket_medlem": user_with_verv(lukket, "lukketmedlem"),
        "organsekretariat": user_with_verv(ssu, "ssusekretar", rolle=Verv.Rolle.SEKRETARIAT),
        "sekretariat": SekretariatUserFactory(username="sekretariat"),
    }
    saker = {
        I_UNNTATT: unntatt,
        I_VEDTAK: apen,
        I_UTKAST: utkastsak,
        I_KO: kosak,
        I_LUKKET: lukketsak,
    }
    return {"brukere": brukere, "saker": saker, "publisert": publisert, "apen": apen}


def _get(client, bruker, url):
    client.logout()
    if bruker is not None:
        client.force_login(bruker)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _results(html: str) -> str:
    """The page after the search form (the words themselves are in the title and the field)."""
    return html.split('role="search"', 1)[-1].split("</form>", 1)[-1]


def _found(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/sak/(\d+)/"', html)}


@pytest.mark.parametrize("rolle", ROLLER)
def test_each_reader_finds_exactly_what_they_may_read(rolle, verden, client):
    bruker = verden["brukere"][rolle]
    for ord_, sak in verden["saker"].items():
        html = _get(client, bruker, f"/sok/?q={ord_}")
        funnet = sak.pk in _found(html)
        assert funnet == (rolle in FINNER[ord_]), (rolle, ord_)
        if not funnet:
            assert "Ingen treff" in html
            assert ord_ not in _results(html).replace(f"«{ord_}»", "")


@pytest.mark.parametrize("rolle", ["anonym", "annet_medlem"])
def test_the_public_finds_an_exempt_sak_by_its_number_only_screened(rolle, verden, client):
    unntatt = verden["saker"][I_UNNTATT]
    html = _get(client, verden["brukere"][rolle], f"/sok/?q={unntatt.saksnr}")
    assert unntatt.pk in _found(html)
    assert "Personalsak" in html
    for hemmelig in ["legevakten", "Ansattes forhold", I_UNNTATT, "Hemmelig innhold"]:
        assert hemmelig not in html, hemmelig
    # Nor by the words of its real title.
    html = _get(client, verden["brukere"][rolle], "/sok/?q=legevakten")
    assert unntatt.pk not in _found(html)


def test_a_member_finds_the_exempt_sak_with_its_title_and_a_snippet(verden, client):
    unntatt = verden["saker"][I_UNNTATT]
    html = _get(client, verden["brukere"]["medlem"], f"/sok/?q={I_UNNTATT}")
    assert unntatt.pk in _found(html)
    assert "Personalsak ved legevakten" in html
    assert f"<mark>{I_UNNTATT}</mark>" in html


def test_stemming_finds_pasientforlopet_for_pasientforlop(verden, client):
    html = _get(client, None, "/sok/?q=pasientforløp")
    assert verden["apen"].pk in _found(html)
    assert "<mark>Pasientforløpet</mark>" in html


def test_the_snippet_is_escaped_and_marked(verden, client):
    apen = verden["apen"]
    Sak.objects.filter(pk=apen.pk).update(
        hensikt='<script>alert("x")</script> pasientforløpet \x02 & \x03 «a<b» <b>'
    )
    html = _results(_get(client, None, "/sok/?q=pasientforløp"))
    assert "<script>" not in html and "<b>" not in html
    assert "«a&lt;b»" in html and " &amp; " in html
    # The text's own control characters are not taken for the highlight's markers.
    assert "<mark> &amp;" not in html
    assert html.count("<mark>") == html.count("</mark>") >= 1


def test_highlighted_escapes_and_pairs_the_markers():
    assert str(search.highlighted("a<b \x02ord\x03 \x03x\x02y")) == (
        "a&lt;b <mark>ord</mark> x<mark>y</mark>"
    )


def test_the_title_ranks_above_the_text(verden, client):
    ssu = verden["publisert"].organ
    i_tekst = services.sak_create(
        organ=ssu, mote=verden["publisert"], tittel="Annet", hensikt="Om rangeringsordet her."
    )
    i_tittel = services.sak_create(
        organ=ssu, mote=verden["publisert"], tittel="Rangeringsordet", hensikt="Noe."
    )
    html = _get(client, verden["brukere"]["sekretariat"], "/sok/?q=rangeringsordet")
    rekke = [int(pk) for pk in re.findall(r'href="/sak/(\d+)/"', html)]
    assert rekke.index(i_tittel.pk) < rekke.index(i_tekst.pk)


def test_meetings_are_found_by_place_and_body(verden, client):
    html = _get(client, None, "/sok/?q=Big+Room")
    assert f'href="/mote/{verden["publisert"].pk}/"' in html
    assert "Møte</span>" in html
    # The draft's place is the draft's: only for those who run the body.
    assert "/mote/" not in _get(client, None, "/sok/?q=Tønsberg").split("Søk i saker")[-1]


@pytest.mark.parametrize(
    "q",
    [
        "\x00",
        "fastlege\x00",
        '"unclosed',
        "-",
        "or or",
        "!!&|:*()<>",
        "a" * 201,
        "'; drop table saker_sak; --",
        "fastlege -",
        '""',
        "\\",
        "ø" * 200,
    ],
)
def test_bad_input_never_fails(q, verden, client):
    response = client.get("/sok/", {"q": q, "organ": "ukjent", "aar": "x" * 300, "side": "\x00"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filteret «Organ» ble ikke brukt" in html
    assert "Filteret «År» ble ikke brukt" in html


def test_an_over_long_or_nul_query_is_refused_at_the_field(verden, client):
    html = _get(client, None, "/sok/?q=" + "a" * 201)
    assert "Søket kan være høyst 200 tegn (det har 201)" in html
    assert 'value="' + "a" * 201 + '"' in html
    assert "treff" not in _results(html)
    html = _get(client, None, "/sok/?q=fast%00lege")
    assert "Søket inneholder et ugyldig tegn (NUL)." in html


def test_an_empty_query_shows_the_form(verden, client):
    html = _get(client, None, "/sok/")
    assert 'name="q"' in html and "treff" not in _results(html)


def test_filters(verden, client):
    sek = verden["brukere"]["sekretariat"]
    apen = verden["apen"]
    assert apen.pk in _found(_get(client, sek, "/sok/?q=godkjent&har_vedtak=on"))
    assert apen.pk in _found(_get(client, sek, "/sok/?q=godkjent&sakstype=beslutning"))
    assert apen.pk not in _found(_get(client, sek, "/sok/?q=godkjent&sakstype=orientering"))
    assert apen.pk in _found(_get(client, sek, "/sok/?q=godkjent&organ=ssu&aar=2024"))
    assert apen.pk not in _found(_get(client, sek, "/sok/?q=godkjent&aar=2025"))
    html = _get(client, sek, "/sok/?q=godkjent&sakstype=tull")
    assert "Filteret «Sakstype» ble ikke brukt: Velg en av sakstypene i listen." in html
    assert apen.pk in _found(html)


def test_har_vedtak_finds_no_vedtak_the_reader_cannot_read(verden, client):
    """The open sak's vedtak is in a referat not sent: «har vedtak» does not reveal it."""
    apen = verden["apen"]
    assert apen.pk in _found(_get(client, None, "/sok/?q=årsmelding"))
    assert apen.pk not in _found(_get(client, None, "/sok/?q=årsmelding&har_vedtak=on"))


def test_paging(verden, client):
    ssu = verden["publisert"].organ
    for i in range(23):
        services.sak_create(organ=ssu, tittel=f"Sideordet {i}")
    sek = verden["brukere"]["sekretariat"]
    html = _get(client, sek, "/sok/?q=sideordet")
    assert "23 treff" in html and len(_found(html)) == 20 and "Neste side" in html
    html = _get(client, sek, "/sok/?q=sideordet&side=2")
    assert len(_found(html)) == 3 and "Forrige side" in html
    assert len(_found(_get(client, sek, "/sok/?q=sideordet&side=999"))) == 3


def test_the_page_reads_a_bounded_number_of_queries(verden, client, django_assert_max_num_queries):
    ssu = verden["publisert"].organ
    for i in range(30):
        services.sak_create(organ=ssu, tittel=f"Telleordet {i}")
    client.force_login(verden["brukere"]["organsekretariat"])
    with django_assert_max_num_queries(12):
        response = client.get("/sok/?q=telleordet")
    assert len(_found(response.content.decode())) == 20


def test_the_indexes_are_on_the_expressions_the_search_queries():
    migrasjon = importlib.import_module("saker.migrations.0010_sokeindekser")
    fra_migrasjonen = [
        f'CREATE INDEX IF NOT EXISTS "{navn}" ON "{tabell}" USING gin ({uttrykk})'
        for navn, (tabell, uttrykk) in migrasjon.INDEXES.items()
    ]
    assert fra_migrasjonen == [create for create, _ in search.index_sql()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'sok_%%'")
        assert {r[0] for r in cursor.fetchall()} == set(migrasjon.INDEXES)


def test_the_gin_index_is_used(verden):
    """With sequential scans off, the planner reaches the sak's text through its index: the
    query's expression is the index's."""
    qs = Sak.objects.alias(v=search._v("sak_innhold")).filter(
        v=search.SearchQuery("pasientforløp", config="norwegian", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "sok_sak_innhold" in plan, plan


@pytest.mark.parametrize("rolle", ROLLER)
def test_the_plain_fallback_keeps_the_same_rules(rolle, verden, client, monkeypatch):
    """The embedded SQLite default's search (icontains), run here: the same readers find the
    same planted words, and the exempt sak's number alone for the public."""
    monkeypatch.setattr(search, "is_postgres", lambda: False)
    bruker = verden["brukere"][rolle]
    for ord_, sak in verden["saker"].items():
        funnet = sak.pk in _found(_get(client, bruker, f"/sok/?q={ord_}"))
        assert funnet == (rolle in FINNER[ord_]), (rolle, ord_)
    unntatt = verden["saker"][I_UNNTATT]
    html = _get(client, bruker, f"/sok/?q={unntatt.saksnr}")
    assert unntatt.pk in _found(html)
    if rolle in FINNER[I_UNNTATT]:
        assert "legevakten" in html
    else:
        assert "legevakten" not in html and "Personalsak" in html


def test_demo_finds_fastlege_saker_in_ssu_and_fsu(demo, client):
    """The public finds SSU's (published) fastlege saker; FSU's is in the møtebehandling of a
    referat not yet approved (FSU 25.01.24), so the secretariat finds it, the public not."""
    html = _get(client, None, "/sok/?q=fastlege")
    assert set(re.findall(r"Sak</span> (\w+)", html)) == {"SSU"}
    assert "Evaluering digital møterekke fastleger" in html
    assert "Fagutvalg for fastleger" in html
    assert "<mark>fastleger</mark>" in html
    html = _get(client, SekretariatUserFactory(username="sok-sek"), "/sok/?q=fastlege")
    assert {"SSU", "FSU"} <= set(re.findall(r"Sak</span> (\w+)", html))
    assert "Handlingsplan FSU 2024" in html
