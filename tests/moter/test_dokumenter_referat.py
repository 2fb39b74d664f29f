"""The referat as PDF, and public editions published together with the referat/innkalling."""

import pytest

from moter import services as mote_services
from moter.dokumenter import last_dokument
from moter.models import Dokument
from saker import services
from tests.factories import oslo
from tests.support.dokumenter import pdftotext, render

pytestmark = pytest.mark.django_db
REFERAT, OFFENTLIG, MEDLEM = Dokument.Art.REFERAT, "offentlig", "medlem"


@pytest.fixture
def godkjent(publisert, ssu):
    apen = publisert.saker.get(tittel="Årsmelding 2023")
    unntatt = publisert.saker.get(tittel="Personalsak ved legevakten")
    services.referat_save(
        sak=apen,
        protokoll="Årsmeldingen ble gjennomgått side for side.",
        vedtak="Årsmeldingen godkjennes med de endringene som kom frem.",
    )
    services.referat_save(
        sak=unntatt,
        protokoll="Hemmelig innhold om en ansatt drøftet.",
        vedtak="Hemmelig vedtak om ansatt.",
    )
    services.eventuelt_add(
        mote=publisert, tittel="Smittevern i vinter", vedtak="Tatt til orientering."
    )
    mote = mote_services.mote_set_avholdt(mote=publisert)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=mote))
    return mote_services.referat_publish(mote=mote)


def test_public_referat_pdf_has_the_decisions_and_screens_the_exempt_sak(
    godkjent, django_capture_on_commit_callbacks
):
    dok = render(django_capture_on_commit_callbacks, mote=godkjent, art=REFERAT, utgave=OFFENTLIG)
    tekst = pdftotext(dok)
    assert "Referat fra møte i Strategisk samarbeidsutvalg (SSU)" in tekst
    assert "Årsmeldingen godkjennes med de endringene som kom frem." in tekst
    assert "Smittevern i vinter" in tekst and "2024.5" in tekst
    assert "Unntatt offentlighet, offl. § 13" in tekst
    assert "Hemmelig" not in tekst and "Personalsak" not in tekst
    referatsak = godkjent.referatversjoner.get(versjon=1).godkjent_i
    assert f"Godkjent i SSU 23.05.24, sak {referatsak.saksnr}" in tekst
    # Published together with the referat: the public gets this version.
    assert last_dokument(mote=godkjent, art=REFERAT, utgave=OFFENTLIG, publisert=True) == dok


def test_members_referat_pdf_is_marked_as_draft_until_approved(
    publisert, django_capture_on_commit_callbacks
):
    mote = mote_services.mote_set_avholdt(mote=publisert)
    dok = render(django_capture_on_commit_callbacks, mote=mote, art=REFERAT, utgave=MEDLEM)
    tekst = pdftotext(dok)
    assert "Utkast" in tekst and "Personalsak ved legevakten" in tekst
    assert dok.publisert is None


def test_a_new_referat_version_changes_the_public_referat_document(godkjent, medlem):
    from moter.dokumenter import dokument_source

    for_ = dokument_source(mote=godkjent, art=REFERAT, utgave=OFFENTLIG)
    mote_services.gjest_add(
        mote=godkjent, navn="Gjest Gjestesen", begrunnelse="Innlederen manglet i referatet"
    )
    godkjent.refresh_from_db()
    after = dokument_source(mote=godkjent, art=REFERAT, utgave=OFFENTLIG)
    assert after.innholdshash != for_.innholdshash
    assert "Gjest Gjestesen" in after.html and "Versjon 2" in after.html
    assert "versjon 2" in after.html  # the footer


@pytest.fixture
def unntatt_linje(publisert, ssu):
    """An exempt unnumbered line on ``publisert`` with a konklusjon recorded on it."""
    linje = services.sak_create(
        organ=ssu,
        mote=publisert,
        type="annet",
        tittel="Drøfting av en bemanningssak",
        unntatt_offentlighet=True,
        hjemmel="Offl. § 14",
    )
    return services.referat_save(
        sak=linje, protokoll="Hemmelig drøfting.", vedtak="Hemmelig konklusjon om bemanning."
    )


def test_public_referat_screens_an_exempt_unnumbered_line(
    unntatt_linje, godkjent, django_capture_on_commit_callbacks
):
    """The members read what was concluded on the unnumbered line; the public its screened
    title only, as for an exempt sak."""
    medlem = pdftotext(
        render(django_capture_on_commit_callbacks, mote=godkjent, art=REFERAT, utgave=MEDLEM)
    )
    assert "Drøfting av en bemanningssak" in medlem
    assert "Hemmelig konklusjon om bemanning." in medlem
    offentlig = pdftotext(
        render(django_capture_on_commit_callbacks, mote=godkjent, art=REFERAT, utgave=OFFENTLIG)
    )
    assert "Unntatt offentlighet, offl. § 14" in offentlig
    assert "bemanning" not in offentlig and "Hemmelig" not in offentlig
