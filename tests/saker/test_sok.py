"""Search (/sok/, saker/search.py): each reader finds exactly what they may read; stemming,
ranking and snippets on PostgreSQL; filters, paging and bad input; the SQLite fallback's rules."""

import importlib
import re

import pytest
from django.db import connection

from helsefellesskap.models import Verv
from moter import services as mote_services
from saker import search, services
from saker.models import Sak, Vedlegg
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

# Words planted in the text of one vedlegg each (as read from its file, saker/vedleggstekst.py),
# and who finds that vedlegg: those who may download it (moter.access.vedlegg_downloadable_q).
V_OFFENTLIG = "allmennvedleggsord"  # a public vedlegg of the open sak, published meeting
V_INTERN = "internvedleggsord"  # a non-public vedlegg of the open sak
V_UNNTATT = "unntattvedleggsord"  # a public vedlegg of the exempt sak
V_UTKAST = "utkastvedleggsord"  # a vedlegg of a draft meeting's sak
V_KO = "koevedleggsord"  # a vedlegg of a sak in the sakskø
V_LUKKET = "lukketvedleggsord"  # a public vedlegg in a published meeting of a non-public body
VEDLEGG_FINNER = {
    V_OFFENTLIG: set(ROLLER),
    V_INTERN: {"medlem", "organsekretariat", "sekretariat"},
    V_UNNTATT: {"medlem", "organsekretariat", "sekretariat"},
    V_UTKAST: {"organsekretariat", "sekretariat"},
    V_KO: {"organsekretariat", "sekretariat"},
    V_LUKKET: {"lukket_medlem", "sekretariat"},
}


def _plant(sak, ord_: str, *, offentlig: bool = True, tittel: str = "") -> Vedlegg:
    return Vedlegg.objects.create(
        sak=sak,
        tittel=tittel or f"Vedlegg med {ord_[:6]}",
        offentlig=offentlig,
        tekst=f"Innledning.\nSiden handler om {ord_} og fastlegene i Vestfold.",
        tekst_status=Vedlegg.TekstStatus.HENTET,
    )


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
    vedlegg = {
        V_OFFENTLIG: _plant(apen, V_OFFENTLIG, tittel="Evalueringsplan"),
        V_INTERN: _plant(apen, V_INTERN, offentlig=False),
        V_UNNTATT: _plant(unntatt, V_UNNTATT),
        V_UTKAST: _plant(utkastsak, V_UTKAST),
        V_KO: _plant(kosak, V_KO),
        V_LUKKET: _plant(lukketsak, V_LUKKET),
    }
    return {
        "brukere": brukere,
        "saker": saker,
        "vedlegg": vedlegg,
        "publisert": publisert,
        "apen": apen,
    }


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


def _found_vedlegg(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/vedlegg/(\d+)/"', html)}


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
    indexes = {}
    for navn in ["0010_sokeindekser", "0013_sokeindeks_vedlegg"]:
        indexes |= importlib.import_module(f"saker.migrations.{navn}").INDEXES
    fra_migrasjonene = [
        f'CREATE INDEX IF NOT EXISTS "{navn}" ON "{tabell}" USING gin ({uttrykk})'
        for navn, (tabell, uttrykk) in indexes.items()
    ]
    assert fra_migrasjonene == [create for create, _ in search.index_sql()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'sok_%%'")
        assert {r[0] for r in cursor.fetchall()} == set(indexes)


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


def test_the_vedlegg_index_is_used():
    qs = Vedlegg.objects.alias(v=search._v("vedlegg")).filter(
        v=search.SearchQuery("fastlege", config="norwegian", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "sok_vedlegg" in plan, plan


@pytest.mark.parametrize("rolle", ROLLER)
def test_the_plain_fallback_keeps_the_same_rules(rolle, verden, client, monkeypatch):
    """The embedded SQLite default's search (icontains), run here: the same readers find the
    same planted words, and the exempt sak's number alone for the public."""
    monkeypatch.setattr(search, "is_postgres", lambda: False)
    bruker = verden["brukere"][rolle]
    for ord_, sak in verden["saker"].items():
        funnet = sak.pk in _found(_get(client, bruker, f"/sok/?q={ord_}"))
        assert funnet == (rolle in FINNER[ord_]), (rolle, ord_)
    for ord_, vedlegg in verden["vedlegg"].items():
        html = _get(client, bruker, f"/sok/?q={ord_}")
        assert (vedlegg.pk in _found_vedlegg(html)) == (rolle in VEDLEGG_FINNER[ord_]), (
            rolle,
            ord_,
        )
    unntatt = verden["saker"][I_UNNTATT]
    html = _get(client, bruker, f"/sok/?q={unntatt.saksnr}")
    assert unntatt.pk in _found(html)
    if rolle in FINNER[I_UNNTATT]:
        assert "legevakten" in html
    else:
        assert "legevakten" not in html and "Personalsak" in html


def test_demo_finds_fastlege_saker_in_ssu_and_fsu(demo, client):
    """The public finds SSU's (published) fastlege saker, and FSU's overview of the fagutvalg
    (a public Word vedlegg of FSU 2024.2); FSU's own words on it are in the møtebehandling of a
    referat not yet approved (FSU 25.01.24), so the secretariat finds that sak, the public not."""
    html = _get(client, None, "/sok/?q=fastlege")
    assert set(re.findall(r"Sak</span> (\w+)", html)) == {"SSU"}
    assert set(re.findall(r"Vedlegg</span> (\w+)", html)) == {"SSU", "FSU"}
    assert "Oversikt nettverk etc.</a>" in html
    assert "Evaluering digital møterekke fastleger" in html
    assert "Fagutvalg for fastleger" in html
    assert "<mark>fastleger</mark>" in html
    html = _get(client, SekretariatUserFactory(username="sok-sek"), "/sok/?q=fastlege")
    assert {"SSU", "FSU"} <= set(re.findall(r"Sak</span> (\w+)", html))
    assert "Handlingsplan FSU 2024" in html


# --- Vedlegg -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ROLLER)
def test_each_reader_finds_the_text_of_the_vedlegg_they_may_download(rolle, verden, client):
    """The public only public vedlegg of saker not exempt in published meetings of public bodies;
    members their bodies' non-public ones and the exempt sak's; drafts and the sakskø only
    those who run the body. A reader who may not download it gets no trace of it."""
    bruker = verden["brukere"][rolle]
    for ord_, vedlegg in verden["vedlegg"].items():
        html = _get(client, bruker, f"/sok/?q={ord_}")
        funnet = vedlegg.pk in _found_vedlegg(html)
        assert funnet == (rolle in VEDLEGG_FINNER[ord_]), (rolle, ord_)
        if funnet:
            assert f"<mark>{ord_}</mark>" in html
            assert f'href="/sak/{vedlegg.sak_id}/"' in html
        else:
            assert "Ingen treff" in html, (rolle, ord_)
            assert ord_ not in _results(html).replace(f"«{ord_}»", "")
            assert vedlegg.tittel not in _results(html)


def test_a_vedlegg_hit_names_the_attachment_and_its_sak(verden, client):
    vedlegg = verden["vedlegg"][V_OFFENTLIG]
    html = _results(_get(client, None, f"/sok/?q={V_OFFENTLIG}"))
    assert "Vedlegg</span> SSU · møte 29.02.24" in html
    assert f'<a class="ds-link" href="/vedlegg/{vedlegg.pk}/">Evalueringsplan</a>' in html
    assert f'Vedlegg til <a class="ds-link" href="/sak/{verden["apen"].pk}/">sak ' in html
    assert "Årsmelding 2023</a>" in html
    assert "1 treff" in html


def test_stemming_in_the_text_of_a_vedlegg(verden, client):
    """«fastlege» finds «fastlegene», which is only in the vedlegg's text."""
    html = _get(client, None, "/sok/?q=fastlege")
    assert verden["vedlegg"][V_OFFENTLIG].pk in _found_vedlegg(html)
    assert "<mark>fastlegene</mark>" in html
    assert verden["vedlegg"][V_INTERN].pk not in _found_vedlegg(html)


def test_the_filters_apply_to_vedlegg_through_their_sak(verden, client):
    sek = verden["brukere"]["sekretariat"]
    vedlegg = verden["vedlegg"][V_OFFENTLIG]
    for filter_, finnes in [
        ("organ=ssu&aar=2024", True),
        ("aar=2025", False),
        ("sakstype=beslutning", True),
        ("sakstype=orientering", False),
        ("har_vedtak=on", True),
    ]:
        html = _get(client, sek, f"/sok/?q={V_OFFENTLIG}&{filter_}")
        assert (vedlegg.pk in _found_vedlegg(html)) == finnes, filter_
    # The open sak's vedtak is in a referat not sent: «har vedtak» hides its vedlegg from the
    # public as it hides the sak.
    assert vedlegg.pk not in _found_vedlegg(
        _get(client, None, f"/sok/?q={V_OFFENTLIG}&har_vedtak=on")
    )


@pytest.mark.parametrize("postgres", [True, False])
def test_a_word_found_past_the_searched_part_is_not_found(postgres, verden, client, monkeypatch):
    """Only the first ``SOK_TEGN`` characters are searched (the index's expression), on the
    SQLite fallback too."""
    monkeypatch.setattr(search, "is_postgres", lambda: postgres)
    vedlegg = verden["vedlegg"][V_OFFENTLIG]
    Vedlegg.objects.filter(pk=vedlegg.pk).update(
        tekst="fyll " * (search.SOK_TEGN // 5) + "bortenforordet"
    )
    assert "Ingen treff" in _get(client, None, "/sok/?q=bortenforordet")
    assert vedlegg.pk in _found_vedlegg(_get(client, None, "/sok/?q=fyll"))


def test_an_uploaded_pdf_is_found_by_a_word_only_in_it(
    utkast, sekretariat, client, django_capture_on_commit_callbacks
):
    """The whole path: an upload, the task the commit queues (called as the worker calls it),
    and the word that is only in the file's text found, with its snippet."""
    import weasyprint
    from django.core.files.base import ContentFile

    from saker.vedleggstekst import hent_tekst

    sak = services.sak_create(organ=utkast.organ, mote=utkast, tittel="Evaluering av avtalen")
    pdf = weasyprint.HTML(
        string="<p>Metode: fokusgruppeintervjuer med brukerrepresentanter i august.</p>"
    ).write_pdf()
    with django_capture_on_commit_callbacks() as queued:
        vedlegg = services.vedlegg_add(
            sak=sak, tittel="Evalueringsplan", fil=ContentFile(pdf, name="plan.pdf")
        )
    assert len(queued) == 1
    assert "Ingen treff" in _get(client, sekretariat, "/sok/?q=fokusgruppeintervju")
    hent_tekst(vedlegg.pk)
    html = _get(client, sekretariat, "/sok/?q=fokusgruppeintervju")
    assert _found_vedlegg(html) == {vedlegg.pk}
    assert "<mark>fokusgruppeintervjuer</mark>" in html
    assert "(PDF, " in html


def test_demo_finds_text_that_is_only_in_an_attachment(demo, client):
    """The demo's evaluation plan (a PDF made when the demo loads) and its IKT agreement (a
    Word document with a table), found by the public by words only in them."""
    html = _get(client, None, "/sok/?q=fokusgruppeintervju")
    assert "Plan for evaluering delavtale helhetlige pasientforløp</a> " in html
    assert "<mark>fokusgruppeintervjuer</mark>" in html
    assert "Evaluering av delavtale om helhetlige pasientforløp" in html
    html = _get(client, None, "/sok/?q=tilgangsstyring")
    assert "Forslag til delavtale digitalisering og IKT - samarbeid</a>" in html
    assert "(Word, " in html and "<mark>Tilgangsstyring</mark>" in html
