import json

import pytest

from moter.models import Mote
from saker.demo import DEMO_MOTER, _read_yaml
from saker.exchange.export import mote_export
from saker.exchange.validate import mote_validate

pytestmark = pytest.mark.django_db

FILER = DEMO_MOTER / "vedleggsfiler.yaml"


@pytest.mark.parametrize("sti", sorted(DEMO_MOTER.glob("*.json")), ids=lambda p: p.name)
def test_seed_meetings_are_valid_mote_1(sti):
    assert mote_validate(json.loads(sti.read_text(encoding="utf-8"))) == []


def test_demo_imports_the_seed_meetings_which_export_unchanged(demo):
    """...but for the files the demo lays into a few vedlegg (demo_moter/vedleggsfiler.yaml),
    which the seeds name by title only."""
    filer = {(r["organ"], r["saksnr"], r["tittel"]) for r in _read_yaml(FILER)}
    lagt_ved = set()
    for sti in sorted(DEMO_MOTER.glob("*.json")):
        data = json.loads(sti.read_text(encoding="utf-8"))
        mote = Mote.objects.get(start=data["start"], organ__kortnavn=data["organ"])
        export = mote_export(mote)
        for punkt in export["saker"]:
            for vedlegg in punkt.get("vedlegg", []):
                if "fil" in vedlegg:
                    lagt_ved.add((data["organ"], punkt.get("saksnr"), vedlegg["tittel"]))
                    del vedlegg["fil"]
        assert export == data, sti.name
    assert lagt_ved == filer


def test_demo_meetings_are_published_and_numbered_as_in_the_seeds(client, demo):
    mote = Mote.objects.get(organ__kortnavn="SSU", start="2026-05-07T12:30:00+02:00")
    html = client.get(f"/mote/{mote.pk}/").content.decode()
    for nr in ["14/26", "17/26", "21/26"]:
        assert nr in html
    assert "Evaluering av delavtale om helhetlige pasientforløp" in html
    # The next SSU meeting is a draft: its numbers follow after 21/26, hidden from the public.
    utkast = Mote.objects.get(status=Mote.Status.PLANLAGT, organ__kortnavn="SSU", start__year=2026)
    assert [s.saksnr for s in utkast.saker.order_by("rekkefolge")][:2] == ["22/26", "23/26"]
    assert client.get(f"/mote/{utkast.pk}/").status_code == 404


def test_the_next_ssu_meeting_after_29_02_24_can_approve_its_referat(demo):
    feb = Mote.objects.get(organ__kortnavn="SSU", start="2024-02-29T13:00:00+01:00")
    mai = Mote.objects.get(organ__kortnavn="SSU", start__year=2024, start__month=5)
    assert mai.status == Mote.Status.PLANLAGT
    assert mai.saker.get(referat_for=feb).tittel == "Referat SSU 29.02.24"


def test_demo_brings_an_older_demo_database_up_to_the_facts_its_files_record(demo):
    from moter.models import Deltaker
    from saker.demo import demo_moter_load

    nov = Mote.objects.get(organ__kortnavn="SSU", start="2023-11-23T13:00:00+01:00")
    # As a demo imported before the files carried these facts (the register's values).
    Mote.objects.filter(pk=nov.pk).update(vedtaksord="")
    Deltaker.objects.filter(mote=nov, person__navn="Sissel Andreassen").update(
        representerer="Horten"
    )
    demo_moter_load()
    nov.refresh_from_db()
    assert nov.vedtaksord == "konklusjon"
    assert nov.deltakere.get(person__navn="Sissel Andreassen").representerer == "kommunene"
    versjon = nov.versjon
    demo_moter_load()  # idempotent: nothing changes the second time
    nov.refresh_from_db()
    assert nov.versjon == versjon
