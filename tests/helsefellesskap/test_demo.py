import datetime
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from helsefellesskap import demo_data
from helsefellesskap.access import (
    SEKRETARIAT_GROUP,
    is_sekretariat,
    managed_organ_ids,
    member_organ_ids,
)
from helsefellesskap.demo import demo_load
from helsefellesskap.models import Nettsted, Organ, Partner, Person, Verv, today
from helsefellesskap.saksnummer import validate_format
from moter.models import Mote

pytestmark = pytest.mark.django_db

MOTEDAG = datetime.date(2024, 2, 29)  # SSU innkalling 29.02.24
DEMO_IDAG = datetime.date(2026, 11, 25)


def _login():
    # django-axes counts attempts per request, so authenticating needs one, as the login page has.
    return RequestFactory().post("/logg-inn/")


def _count_per_model() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_is_idempotent_and_prints_a_summary_and_the_logins():
    forste = _run_demo()
    after_first = _count_per_model()
    second = _run_demo()

    # Same rows in every table, history included: the second run writes nothing new.
    assert _count_per_model() == after_first
    assert second == forste

    count = demo_load()
    assert count == {
        "partnere": Partner.objects.count(),
        "organer": Organ.objects.count(),
        "personer": Person.objects.count(),
        "verv": Verv.objects.count(),
        "brukere": 4,
    }
    assert Nettsted.objects.count() == 1
    linjer = forste.splitlines()
    assert linjer[0] == (
        f"Demodata lastet: {count['partnere']} partnere, {count['organer']} organer, "
        f"{count['personer']} personer, {count['verv']} verv, 4 brukere."
    )
    assert "  admin / demo-admin (administrator)" in linjer
    assert "  sekretariat / demo-sekretariat (sekretariat)" in linjer
    assert "  medlem / demo-medlem (medlem av SSU)" in linjer
    assert (
        "  fsu-sekretariat / demo-fsu-sekretariat (sekretariat for FSU og organene under)"
    ) in linjer


def test_demo_updates_rows_changed_since_the_last_run(demo):
    ssu = Organ.objects.get(kortnavn="SSU")
    ssu.mandat = "Endret for hånd"
    ssu.save()
    Verv.objects.filter(organ=ssu, person__navn="Tom Ole Øhren").update(til=MOTEDAG)

    demo_load()

    ssu.refresh_from_db()
    assert ssu.mandat.startswith("Strategisk samarbeidsutvalg består av")
    assert Verv.objects.get(organ=ssu, person__navn="Tom Ole Øhren").til is None


def test_the_bodies_report_along_the_seeds_hierarchy(demo):
    organ = {o.kortnavn: o for o in Organ.objects.all()}
    assert organ["PM"].rapporterer_til is None
    assert organ["PM"].type == Organ.Type.PARTNERSKAPSMOTE
    assert organ["SSU"].type == Organ.Type.STRATEGISK
    assert organ["FSU"].type == Organ.Type.FAGLIG
    assert organ["FU-HR"].rapporteringslinje() == [organ["SSU"], organ["PM"]]
    assert organ["FU-FASTLEGE"].rapporteringslinje() == [organ["FSU"], organ["SSU"], organ["PM"]]
    assert organ["FU-AKUTT"].rapporterer_til == organ["FSU"]
    assert [o.kortnavn for o in Organ.objects.filter(rekkefolge__lte=35)] == [
        "PM",
        "SSU",
        "FSU",
        "FU-HR",
    ]
    assert Organ.objects.get(slug="fu-hr") == organ["FU-HR"]


def test_every_body_has_a_valid_case_number_format(demo):
    for organ in Organ.objects.all():
        validate_format(organ.saksnummerformat)  # raises ValidationError if not
        organ.full_clean()
    assert Organ.objects.get(kortnavn="FSU").format_saksnr(aar=2024, nr=2) == "2024.2"
    assert Organ.objects.get(kortnavn="SSU").format_saksnr(aar=2026, nr=14) == "14/26"


def test_fsu_leadership_rotates_and_the_user_representative_is_replaced(demo):
    fsu = Organ.objects.get(kortnavn="FSU")

    def roller(dato):
        return {(v.rolle, v.person.navn) for v in fsu.verv_on(dato)}

    on_motedagen = roller(datetime.date(2024, 1, 25))
    assert ("leder", "Sissel Andreassen") in on_motedagen
    assert ("nestleder", "Runar Danielsen") in on_motedagen
    assert ("brukerrepresentant", "Tore Haukvik") in on_motedagen
    in_2025 = roller(datetime.date(2025, 3, 1))
    assert ("leder", "Sissel Andreassen") not in in_2025
    assert ("brukerrepresentant", "Rut-Solvei Arheim") in in_2025
    assert ("brukerrepresentant", "Tore Haukvik") not in in_2025


def test_ssu_leader_changes_from_2023_to_2024(demo):
    ssu = Organ.objects.get(kortnavn="SSU")
    ledere = ssu.verv.filter(rolle=Verv.Rolle.LEDER)
    assert [v.person.navn for v in ledere.active(datetime.date(2023, 11, 23))] == ["Frode Hestnes"]
    assert [v.person.navn for v in ledere.active(MOTEDAG)] == ["Guro Winsvold"]
    # Frode Hestnes stays in SSU as a member and is responsible for cases on 29.02.24.
    assert ssu.verv.active(MOTEDAG).filter(person__navn="Frode Hestnes", rolle="medlem").exists()


def test_member_login_is_an_ordinary_ssu_member_then_and_now(demo):
    bruker = authenticate(_login(), username="medlem", password="demo-medlem")
    assert bruker is not None
    assert not bruker.is_staff and not is_sekretariat(bruker)
    ssu = Organ.objects.get(kortnavn="SSU")
    for dato in (MOTEDAG, DEMO_IDAG, today()):
        assert ssu.pk in member_organ_ids(bruker, dato)
        assert Verv.objects.for_user(bruker).active(dato).get(organ=ssu).rolle == "medlem"


def test_secretariat_login_is_runar_danielsen_in_the_group(demo):
    bruker = authenticate(_login(), username="sekretariat", password="demo-sekretariat")
    assert bruker is not None
    assert bruker.groups.filter(name=SEKRETARIAT_GROUP).exists()
    assert is_sekretariat(bruker)
    assert bruker.person.navn == "Runar Danielsen"
    ssu = Organ.objects.get(kortnavn="SSU")
    assert (
        Verv.objects.for_user(bruker)
        .active(MOTEDAG)
        .filter(organ=ssu, rolle="sekretariat")
        .exists()
    )


def test_admin_login_is_a_superuser_without_a_person(demo):
    bruker = authenticate(_login(), username="admin", password="demo-admin")
    assert bruker is not None and bruker.is_superuser and bruker.is_staff
    assert not Person.objects.filter(bruker=bruker).exists()
    assert User.objects.filter(username__in=["admin", "sekretariat", "medlem"]).count() == 3


def test_ssu_and_fsu_have_members_on_the_demo_meeting_days_and_today(demo):
    for kortnavn, dato in [("SSU", datetime.date(2023, 11, 23)), ("SSU", MOTEDAG)]:
        organ = Organ.objects.get(kortnavn=kortnavn)
        assert organ.verv_on(dato).filter(rolle="medlem").count() >= 5
        assert organ.verv_on(dato).filter(rolle="sekretariat").count() == 3
    fsu = Organ.objects.get(kortnavn="FSU")
    assert fsu.verv_on(datetime.date(2024, 1, 25)).count() >= 10
    for kortnavn in ["PM", "SSU", "FSU", "FU-AKUTT"]:
        assert Organ.objects.get(kortnavn=kortnavn).verv_on(DEMO_IDAG).exists()


def test_demo_data_refers_only_to_known_names():
    partnere = {p["navn"] for p in demo_data.PARTNERE}
    organer = {o["kortnavn"] for o in demo_data.ORGANER}
    personer = [p["navn"] for p in demo_data.PERSONER]
    assert len(personer) == len(set(personer))
    assert len(organer) == len(demo_data.ORGANER)
    assert len({o["slug"] for o in demo_data.ORGANER}) == len(demo_data.ORGANER)
    assert all(re.fullmatch(r"[a-z0-9-]+", o["slug"]) for o in demo_data.ORGANER)
    assert {o["rapporterer_til"] for o in demo_data.ORGANER} - {None} <= organer
    assert {p["partner"] for p in demo_data.PERSONER} - {None} <= partnere
    roller = set(Verv.Rolle.values)
    for v in demo_data.VERV:
        assert v["person"] in personer, v
        assert v["organ"] in organer, v
        assert v["rolle"] in roller, v
        assert v["representerer"] is None or v["representerer"] in partnere, v
        if v.get("fra") and v.get("til"):
            assert v["fra"] <= v["til"], v
    keys = [(v["person"], v["organ"], v["rolle"], v.get("fra")) for v in demo_data.VERV]
    assert len(keys) == len(set(keys))
    kommuner = [p for p in demo_data.PARTNERE if p["type"] == "kommune"]
    assert len(kommuner) == 6 and all(p["avtalepart"] for p in kommuner)


def test_the_fsu_secretariat_login_runs_fsu_and_the_bodies_under_it_only(demo, client):
    bruker = authenticate(_login(), username="fsu-sekretariat", password="demo-fsu-sekretariat")
    assert bruker is not None and not is_sekretariat(bruker)
    organ = {o.kortnavn: o for o in Organ.objects.all()}
    runs = {o.kortnavn for o in Organ.objects.filter(pk__in=managed_organ_ids(bruker))}
    assert {"FSU", "FU-AKUTT", "AG-RØNTGEN", "Vitality"} <= runs
    assert not runs & {"PM", "SSU", "FU-HR", "AU"}
    assert all(organ["FSU"] in organ[k].rapporteringslinje() for k in runs - {"FSU"})
    client.force_login(bruker)
    fsu = Mote.objects.filter(organ=organ["FSU"]).first()
    ssu = Mote.objects.filter(organ=organ["SSU"]).first()
    assert fsu is not None and ssu is not None
    assert client.get(f"/mote/{fsu.pk}/rediger/").status_code == 200
    assert client.get(f"/mote/{ssu.pk}/rediger/").status_code == 403


def test_loading_the_demo_emails_nobody(demo):
    """The demo's meetings are history: publishing their referat on load tells no member."""
    from helsefellesskap.models import Epost

    assert not Epost.objects.exists()


def test_every_demo_person_has_an_address_at_example_org(demo):
    """So `make run` shows every e-mail on the console, and none can reach a real person."""
    from helsefellesskap.models import Person

    adresser = list(Person.objects.values_list("epost", flat=True))
    assert adresser
    assert [a for a in adresser if not a.endswith("@example.org")] == []
    assert len(set(adresser)) == len(adresser)
