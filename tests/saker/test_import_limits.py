"""The mote/1 import against the database's limits (make test runs it on PostgreSQL, which
refuses what SQLite stores): every problem is an ImportRejected naming its JSON path, and nothing
is changed."""

import copy
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from helsefellesskap.models import Person
from moter.models import Deltaker, Mote
from saker.exchange.importing import LOPENR_MAX, mote_import
from saker.exchange.validate import ImportRejected, json_read
from saker.models import Ansvar, Oppfolging, Sak, Vedlegg
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

EXAMPLE = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "ssu-2024-02-29-innkalling.json").read_text(
        encoding="utf-8"
    )
)


def _rich_dokument() -> dict:
    """The example with every kind of row the import writes: people as objects, attendance,
    follow-ups, links, an exempt sak."""
    data = copy.deepcopy(EXAMPLE)
    data["tittel"] = "Strategisamling"
    data["digital_lenke"] = "https://teams.example.no/mote/1"
    data["forfall_meldes_til"] = {
        "navn": "Ny Person",
        "stilling": "Rådgiver",
        "epost": "ny@example.no",
        "organisasjon": "SiV",
    }
    data["deltakere"] = [
        {"person": "Guro Winsvold", "rolle": "leder", "oppmote": "tilstede", "merknad": "Leder"},
        {"person": {"navn": "Vara Varesen"}, "rolle": "varamedlem", "moter_for": "Runar Danielsen"},
    ]
    sak = data["saker"][2]
    sak.update(
        {
            "arkivsaksid": "26/02136-16",
            "saksbehandler": {"navn": "Saks Behandler", "stilling": "Seniorrådgiver"},
            "unntatt_offentlighet": True,
            "hjemmel": "Offl. § 14",
            "offentlig_tittel": "Skjermet tittel",
            "oppfolging": [
                {"beskrivelse": "Følges opp", "ansvarlig": "Liv Ristvedt", "frist": "2024-05-01"}
            ],
            "vedlegg": [{"tittel": "Rapport", "url": "https://example.no/rapport.pdf"}],
        }
    )
    return data


def _string_paths(node, sti=()):
    if isinstance(node, str):
        yield sti
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _string_paths(v, (*sti, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _string_paths(v, (*sti, i))


def _json_path(sti) -> str:
    return "$" + "".join(f"[{d}]" if isinstance(d, int) else f".{d}" for d in sti)


def _sett(data, sti, verdi):
    node = data
    for d in sti[:-1]:
        node = node[d]
    node[sti[-1]] = verdi


def _count():
    return tuple(
        m.objects.count() for m in (Mote, Sak, Deltaker, Person, Ansvar, Oppfolging, Vedlegg)
    )


@pytest.fixture
def ssu(db):
    return OrganFactory(kortnavn="SSU", saksnummerformat="{aar}.{nr}")


def test_the_rich_document_imports(ssu):
    mote = mote_import(_rich_dokument())
    assert mote.deltakere.count() == 2 and Oppfolging.objects.count() == 1


PATHS = [
    s
    for s in _string_paths(_rich_dokument())
    # Not text that is stored: the format, the body's name, times, choices, case numbers and
    # the sakstyper are checked against their own rules.
    if s[-1] not in {"format", "organ", "start", "slutt", "status", "rolle", "oppmote", "saksnr"}
    and "sakstyper" not in s
]


@pytest.mark.parametrize("sti", PATHS, ids=_json_path)
def test_overlong_text_in_any_field_is_refused_at_its_path_or_stored_whole(ssu, sti):
    """Every string of the document, 10 001 characters long: a field with a max_length in
    its model refuses it with the path; a TextField stores it whole."""
    data = _rich_dokument()
    lang = "a" * 10_001
    if sti[-1] == "epost":
        lang = "a" * 9_990 + "@example.no"
    elif sti[-1] in {"url", "digital_lenke"}:
        lang = "https://example.no/" + "a" * 9_990
    _sett(data, sti, lang)
    for_ = _count()
    try:
        mote_import(data)
    except ImportRejected as exc:
        assert {f.sti for f in exc.feil} == {_json_path(sti)}, exc.feil
        assert _count() == for_
    else:
        assert _count()[0] == for_[0] + 1


@pytest.mark.parametrize(
    ("felt", "verdi"),
    [
        ("start", "0001-01-01T00:00:00+01:00"),
        ("start", "9999-12-31T23:00:00-01:00"),
        ("slutt", "9999-12-31T23:00:00+01:00"),
    ],
)
def test_years_outside_the_portals_range_are_refused(ssu, felt, verdi):
    data = copy.deepcopy(EXAMPLE)
    data[felt] = verdi
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert str(exc.value.feil[0]) == f"$.{felt}: året må være mellom 2000 og 2100"
    assert Mote.objects.count() == 0


def test_a_follow_up_deadline_in_year_9999_is_refused(ssu):
    data = _rich_dokument()
    data["saker"][2]["oppfolging"][0]["frist"] = "9999-12-31"
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert [f.sti for f in exc.value.feil] == ["$.saker[2].oppfolging[0].frist"]


# The last one is one past the column's range on the database in use (2**31 - 1 on PostgreSQL,
# 2**63 - 1 on SQLite): a fixed ten-digit number fits SQLite's column.
@pytest.mark.parametrize(
    "saksnr", ["2024." + "9" * 5000, "2024.99999999999", f"2024.{LOPENR_MAX + 1}"]
)
def test_a_case_number_too_big_for_the_database_is_refused(ssu, saksnr):
    data = copy.deepcopy(EXAMPLE)
    data["saker"][0]["saksnr"] = saksnr
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert [f.sti for f in exc.value.feil] == ["$.saker[0].saksnr"]
    assert Mote.objects.count() == 0


@pytest.mark.parametrize(
    ("innhold", "sti"),
    [
        (b'{"format": "mote/1", "organ": ' + b"1" * 5000 + b"}", "$.organ"),
        (b'{"format": "mote/1", "organ": NaN}', "$.organ"),
        (b'{"format": "mote/1", "organ": 1e999}', "$.organ"),
        (b"[" * 100_000 + b"]" * 100_000, "$"),
        (b'{"a":' * 50 + b"1" + b"}" * 50, "$" + ".a" * 20),
        (b"\xff\xfe{}", "$"),
        (b"[]", "$"),
        (b'"mote/1"', "$"),
        (b"", "$"),
    ],
    ids=[
        "5000 siffer",
        "NaN",
        "uendelig",
        "dyp liste",
        "dypt objekt",
        "ikke UTF-8",
        "liste",
        "tekst",
        "tom",
    ],
)
def test_unreadable_files_name_a_path(ssu, innhold, sti):
    with pytest.raises(ImportRejected) as exc:
        mote_import(json_read(innhold))
    assert sti in [f.sti for f in exc.value.feil], exc.value.feil
    assert Mote.objects.count() == 0


def test_a_file_with_a_byte_order_mark_is_imported(ssu):
    innhold = "\ufeff".encode() + json.dumps(EXAMPLE).encode()
    mote = mote_import(json_read(innhold))
    assert mote.saker.count() == len(EXAMPLE["saker"])


def test_upload_of_a_file_with_a_byte_order_mark(sek, ssu):
    innhold = "\ufeff".encode() + json.dumps(EXAMPLE).encode()
    response = sek.post("/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", innhold)})
    assert response.status_code == 302
    assert Mote.objects.count() == 1


@pytest.mark.parametrize(
    ("innhold", "melding"),
    [
        (b"[" * 100_000, "Filen er nestet dypere enn 20 nivåer. Ingenting er endret."),
        (b"\xff{}", "Filen er ikke UTF-8-tekst. Ingenting er endret."),
    ],
)
def test_upload_of_an_unreadable_file_says_why_at_the_field(sek, ssu, innhold, melding):
    response = sek.post("/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", innhold)})
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert Mote.objects.count() == 0


def test_upload_of_a_5000_digit_number_names_its_path(sek, ssu):
    data = copy.deepcopy(EXAMPLE)
    data["saker"][1]["tittel"] = 0
    innhold = json.dumps(data).replace('"tittel": 0', '"tittel": ' + "7" * 5000).encode()
    response = sek.post("/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", innhold)})
    assert response.status_code == 200
    assert "<code>$.saker[1].tittel</code>: tallet 77777777777777777777… er ugyldig" in (
        response.content.decode()
    )


def test_the_command_reads_a_byte_order_mark_and_refuses_deep_nesting(ssu, tmp_path):
    god = tmp_path / "god.json"
    god.write_bytes("\ufeff".encode() + json.dumps(EXAMPLE).encode())
    call_command("import_mote", str(god), stdout=open("/dev/null", "w"))
    assert Mote.objects.count() == 1
    deep = tmp_path / "dyp.json"
    deep.write_bytes(b"[" * 100_000)
    with pytest.raises(CommandError):
        call_command("import_mote", str(deep), stderr=open("/dev/null", "w"))
    assert Mote.objects.count() == 1


# --- Links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lenke", ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "ftp://example.no/f"]
)
@pytest.mark.parametrize(
    "sti", [("digital_lenke",), ("saker", 2, "vedlegg", 0, "url")], ids=_json_path
)
def test_import_refuses_links_that_are_not_http(ssu, lenke, sti):
    data = _rich_dokument()
    _sett(data, sti, lenke)
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert f"{_json_path(sti)}: Oppgi en nettadresse som begynner med https:// eller http://." in [
        str(f) for f in exc.value.feil
    ]
    assert {f.sti for f in exc.value.feil} == {_json_path(sti)}
    assert Mote.objects.count() == 0


def test_a_meeting_without_place_or_link_is_refused_at_sted(ssu):
    data = copy.deepcopy(EXAMPLE)
    data["sted"], data["digital_lenke"] = "", None
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert [str(f) for f in exc.value.feil] == [
        "$.sted: Fyll ut møtested eller lenke til digitalt møte."
    ]
    assert Mote.objects.count() == 0
    data["digital_lenke"] = "https://teams.example.no/mote/2"
    assert mote_import(data).digital_lenke == "https://teams.example.no/mote/2"
