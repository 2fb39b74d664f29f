"""The open-data API (api/): a walk over everything it links to, as anonymous and as the
secretariat (the API is anonymous-only), finds no exempt, draft or non-public marker (nor a
member's e-mail, phone or verv in a body that is not public); the body, persons, saker (Paper)
with their path (Consultation) and files; the public mote/1 export; ETag and 304; the limit per
client; bad input answers in Norwegian; lists answer in a fixed number of queries."""

import json
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helsefellesskap.models import Organ, Person, Verv
from moter.models import Mote
from saker import services
from saker.models import Sak, Vedlegg
from saker.services import forbindelser
from tests.factories import MoteFactory, OrganFactory, PersonFactory, VervFactory, oslo
from tests.test_permissions import HEMMELIG

pytestmark = pytest.mark.django_db

# A public, published meeting in a body that is not public: nothing of it may come out.
SKJULT_ORGAN = "Lukket styringsgruppe"
SKJULT_MOTE = "Hemmelig møte i lukket organ"
SKJULT_SAK = "Hemmelig sak i lukket organ"
# A member of the closed body only, and what the pages never show of any member.
SKJULT_PERSON = "Skjult Styremedlem"
IKKE_PA_SIDENE = [
    "@example.org",  # every person's e-mail address here (Ny Medlemsen's ny@example.org)
    "41234567",  # Ny Medlemsen's phone
    "90000001",  # the closed body's member's phone
    "Intern vervmerknad",  # a remark on a verv in SSU: not on the body page
    "Hemmelig vervmerknad",  # a remark on Ny Medlemsen's verv in the closed body
    "Hemmelig koblingsmerknad",  # links from the open sak to saker the public may not see
]


def _published(mote: Mote) -> Mote:
    """Sent and published (as innkalling_publish records it; no documents needed here)."""
    Mote.objects.filter(pk=mote.pk).update(status="innkalt", innkalling_publisert=timezone.now())
    mote.refresh_from_db()
    return mote


@pytest.fixture
def lukket(objects):
    organ = Organ.objects.create(
        navn=SKJULT_ORGAN, kortnavn="LSG", slug="lsg", type="arbeidsgruppe", offentlig=False
    )
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2024, 5, 2, 13), sted="SiV", tittel=SKJULT_MOTE
    )
    skjult_sak = services.sak_create(
        organ=organ, mote=mote, tittel=SKJULT_SAK, sakstyper=["orientering"]
    )
    _published(mote)
    # Members: one of the closed body only; SSU's Ny Medlemsen in it too, with remarks.
    VervFactory(
        person=PersonFactory(navn=SKJULT_PERSON, epost="skjult@example.org", telefon="90000001"),
        organ=organ,
    )
    ny = Person.objects.get(pk=objects["ny_person"])
    ny.telefon = "41234567"
    ny.save()
    Verv.objects.filter(person=ny, organ_id=objects["ssu"]).update(merknad="Intern vervmerknad")
    VervFactory(person=ny, organ=organ, rolle="leder", merknad="Hemmelig vervmerknad")
    # The open sak's path: to the exempt sak (shown screened), to a draft's sak and to the
    # closed body's sak (neither shown).
    apen = Sak.objects.get(pk=objects["apen_sak"])
    for annen, merknad in [
        (Sak.objects.get(pk=objects["unntatt_sak"]), "Koblet etter møtet"),
        (Sak.objects.get(pk=objects["utkast_sak"]), "Hemmelig koblingsmerknad 1"),
        (skjult_sak, "Hemmelig koblingsmerknad 2"),
    ]:
        forbindelser.saksforbindelse_add(
            sak=apen, annen=annen, retning="ut:oppfolging", merknad=merknad
        )
    return mote


def _walk(klient) -> dict[str, str]:
    """Every address the API links to under /api/, from /api/: path → body."""
    seen: dict[str, str] = {}
    todo = ["/api/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        response = klient.get(path)
        assert response.status_code == 200, (path, response.status_code)
        data = json.loads(response.content)
        # The text as a reader of the JSON reads it (escapes such as \u00f8 decoded).
        seen[path] = json.dumps(data, ensure_ascii=False)
        todo.extend(_api_links(data))
    return seen


def _api_links(value) -> list[str]:
    if isinstance(value, dict):
        return [link for v in value.values() for link in _api_links(v)]
    if isinstance(value, list):
        return [link for v in value for link in _api_links(v)]
    if isinstance(value, str) and value.startswith("http://testserver/api/"):
        parts = urlsplit(value)
        return [parts.path + (f"?{parts.query}" if parts.query else "")]
    return []


@pytest.mark.parametrize("rolle", ["anonym", "sekretariat"])
def test_the_whole_api_shows_nothing_exempt_draft_or_non_public(rolle, clients, lukket, objects):
    seen = _walk(clients(rolle))
    # The walk reached the lists, the public meeting, its export and both its saker.
    assert f"/api/moter/{objects['publisert']}/" in seen
    assert f"/api/moter/{objects['publisert']}/mote.json" in seen
    assert f"/api/saker/{objects['unntatt_sak']}/" in seen
    assert f"/api/saker/{objects['apen_sak']}/" in seen
    assert f"/api/organer/{objects['ssu']}/" in seen
    # ... and the body, the persons, the saker list and the files.
    for path in [
        "/api/body/",
        "/api/personer/",
        f"/api/personer/{objects['ny_person']}/",
        "/api/saker/",
        f"/api/filer/vedlegg/{objects['offentlig_vedlegg']}/",
        f"/api/filer/moter/{objects['publisert']}/innkalling/",
        f"/api/filer/moter/{objects['publisert']}/referat/",
    ]:
        assert path in seen, path
    alt = "\n".join(seen.values())
    for tekst in [*HEMMELIG, SKJULT_ORGAN, SKJULT_MOTE, SKJULT_SAK, SKJULT_PERSON, *IKKE_PA_SIDENE]:
        assert tekst not in alt, tekst
    assert f"/api/moter/{lukket.pk}/" not in seen
    assert f"/api/moter/{objects['utkast']}/" not in seen
    assert f"/api/filer/vedlegg/{objects['intern_vedlegg']}/" not in seen
    assert not any(p.startswith(f"/api/organer/{lukket.organ_id}/") for p in seen)
    # What the public may read is there: the vedtak of the open sak, its public vedlegg, the
    # exempt sak by its screened title.
    assert "Årsmeldingen godkjennes." in alt
    assert "Årsmelding utkast" in alt
    assert "Unntatt offentlighet" in alt
    # The members of the public bodies, as the body page shows them; the path's public link.
    assert "Ny Medlemsen" in alt
    assert "Koblet etter møtet" in alt


def test_a_meeting_in_a_body_that_is_not_public_is_unknown(client, lukket):
    response = client.get(f"/api/moter/{lukket.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Fant ikke møtet."}
    assert client.get(f"/api/moter/{lukket.pk}/mote.json").status_code == 404
    assert client.get(f"/api/organer/{lukket.organ_id}/").status_code == 404
    # Only the body keeps it out: made public, the meeting answers.
    Organ.objects.filter(pk=lukket.organ_id).update(offentlig=True)
    assert client.get(f"/api/moter/{lukket.pk}/").status_code == 200


def test_the_meeting_has_oparl_types_its_agenda_and_public_pdfs(client, objects):
    mote = client.get(f"/api/moter/{objects['publisert']}/").json()
    assert mote["type"] == "https://schema.oparl.org/1.1/Meeting"
    assert mote["cancelled"] is False
    assert mote["invitation"]["accessUrl"].endswith(
        f"/mote/{objects['publisert']}/dokument/innkalling/"
    )
    assert mote["resultsProtocol"]["type"] == "https://schema.oparl.org/1.1/File"
    punkter = {p["id"].rsplit("/", 2)[-2]: p for p in mote["agendaItem"]}
    unntatt = punkter[str(objects["unntatt_sak"])]
    assert unntatt["public"] is False
    assert unntatt["resolutionText"] is None
    assert unntatt["auxiliaryFile"] == []
    apen = punkter[str(objects["apen_sak"])]
    assert apen["resolutionText"] == "Årsmeldingen godkjennes."
    assert [f["name"] for f in apen["auxiliaryFile"]] == ["Årsmelding utkast"]
    # Each PDF it links to downloads for an anonymous reader.
    assert client.get(mote["invitation"]["accessUrl"]).status_code == 200
    assert client.get(apen["auxiliaryFile"][0]["accessUrl"]).status_code == 200


def test_the_public_export_keeps_the_exempt_sak_screened(client, objects):
    export = client.get(f"/api/moter/{objects['publisert']}/mote.json").json()
    assert export["format"] == "mote/1"
    unntatt = next(s for s in export["saker"] if s.get("unntatt_offentlighet"))
    assert set(unntatt) == {"saksnr", "tittel", "unntatt_offentlighet"}
    assert unntatt["tittel"].startswith("Unntatt offentlighet")
    apen = next(s for s in export["saker"] if s.get("tittel") == "Årsmelding 2023")
    assert apen["vedtak"] == "Årsmeldingen godkjennes."
    assert [v["tittel"] for v in apen["vedlegg"]] == ["Årsmelding utkast"]
    assert "oppfolging" not in apen and "digital_lenke" not in export


def test_the_full_export_would_leak_which_is_why_the_api_filters_it(objects):
    """The exporter writes everything for the secretariat: the API must not hand it out."""
    from saker.exchange.export import mote_export

    full = json.dumps(mote_export(Mote.objects.get(pk=objects["publisert"])), ensure_ascii=False)
    assert "Hemmelig vedtak om ansatt" in full and "Intern merknad" in full


def test_lists_page_with_next_links(client, objects):
    side1 = client.get("/api/moter/?limit=1").json()
    assert side1["pagination"]["currentPage"] == 1
    assert side1["pagination"]["totalElements"] == side1["pagination"]["totalPages"] >= 1
    assert side1["links"]["prev"] is None
    # The public meetings: the published one (the one that approved the referat is not).
    assert [m["id"].rsplit("/", 2)[-2] for m in side1["data"]] == [str(objects["publisert"])]
    assert side1["links"]["next"] is None


def test_etag_and_conditional_get(client, objects):
    url = f"/api/moter/{objects['publisert']}/"
    first = client.get(url)
    # Kept by a shared cache, but asked for again each time: a withdrawal shows at once.
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert client.get(url, HTTP_IF_NONE_MATCH='"annen"').status_code == 200
    # A change to the meeting gives a new ETag.
    Mote.objects.filter(pk=objects["publisert"]).update(sted="Nytt møtested")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@override_settings(API_FORESPORSLER_PER_MINUTT=3)
def test_the_limit_per_client_answers_429_in_norwegian(client, objects):
    from django.core.cache import cache

    cache.clear()  # no count left from a run a moment ago (the same minute, the same Redis)
    adresse = {"REMOTE_ADDR": "192.0.2.77"}
    for _ in range(3):
        assert client.get("/api/", **adresse).status_code == 200
    response = client.get("/api/organer/", **adresse)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "For mange forespørsler" in response.json()["detail"]
    # Another client is not held back.
    assert client.get("/api/", REMOTE_ADDR="192.0.2.78").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/moter/?page=0",
        "/api/moter/?page=abc",
        "/api/moter/?limit=100000",
        "/api/moter/?limit=-1",
        "/api/organer/?page=99999999999999999999999",
        "/api/moter/?organ=x",
        "/api/saker/?organ=0",
        "/api/saker/?year=abc",
        "/api/saker/?year=1800",
        "/api/saker/?year=99999",
        "/api/saker/?page=2.5",
        "/api/personer/?limit=0",
        "/api/personer/?organ=-4",
    ],
)
def test_bad_list_parameters_answer_400_in_norwegian(client, objects, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ugyldig verdi for")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "/api/moter/999999999/",
        "/api/moter/99999999999999999999999/",
        "/api/saker/0/",
        "/api/organer/123456789/",
        "/api/moter/abc/",
        "/api/moter/?page=50",
        "/api/ukjent/",
        "/api/saker/?page=50",
        "/api/saker/{utkast_sak}/",
        "/api/personer/999999999/",
        "/api/personer/?page=9999",
        "/api/filer/vedlegg/{intern_vedlegg}/",
        "/api/filer/vedlegg/999999999/",
        "/api/filer/moter/{publisert}/ukjent/",
        "/api/filer/moter/{utkast}/innkalling/",
        "/api/filer/moter/{neste}/innkalling/",
        "/api/filer/saksframlegg/{unntatt_sak}/",
        "/api/filer/saksframlegg/{utkast_sak}/",
    ],
)
def test_unknown_ids_answer_404_as_json(client, objects, url):
    response = client.get(url.format(**objects))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_openapi_description_is_generated(client, objects):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/moter/{id}/" in spec["paths"]
    assert "/api/moter/{id}/mote.json" in spec["paths"]
    for path in [
        "/api/body/",
        "/api/personer/",
        "/api/personer/{id}/",
        "/api/saker/",
        "/api/saker/{id}/",
        "/api/filer/vedlegg/{id}/",
        "/api/filer/moter/{id}/{art}/",
        "/api/filer/saksframlegg/{id}/",
    ]:
        operation = spec["paths"][path]["get"]
        assert operation["description"] or operation["summary"], path
    saker = spec["paths"]["/api/saker/"]["get"]
    params = {p["name"]: p for p in saker["parameters"]}
    assert set(params) == {"page", "limit", "organ", "year"}
    assert params["year"]["description"] == "Bare møter i dette året."
    assert spec["components"]["schemas"]["Paper"]["properties"]["consultation"]["description"]
    # No docs page with scripts from a CDN.
    assert client.get("/api/docs").status_code == 404


def test_the_body_is_the_helsefellesskap_with_its_lists(client, objects):
    system = client.get("/api/").json()
    body = client.get(system["body"]).json()
    assert body["type"] == "https://schema.oparl.org/1.1/Body"
    assert body["name"] == "Helsefellesskapet i Vestfold"
    assert body["system"] == system["id"]
    for liste in ("organization", "person", "meeting", "paper"):
        assert client.get(body[liste]).status_code == 200, liste


def test_a_person_shows_what_the_body_page_shows_and_nothing_more(client, objects, lukket):
    person = client.get(f"/api/personer/{objects['ny_person']}/").json()
    assert set(person) == {"id", "type", "body", "name", "stilling", "membership"}
    assert person["type"] == "https://schema.oparl.org/1.1/Person"
    assert person["name"] == "Ny Medlemsen"
    # Her verv in SSU (a public body) only; the closed body's verv is left out.
    assert [(m["organization"], m["role"]) for m in person["membership"]] == [
        (f"http://testserver/api/organer/{objects['ssu']}/", "Medlem")
    ]
    verv = person["membership"][0]
    assert verv["representerer"].startswith("Testkommune")
    assert verv["startDate"] == "2023-01-01" and verv["endDate"] is None
    assert "merknad" not in verv
    # The body page shows the same person with the same verv.
    assert "Ny Medlemsen" in client.get("/organ/ssu/").content.decode()
    # A member of a body that is not public only is unknown.
    skjult = Person.objects.get(navn=SKJULT_PERSON)
    assert client.get(f"/api/personer/{skjult.pk}/").json() == {"detail": "Fant ikke personen."}


def test_the_body_lists_its_members_and_the_persons_list_filters_by_body(client, objects, lukket):
    ssu = client.get(f"/api/organer/{objects['ssu']}/").json()
    medlemmer = {m["person"] for m in ssu["membership"]}
    assert f"http://testserver/api/personer/{objects['ny_person']}/" in medlemmer
    # Leaders first, as on the page: SSU's own secretariat last.
    assert ssu["membership"][-1]["rolle"] == "sekretariat"
    personer = client.get(f"/api/personer/?organ={objects['ssu']}&limit=200").json()
    assert {p["id"] for p in personer["data"]} == medlemmer
    # The closed body's members are no list's.
    assert client.get(f"/api/personer/?organ={lukket.organ_id}").json()["data"] == []
    navn = [p["name"] for p in client.get("/api/personer/?limit=200").json()["data"]]
    assert navn == sorted(navn) and SKJULT_PERSON not in navn


def test_a_sak_is_a_paper_with_its_agenda_line_files_and_path(client, objects, lukket):
    response = client.get(f"/api/saker/{objects['apen_sak']}/")
    assert "Årsmelding 2023" in response.content.decode()  # UTF-8, not \u-escapes
    sak = response.json()
    assert sak["type"] == "https://schema.oparl.org/1.1/Paper"
    # The agenda line's fields, as before (the meeting's agendaItem has the same id).
    assert sak["name"] == "Årsmelding 2023"
    assert sak["reference"] == sak["number"] != ""
    assert sak["paperType"] == "Beslutning"
    assert sak["date"] == "2024-02-29"
    assert sak["public"] is True and sak["withdrawn"] is False
    assert sak["resolutionText"] == "Årsmeldingen godkjennes."
    mote = client.get(sak["meeting"]).json()
    assert sak["id"] in [p["id"] for p in mote["agendaItem"]]
    assert sak["order"] == next(p["order"] for p in mote["agendaItem"] if p["id"] == sak["id"])
    # Its public vedlegg, as a File with its own address.
    [fil] = sak["auxiliaryFile"]
    assert fil["id"] == f"http://testserver/api/filer/vedlegg/{objects['offentlig_vedlegg']}/"
    assert client.get(fil["id"]).json() == fil
    assert fil["mimeType"] == "application/pdf" and fil["size"] > 0
    assert fil["fileName"].endswith(".pdf")
    assert client.get(fil["downloadUrl"]).status_code == 200
    # No saksframlegg was published in this world.
    assert sak["mainFile"] is None
    # Its path: itself and the exempt sak, screened; not the draft's nor the closed body's.
    gang = sak["consultation"]
    assert [c["denneSaken"] for c in gang].count(True) == 1
    assert {c["paper"] for c in gang} == {
        sak["id"],
        f"http://testserver/api/saker/{objects['unntatt_sak']}/",
    }
    unntatt = next(c for c in gang if not c["denneSaken"])
    assert unntatt["public"] is False
    assert unntatt["name"].startswith("Unntatt offentlighet")
    assert unntatt["resolutionText"] is None
    denne = next(c for c in gang if c["denneSaken"])
    assert denne["forbindelser"] == [
        {
            "role": "Oppfølging av",
            "paper": unntatt["paper"],
            "reference": objects["unntatt_saksnr"],
            "merknad": "Koblet etter møtet",
        }
    ]
    # The same path the public page shows.
    side = client.get(f"/sak/{objects['apen_sak']}/gang/").content.decode()
    assert "Koblet etter møtet" in side and "Hemmelig koblingsmerknad" not in side


def test_an_exempt_paper_shows_its_number_and_screened_title_only(client, objects, lukket):
    sak = client.get(f"/api/saker/{objects['unntatt_sak']}/").json()
    assert sak["public"] is False
    assert sak["name"] == "Unntatt offentlighet, offl. § 13"
    assert sak["reference"] == objects["unntatt_saksnr"]
    assert sak["paperType"] is None
    assert sak["resolutionText"] is None
    assert sak["auxiliaryFile"] == [] and sak["mainFile"] is None
    assert "Personalsak" not in json.dumps(sak, ensure_ascii=False)


def test_the_meetings_published_pdfs_are_files(client, objects):
    mote = client.get(f"/api/moter/{objects['publisert']}/").json()
    innkalling = mote["invitation"]
    assert innkalling["id"] == (
        f"http://testserver/api/filer/moter/{objects['publisert']}/innkalling/"
    )
    assert client.get(innkalling["id"]).json() == innkalling
    assert innkalling["accessUrl"] == innkalling["downloadUrl"]
    response = client.get(innkalling["downloadUrl"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Withdrawn, it is gone from the API at once.
    from moter import publication

    publication.offentlige_withdraw(mote=Mote.objects.get(pk=objects["publisert"]), reason="test")
    assert client.get(innkalling["id"]).status_code == 404
    assert client.get(f"/api/moter/{objects['publisert']}/").json()["invitation"] is None


def test_the_saker_list_pages_and_filters_by_body_and_year(client, objects):
    forste = client.get("/api/saker/?limit=2").json()
    total = forste["pagination"]["totalElements"]
    # The numbered saker of the published meeting: the standard items, the open and the exempt.
    numbered = Sak.objects.filter(mote_id=objects["publisert"], type="sak").count()
    assert total == numbered >= 4
    ids, side = [], forste
    while True:
        ids += [p["id"] for p in side["data"]]
        if side["links"]["next"] is None:
            break
        side = client.get(side["links"]["next"]).json()
    assert len(ids) == len(set(ids)) == total
    assert side["pagination"]["currentPage"] == side["pagination"]["totalPages"]
    assert f"http://testserver/api/saker/{objects['utkast_sak']}/" not in ids
    assert (
        client.get(f"/api/saker/?organ={objects['ssu']}&year=2024").json()["pagination"][
            "totalElements"
        ]
        == total
    )
    assert client.get("/api/saker/?year=2025").json()["data"] == []
    assert client.get(f"/api/saker/?organ={objects['ssu']}&year=2025").json()["data"] == []
    # The filters stay in the page links.
    assert "year=2024" in client.get("/api/saker/?year=2024&limit=1").json()["links"]["next"]


@pytest.fixture
def femti(objects):
    """A public body with 50 members, 50 published meetings and 50 saker with a public and a
    non-public vedlegg each; 50 more public bodies with a member each."""
    organ = OrganFactory(kortnavn="Q50", navn="Femti-utvalget")
    for _ in range(50):
        VervFactory(organ=organ)
        VervFactory(organ=OrganFactory())
    moter = [MoteFactory(organ=organ) for _ in range(50)]
    Mote.objects.filter(pk__in=[m.pk for m in moter]).update(
        status="innkalt", innkalling_publisert=timezone.now()
    )
    saker = [
        services.sak_create(organ=organ, mote=moter[0], tittel=f"Sak nummer {i}") for i in range(50)
    ]
    Vedlegg.objects.bulk_create(
        Vedlegg(sak=s, tittel=f"Vedlegg {i}", url="https://example.no/v", offentlig=i % 2 == 0)
        for s in saker
        for i in range(2)
    )
    return organ


@pytest.mark.parametrize(
    "url",
    ["/api/saker/?organ={q}", "/api/personer/?organ={q}", "/api/moter/?organ={q}", "/api/organer/"],
)
def test_a_list_of_50_answers_in_a_fixed_number_of_queries(
    url, client, femti, django_assert_max_num_queries
):
    def antall(limit: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            adresse = url.format(q=femti.pk)
            adresse += ("&" if "?" in adresse else "?") + f"limit={limit}"
            response = client.get(adresse)
        assert response.status_code == 200
        return len(queries), len(response.json()["data"])

    fem, _ = antall(5)
    with django_assert_max_num_queries(8):
        femti_, rader = antall(50)
    assert rader == 50
    assert femti_ == fem  # the queries do not grow with the page
