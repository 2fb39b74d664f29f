"""«Lag PDF» in a real browser: the order, the polled progress, the link and the preview.

The render itself is done here by calling the worker's service (the real Celery worker is
tested in tests/moter/test_worker.py); what this test proves is the page: htmx polls the status
fragment until the version is ready, then shows the download and the first-page preview.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from moter.dokumenter import dokument_render
from moter.models import Dokument, Mote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vestfold(demo_committed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_lag_pdf_viser_fremdrift_lenke_og_forhandsvisning(
    page: Page, live_server, vestfold, login, axe_check
):
    mote = Mote.objects.get(organ__kortnavn="SSU", start="2024-02-29T13:00:00+01:00")
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    kort = page.locator(".dokumentkort").filter(has_text="Innkalling – medlemsutgave")
    expect(kort).to_contain_text("Ikke laget ennå.")
    axe_check(page, "møtesiden med dokumentene")

    with page.expect_response(lambda r: r.url.endswith("/lag/")):
        kort.get_by_role("button", name="Lag PDF").click()
    dok = Dokument.objects.get(mote=mote, art="innkalling", utgave="medlem")
    if dok.status == Dokument.Status.VENTER:  # with Redis (make test): queued for a worker
        expect(kort).to_contain_text("PDF-en står i kø")
        dokument_render(dokument_id=dok.pk)  # what the worker does

    lenke = kort.get_by_role("link", name="Innkalling, medlemsutgave (PDF, versjon 1")
    expect(lenke).to_be_visible(timeout=10_000)  # htmx polls every second
    bilde = kort.get_by_role("img", name="Forhåndsvisning av første side av innkalling")
    expect(bilde).to_be_visible()
    page.wait_for_function("b => b.complete && b.naturalWidth > 0", arg=bilde.element_handle())
    axe_check(page, "møtesiden med ferdig PDF")

    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; "
            "a.download = ''; document.body.appendChild(a); a.click(); }",
            lenke.get_attribute("href"),
        )
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF")

    # «Lag PDF» again on unchanged content: the same version, at once.
    with page.expect_response(lambda r: r.url.endswith("/lag/")):
        kort.get_by_role("button", name="Lag PDF").click()
    expect(lenke).to_be_visible()
    assert Dokument.objects.filter(mote=mote, art="innkalling", utgave="medlem").count() == 1
