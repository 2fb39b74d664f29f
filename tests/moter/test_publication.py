"""Publication you can trust: publishing releases the public PDFs; what stops being public is
withdrawn in the same transaction; the public never downloads a byte that is no longer public.

Renders run as a worker would run them: the task function, called directly."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.db import transaction

from moter import publication
from moter.dokumenter import render_dokument, update_dokumenter
from moter.models import Dokument, Mote
from moter.services import innkalling_publish, innkalling_unpublish, mote_update
from saker import services
from saker.models import Sak, Vedlegg

Art, Edition, Status = Dokument.Art, Dokument.Edition, Dokument.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _build_pending(mote: Mote | None = None) -> int:
    """Renders every ordered version, as the worker does; with ``mote``, first what the
    debounced background task orders after a change."""
    if mote is not None:
        update_dokumenter(mote.pk)
    ids = list(Dokument.objects.filter(status=Status.VENTER).values_list("pk", flat=True))
    for pk in ids:
        render_dokument(pk)
    return len(ids)


def _text(response) -> str:
    pdf = b"".join(response.streaming_content)
    ut = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", ut)


def _sak(mote: Mote, tittel: str) -> Sak:
    return mote.saker.get(tittel=tittel)


@pytest.fixture
def ute(publisert):
    """SSU 29.02.24 published, with its public documents made and out."""
    assert _build_pending() > 0
    return Mote.objects.get(pk=publisert.pk)


def _offentlige(mote: Mote):
    return Dokument.objects.filter(mote=mote, utgave=Edition.OFFENTLIG)


def test_publishing_releases_the_public_documents(mote, client):
    assert client.get(f"/mote/{mote.pk}/dokument/innkalling/").status_code == 404

    innkalling_publish(mote=mote)
    bestilt = {(d.art, d.sak_id) for d in _offentlige(mote)}
    apen = _sak(mote, "Årsmelding 2023")
    unntatt = _sak(mote, "Personalsak ved legevakten")
    assert (Art.INNKALLING, None) in bestilt
    assert (Art.SAKSDOKUMENTER, None) in bestilt
    assert (Art.SAKSFRAMLEGG, apen.pk) in bestilt
    assert (Art.SAKSFRAMLEGG, unntatt.pk) not in bestilt  # an exempt sak has no public paper
    # Ordered, not yet made: nothing is out, and the sak page offers no link to a missing file.
    assert client.get(f"/mote/{mote.pk}/dokument/innkalling/").status_code == 404
    assert "Saksframlegg (PDF)" not in client.get(f"/sak/{apen.pk}/").content.decode()

    _build_pending()
    assert all(d.publisert is not None for d in _offentlige(mote))
    response = client.get(f"/mote/{mote.pk}/dokument/innkalling/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    tekst = _text(response)
    assert "Årsmelding 2023" in tekst and "Personalsak" not in tekst
    response = client.get(f"/mote/{mote.pk}/dokument/saksframlegg/?sak={apen.pk}")
    assert response.status_code == 200 and "Årsmelding 2023" in _text(response)
    assert "Saksframlegg (PDF)" in client.get(f"/sak/{apen.pk}/").content.decode()
    assert client.get(f"/mote/{mote.pk}/dokument/saksdokumenter/").status_code == 200


def test_a_sak_made_exempt_is_withdrawn_in_the_same_transaction(ute, client, sekretariat):
    apen = _sak(ute, "Årsmelding 2023")
    with transaction.atomic():
        services.sak_update(sak=apen, unntatt_offentlighet=True, hjemmel="Offl. § 14")
        # Before the change is even committed, every version showing the sak is withdrawn.
        trukket = _offentlige(ute).filter(trukket__isnull=False)
        assert {d.art for d in trukket} == {Art.INNKALLING, Art.SAKSDOKUMENTER, Art.SAKSFRAMLEGG}
        assert "unntatt offentlighet" in trukket.first().trukket_grunn

    for art in ("innkalling", "saksdokumenter"):
        assert client.get(f"/mote/{ute.pk}/dokument/{art}/").status_code == 404
    assert client.get(f"/mote/{ute.pk}/dokument/saksframlegg/?sak={apen.pk}").status_code == 404

    # The new versions go out as soon as they are made, without the exempt sak.
    _build_pending()
    response = client.get(f"/mote/{ute.pk}/dokument/innkalling/")
    assert response.status_code == 200
    tekst = _text(response)
    assert "Unntatt offentlighet, offl. § 14" in tekst
    assert "Årsmelding 2023" not in tekst and "Utkast til årsmelding" not in tekst
    pack = _text(client.get(f"/mote/{ute.pk}/dokument/saksdokumenter/"))
    assert "Årsmelding 2023" not in pack and "Årsmelding utkast" not in pack
    # And the exempt sak's own paper does not come back.
    assert client.get(f"/mote/{ute.pk}/dokument/saksframlegg/?sak={apen.pk}").status_code == 404


def test_a_vedlegg_made_non_public_is_withdrawn(ute, client, vedlegg):
    v = vedlegg["Årsmelding utkast"]
    v.offentlig = False
    v.save()
    assert client.get(f"/mote/{ute.pk}/dokument/saksdokumenter/").status_code == 404
    assert client.get(f"/mote/{ute.pk}/dokument/innkalling/").status_code == 404


def test_unpublish_delete_republish_never_gives_the_old_pack(ute, client, vedlegg):
    gammel = _offentlige(ute).get(art=Art.SAKSDOKUMENTER)
    innkalling_unpublish(mote=ute)
    assert not _offentlige(ute).publiserte().exists()
    services.vedlegg_delete(vedlegg=vedlegg["Årsmelding utkast"])
    innkalling_publish(mote=Mote.objects.get(pk=ute.pk))

    # Until the new pack is made, the public gets none; never the old one with the file.
    assert client.get(f"/mote/{ute.pk}/dokument/saksdokumenter/").status_code == 404
    _build_pending()
    ny = publication.publisert_version(mote=ute, art=Art.SAKSDOKUMENTER)
    assert ny is not None and ny.pk != gammel.pk
    assert "Årsmelding utkast" not in _text(client.get(f"/mote/{ute.pk}/dokument/saksdokumenter/"))


def test_a_change_is_published_as_soon_as_the_new_version_is_made(ute, client):
    previous = publication.publisert_version(mote=ute, art=Art.INNKALLING)
    apen = _sak(ute, "Årsmelding 2023")
    services.sak_update(sak=apen, hensikt="Revidert årsmelding med nye tall.")
    # Public content changed but did not shrink: the old version stays out meanwhile.
    assert publication.publisert_version(mote=ute, art=Art.INNKALLING) == previous
    _build_pending(ute)
    ny = publication.publisert_version(mote=ute, art=Art.INNKALLING)
    assert ny.versjon == previous.versjon + 1
    assert "Revidert årsmelding" in _text(client.get(f"/mote/{ute.pk}/dokument/innkalling/"))


def test_a_bulk_update_never_lets_a_withdrawn_byte_out(ute, client):
    """No signal sees ``.update()``; the download checks the content itself."""
    apen = _sak(ute, "Årsmelding 2023")
    assert client.get(f"/mote/{ute.pk}/dokument/innkalling/").status_code == 200
    Sak.objects.filter(pk=apen.pk).update(unntatt_offentlighet=True)
    assert client.get(f"/mote/{ute.pk}/dokument/innkalling/").status_code == 404
    Vedlegg.objects.filter(sak=apen).update(offentlig=False)
    assert client.get(f"/mote/{ute.pk}/dokument/saksdokumenter/").status_code == 404


def test_a_sak_taken_off_the_agenda_is_withdrawn(ute, client):
    apen = _sak(ute, "Årsmelding 2023")
    services.sak_remove_from_mote(sak=apen)
    assert client.get(f"/mote/{ute.pk}/dokument/innkalling/").status_code == 404


def test_a_meeting_made_not_public_withdraws_everything(ute, client):
    mote_update(mote=ute, offentlig=False)
    assert not _offentlige(ute).publiserte().exists()
    assert client.get(f"/mote/{ute.pk}/dokument/innkalling/").status_code == 404


def test_a_body_made_not_public_withdraws_its_meetings_documents(ute, client):
    organ = ute.organ
    organ.offentlig = False
    organ.save()
    assert not _offentlige(ute).publiserte().exists()


def test_public_files_can_be_revalidated_but_not_kept(ute, client):
    response = client.get(f"/mote/{ute.pk}/dokument/innkalling/")
    assert response["Cache-Control"] == "public, no-cache"
    etag = response["ETag"]
    assert etag.strip('"') == publication.publisert_version(mote=ute, art=Art.INNKALLING).sha256
    again = client.get(f"/mote/{ute.pk}/dokument/innkalling/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_member_files_and_pages_are_never_stored(ute, client, medlem):
    client.force_login(medlem)
    assert client.get(f"/mote/{ute.pk}/")["Cache-Control"] == "private, no-store"
    assert client.get("/vedtak/")["Cache-Control"] == "private, no-store"
    response = client.post(f"/mote/{ute.pk}/dokument/innkalling/lag/")
    assert response.status_code == 200
    _build_pending()
    response = client.get(f"/mote/{ute.pk}/dokument/innkalling/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_get_never_orders_a_document(ute, client, medlem):
    client.force_login(medlem)
    for_ = Dokument.objects.count()
    response = client.get(f"/mote/{ute.pk}/dokument/innkalling/")
    assert response.status_code == 200
    assert "Lag PDF" in response.content.decode()
    apen = _sak(ute, "Årsmelding 2023")
    assert client.get(f"/mote/{ute.pk}/dokument/saksframlegg/?sak={apen.pk}").status_code == 200
    assert Dokument.objects.count() == for_


@pytest.mark.parametrize("sak", ["9999999999", "99999999999999999999", "abc", "", "-1", "١"])
def test_a_saksframlegg_needs_a_sak_of_the_meeting(ute, client, medlem, sak):
    client.force_login(medlem)
    for_ = Dokument.objects.count()
    response = client.get(f"/mote/{ute.pk}/dokument/saksframlegg/?sak={sak}")
    assert response.status_code == 404
    assert (
        client.post(f"/mote/{ute.pk}/dokument/saksframlegg/lag/", {"sak": sak}).status_code == 404
    )
    assert Dokument.objects.count() == for_


def test_a_sak_of_another_meeting_is_refused(ute, client, medlem, utkast):
    client.force_login(medlem)
    other = utkast.saker.first()
    response = client.post(f"/mote/{ute.pk}/dokument/saksframlegg/lag/", {"sak": other.pk})
    assert response.status_code == 404


def test_ordering_again_makes_no_new_versions(ute, client, medlem):
    client.force_login(medlem)
    for _ in range(3):
        client.post(f"/mote/{ute.pk}/dokument/innkalling/lag/")
    assert Dokument.objects.filter(mote=ute, utgave=Edition.MEDLEM).count() == 1


def test_the_check_page_lists_the_documents_and_their_state(mote, sek):
    side = sek.get(f"/mote/{mote.pk}/publiser/").content.decode()
    assert "Dokumenter som går ut" in side
    assert "Saksframlegg" in side and "Lages når innkallingen publiseres" in side
    assert "Personalsak" not in side.split("Dokumenter som går ut")[1].split("</table>")[0]

    sek.post(f"/mote/{mote.pk}/publiser/", {"handling": "publiser"})
    assert "Lages nå" in sek.get(f"/mote/{mote.pk}/publiser/").content.decode()
    _build_pending()
    side = sek.get(f"/mote/{mote.pk}/publiser/").content.decode()
    assert "Publisert, versjon 1" in side
    assert "publiseres automatisk" in side


def test_publishing_the_referat_releases_its_pdf_and_a_new_version_follows(ute, sek, ssu):
    from django.test import Client

    from moter import services as mote_services
    from tests.factories import oslo

    client = Client()  # anonymous; ``sek`` is the secretariat's
    apen = _sak(ute, "Årsmelding 2023")
    services.referat_save(sak=apen, protokoll="Gjennomgått.", vedtak="Årsmeldingen godkjennes.")
    mote_services.mote_set_avholdt(mote=ute)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=ute), bekreftet=True)
    assert client.get(f"/mote/{ute.pk}/dokument/referat/").status_code == 404

    sek.post(f"/mote/{ute.pk}/referat/status/", {"handling": "publiser"})
    side = sek.get(f"/mote/{ute.pk}/referat/").content.decode()
    assert "Referatet som PDF for allmennheten" in side and "Lages nå" in side
    _build_pending()
    assert "Publisert, versjon 1" in sek.get(f"/mote/{ute.pk}/referat/").content.decode()
    response = client.get(f"/mote/{ute.pk}/dokument/referat/")
    assert response.status_code == 200 and "Årsmeldingen godkjennes." in _text(response)

    # A correction (a new referat version) goes out by itself once it is made.
    services.referat_correct(
        sak=apen,
        protokoll="Gjennomgått.",
        vedtak="Årsmeldingen godkjennes med rettelser.",
        begrunnelse="Skrivefeil i vedtaket",
    )
    _build_pending(ute)
    assert "med rettelser" in _text(client.get(f"/mote/{ute.pk}/dokument/referat/"))
