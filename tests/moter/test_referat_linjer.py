"""Unnumbered agenda lines in the referat (issue 16, «Facts as recorded»): the secretariat records
a konklusjon on a line without a saksnummer («Evaluering av møtet») in the referat editor, and
the referat shows the line with it, on the meeting page and in the PDF; an unnumbered line with
nothing recorded and a pause stay out, as in the secretariat's own referater (seed 000, FSU
25.01.24: «Godkjenning av innkalling og dagsorden» with its «Konklusjon:», lines 595-596)."""

import pytest

from moter import services as mote_services
from moter.models import Dokument
from saker import services
from tests.factories import oslo
from tests.support.dokumenter import pdftotext, render

pytestmark = pytest.mark.django_db

KONKLUSJON = "Sekretariatet samler tilbakemeldingene til neste møte."


@pytest.fixture
def holdt(ssu):
    """SSU 14.03.24, held: the standard items, a sak, a pause, and two unnumbered lines."""
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 3, 14, 13), slutt=oslo(2024, 3, 14, 15), sted="SiV"
    )
    services.sak_create(organ=ssu, mote=mote, tittel="Handlingsplan 2024", sakstyper=["dialog"])
    services.sak_create(organ=ssu, mote=mote, type="pause", tittel="Pause", varighet=15)
    services.sak_create(organ=ssu, mote=mote, type="annet", tittel="Evaluering av møtet")
    services.sak_create(organ=ssu, mote=mote, type="annet", tittel="Oppsummering og avslutning")
    services.innkalling_send(mote=mote, notify=False)
    return mote_services.mote_set_avholdt(mote=mote)


def _referat_del(html: str) -> str:
    """The referat section of the meeting page."""
    return html.split('id="referat"', 1)[1].split("</section>", 1)[0]


def test_konklusjon_on_an_unnumbered_line_reaches_the_referat_page_and_pdf(
    sek, holdt, django_capture_on_commit_callbacks
):
    linje = holdt.saker.get(tittel="Evaluering av møtet")
    pause = holdt.saker.get(type="pause")
    redaktor = sek.get(f"/mote/{holdt.pk}/referat/").content.decode()
    assert f'name="sak{linje.pk}-vedtak"' in redaktor  # a form for the unnumbered line
    assert f'name="sak{pause.pk}-vedtak"' not in redaktor  # none for the pause
    # Before anything is recorded, the line is not in the referat.
    assert "Evaluering av møtet" not in _referat_del(
        sek.get(holdt.get_absolute_url()).content.decode()
    )

    response = sek.post(
        f"/sak/{linje.pk}/referat/",
        {
            f"sak{linje.pk}-protokoll": "Møteleder ber om evaluering av møtet i etterkant.",
            f"sak{linje.pk}-vedtak": KONKLUSJON,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#referat-{linje.pk}")
    linje.refresh_from_db()
    assert linje.vedtak == KONKLUSJON
    assert "«Evaluering av møtet» er lagret." in sek.get(response["Location"]).content.decode()

    referat = _referat_del(sek.get(holdt.get_absolute_url()).content.decode())
    assert "Evaluering av møtet" in referat and KONKLUSJON in referat
    assert "Møteleder ber om evaluering av møtet i etterkant." in referat
    assert "Konklusjon:" in referat.split("Evaluering av møtet", 1)[1]
    # Nothing recorded on the other unnumbered line; a pause never.
    assert "Oppsummering og avslutning" not in referat and "Pause" not in referat

    dok = render(
        django_capture_on_commit_callbacks, mote=holdt, art=Dokument.Art.REFERAT, utgave="medlem"
    )
    tekst = pdftotext(dok)
    assert "Evaluering av møtet" in tekst and f"Konklusjon: {KONKLUSJON}" in tekst
    assert "Oppsummering og avslutning" not in tekst and "Pause" not in tekst


def test_a_conflicting_save_on_an_unnumbered_line_keeps_the_text_at_the_field(sek, holdt):
    linje = holdt.saker.get(tittel="Evaluering av møtet")
    opened = linje.endret.isoformat()
    services.referat_save(sak=linje, protokoll="", vedtak="En annens konklusjon.")
    response = sek.post(
        f"/sak/{linje.pk}/referat/",
        {
            f"sak{linje.pk}-protokoll": "",
            f"sak{linje.pk}-vedtak": KONKLUSJON,
            f"sak{linje.pk}-sist_sett": opened,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    skjema = html.split(f'id="referat-{linje.pk}"', 1)[1].split("</form>", 1)[0]
    assert "etter at du åpnet den" in skjema  # the message at the line's form
    assert f">\n{KONKLUSJON}</textarea>" in skjema  # the typed text kept
    linje.refresh_from_db()
    assert linje.vedtak == "En annens konklusjon."


def test_a_pause_has_no_referat(sek, holdt):
    pause = holdt.saker.get(type="pause")
    response = sek.post(
        f"/sak/{pause.pk}/referat/",
        {f"sak{pause.pk}-protokoll": "Kaffe.", f"sak{pause.pk}-vedtak": ""},
    )
    assert response.status_code == 404
    with pytest.raises(services.SakError, match="En pause har ikke noe referat."):
        services.referat_save(sak=pause, protokoll="Kaffe.", vedtak="")
    pause.refresh_from_db()
    assert pause.protokoll == ""
