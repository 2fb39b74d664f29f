"""The open-data API (api/): a walk over everything it links to, as anonymous and as the
secretariat (the API is anonymous-only), finds no exempt, draft or non-public marker; the
public mote/1 export; ETag and 304; the limit per client; bad input answers in Norwegian."""

import json
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from helsefellesskap.models import Organ
from moter.models import Mote
from saker import services
from tests.factories import oslo
from tests.test_permissions import HEMMELIG

pytestmark = pytest.mark.django_db

# A public, published meeting in a body that is not public: nothing of it may come out.
SKJULT_ORGAN = "Lukket styringsgruppe"
SKJULT_MOTE = "Hemmelig møte i lukket organ"


@pytest.fixture
def lukket(objects):
    organ = Organ.objects.create(
        navn=SKJULT_ORGAN, kortnavn="LSG", slug="lsg", type="arbeidsgruppe", offentlig=False
    )
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2024, 5, 2, 13), sted="SiV", tittel=SKJULT_MOTE
    )
    # Sent and published (as innkalling_publish records it; no documents needed here).
    Mote.objects.filter(pk=mote.pk).update(status="innkalt", innkalling_publisert=timezone.now())
    mote.refresh_from_db()
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
        body = response.content.decode()
        seen[path] = body
        todo.extend(_api_links(json.loads(body)))
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
    alt = "\n".join(seen.values())
    for tekst in [*HEMMELIG, SKJULT_ORGAN, SKJULT_MOTE, "Ny Medlemsen"]:
        assert tekst not in alt, tekst
    assert f"/api/moter/{lukket.pk}/" not in seen
    assert f"/api/moter/{objects['utkast']}/" not in seen
    # What the public may read is there: the vedtak of the open sak, its public vedlegg, the
    # exempt sak by its screened title.
    assert "Årsmeldingen godkjennes." in alt
    assert "Årsmelding utkast" in alt
    assert "Unntatt offentlighet" in alt


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
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"annen"').status_code == 200
    # A change to the meeting gives a new ETag.
    Mote.objects.filter(pk=objects["publisert"]).update(sted="Nytt møtested")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@override_settings(API_FORESPORSLER_PER_MINUTT=3)
def test_the_limit_per_client_answers_429_in_norwegian(client, objects):
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
    ],
)
def test_bad_list_parameters_answer_400_in_norwegian(client, objects, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ugyldig verdi for")


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
    ],
)
def test_unknown_ids_answer_404_as_json(client, objects, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_openapi_description_is_generated(client, objects):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/moter/{id}/" in spec["paths"]
    assert "/api/moter/{id}/mote.json" in spec["paths"]
    # No docs page with scripts from a CDN.
    assert client.get("/api/docs").status_code == 404
