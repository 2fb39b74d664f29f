import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from moter.models import Mote
from saker.exchange.export import mote_export
from saker.exchange.importing import mote_import, mote_import_file
from saker.exchange.validate import ImportRejected
from saker.models import Sak
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLE = DATA / "ssu-2024-02-29-innkalling.json"


@pytest.fixture
def ssu():
    return OrganFactory(
        kortnavn="SSU", navn="Strategisk samarbeidsutvalg", saksnummerformat="{nr}/{aa}"
    )


def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_round_trip_of_the_example_gives_the_same_document(ssu):
    mote = mote_import_file(EXAMPLE)
    assert mote_export(mote) == example()


def test_import_keeps_older_numbers_in_their_own_format(ssu):
    mote = mote_import_file(EXAMPLE)
    saker = list(mote.saker.order_by("rekkefolge"))
    assert [s.saksnr for s in saker][:3] == ["2024.1", "2024.2", "2024.3"]
    assert (saker[2].aar, saker[2].lopenr) == (2024, 3)
    assert saker[6].type == Sak.Type.PAUSE
    assert saker[-1].tittel == "Eventuelt" and saker[-1].saksnr == ""
    assert mote.status == Mote.Status.INNKALT
    assert mote.moteleder.navn == "Guro Winsvold"
    # «KPA» and «Fagutvalg HR» are units, not persons.
    assert [str(a) for a in saker[3].ansvar.all()] == ["KPA"]
    assert saker[3].ansvar.get().person is None


def test_new_sak_on_imported_meeting_continues_the_numbers_of_that_year(ssu):
    from saker import services

    mote = mote_import_file(EXAMPLE)
    ny = services.sak_create(organ=ssu, mote=mote, tittel="Ny", sakstyper=["orientering"])
    assert ny.saksnr == "2024.11"  # the year's format, though SSU now numbers 14/26


def test_command_prints_one_line_per_meeting(ssu, tmp_path):
    out = io.StringIO()
    call_command("import_mote", str(EXAMPLE), stdout=out)
    mote = Mote.objects.get()
    assert out.getvalue().strip() == f"{mote.pk} /mote/{mote.pk}/ SSU 29.02.2024"

    out = io.StringIO()
    call_command("export_mote", str(mote.pk), stdout=out)
    assert json.loads(out.getvalue()) == example()


def assert_import_fails(data, sti, tekst):
    before = (Mote.objects.count(), Sak.objects.count())
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    messages = [str(f) for f in exc.value.feil]
    assert any(f.startswith(sti) and tekst in f for f in messages), messages
    assert (Mote.objects.count(), Sak.objects.count()) == before


def test_unknown_body_is_named(ssu):
    data = example() | {"organ": "XYZ"}
    assert_import_fails(data, "$.organ", "fant ikke organet «XYZ»")


def test_bad_sakstype_names_its_path(ssu):
    data = example()
    data["saker"][4]["sakstyper"] = ["vedtak"]
    assert_import_fails(data, "$.saker[4].sakstyper[0]", "er ikke en gyldig verdi")


def test_missing_required_field(ssu):
    data = example()
    del data["start"]
    assert_import_fails(data, "$", "mangler feltet «start»")


def test_duplicate_saksnr_in_file(ssu):
    data = example()
    data["saker"][3]["saksnr"] = "2024.3"
    assert_import_fails(data, "$.saker[3].saksnr", "står to ganger i filen")


def test_saksnr_already_used_in_the_body(ssu):
    mote_import(example())
    data = example() | {"start": "2024-05-23T13:00:00+02:00"}
    assert_import_fails(data, "$.saker[0].saksnr", "er allerede brukt i SSU")


def test_start_without_time_zone(ssu):
    data = example() | {"start": "2024-02-29T13:00:00"}
    assert_import_fails(data, "$.start", "mangler tidssone")


def test_end_before_start(ssu):
    data = example() | {"slutt": "2024-02-29T12:00:00+01:00"}
    assert_import_fails(data, "$.slutt", "må slutte etter")


def test_failed_file_in_command_changes_nothing_and_exits_non_zero(ssu, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mote/1", "organ": "SSU"', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_mote", str(bad), stderr=err)
    assert "ugyldig JSON på linje 1" in err.getvalue()
    assert Mote.objects.count() == 0


def test_attachment_files_are_imported_and_checked(ssu, tmp_path):
    (tmp_path / "rapport.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (tmp_path / "falsk.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    data = example()
    data["saker"][2]["vedlegg"] = [{"tittel": "Rapport", "fil": "rapport.pdf"}]
    (tmp_path / "ok.json").write_text(json.dumps(data), encoding="utf-8")
    mote = mote_import_file(tmp_path / "ok.json")
    vedlegg = mote.saker.get(saksnr="2024.3").vedlegg.get()
    assert vedlegg.innholdstype == "application/pdf"
    assert vedlegg.fil.read().startswith(b"%PDF")

    data["start"] = "2025-02-27T13:00:00+01:00"
    data["slutt"] = "2025-02-27T15:30:00+01:00"
    for punkt in data["saker"]:
        if punkt.get("saksnr"):
            punkt["saksnr"] = punkt["saksnr"].replace("2024", "2025")
    data["saker"][2]["vedlegg"] = [{"tittel": "Falsk", "fil": "falsk.pdf"}]
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        mote_import_file(tmp_path / "bad.json")
    assert str(exc.value.feil[0]).startswith("$.saker[2].vedlegg[0].fil: Filtypen er ikke tillatt")
    assert Mote.objects.count() == 1


def test_attachment_path_outside_the_folder_is_refused(ssu, tmp_path):
    data = example()
    data["saker"][2]["vedlegg"] = [{"tittel": "Passord", "fil": "../../etc/passwd"}]
    (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        mote_import_file(tmp_path / "m.json")
    assert "fant ikke filen" in str(exc.value)
    assert Mote.objects.count() == 0


def test_meeting_without_numbers_is_numbered_on_import(ssu):
    data = {
        "format": "mote/1",
        "organ": "ssu",
        "start": "2026-05-07T12:30:00+02:00",
        "sted": "SiV",
        "saker": [
            {"tittel": "Godkjenning innkalling og saksliste", "sakstyper": ["beslutning"]},
            {"tittel": "Strategi", "sakstyper": ["beslutning"]},
            {"type": "pause", "tittel": "Pause"},
            {"tittel": "Eventuelt", "sakstyper": ["eventuelt"]},
        ],
    }
    mote = mote_import(data)
    assert [s.saksnr for s in mote.saker.order_by("rekkefolge")] == ["1/26", "2/26", "", ""]


def test_referatsak_is_linked_to_the_bodys_earlier_meeting(ssu):
    tidligere = mote_import(
        {
            "format": "mote/1",
            "organ": "SSU",
            "start": "2023-11-23T13:00:00+01:00",
            "sted": "Nøtterøy kulturhus",
            "status": "avholdt",
            "saker": [{"saksnr": "2023.35", "tittel": "Godkjenning"}],
        }
    )
    mote = mote_import_file(EXAMPLE)
    referatsak = mote.saker.get(saksnr="2024.2")  # «Referat SSU 23.11.23, referat FSU 25.01.24»
    assert referatsak.referat_for == tidligere
    assert mote.saker.get(saksnr="2024.1").referat_for is None


def test_meeting_without_place_or_link_is_refused_at_its_path(ssu):
    data = example()
    del data["sted"]
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert "$.sted: Fyll ut møtested eller lenke til digitalt møte." in str(exc.value)
    assert Mote.objects.count() == 0
    mote_import(data | {"digital_lenke": "https://teams.example/ssu"})
    assert Mote.objects.get().digital_lenke == "https://teams.example/ssu"
