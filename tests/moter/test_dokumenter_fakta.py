"""Documents that hold the facts as recorded and the secretariat's own words (issue 16, first
two parts): the real PDFs (pdftotext) and the pages, for the demo meetings from the seeds and for
meetings drafted in the portal."""

import datetime
import re

import pytest

from helsefellesskap.models import Organ, Person, Verv
from moter import services as mote_services
from moter.dokumenter import DokumentError, dokument_source
from moter.models import Deltaker, Dokument, Mote
from saker import services
from tests.factories import oslo
from tests.support.dokumenter import pdftotext, render

pytestmark = pytest.mark.django_db
REFERAT, SAKSFRAMLEGG, INNKALLING, PAKKE = (
    Dokument.Art.REFERAT,
    Dokument.Art.SAKSFRAMLEGG,
    Dokument.Art.INNKALLING,
    Dokument.Art.SAKSDOKUMENTER,
)


def _ssu_2311():
    return Mote.objects.get(organ__kortnavn="SSU", start="2023-11-23T13:00:00+01:00")


def _ssu_0705():
    return Mote.objects.get(organ__kortnavn="SSU", start="2026-05-07T12:30:00+02:00")


# --- Facts as recorded -------------------------------------------------------------------------


def test_imported_approved_referat_prints_as_approved_and_its_public_edition_is_made(
    demo, django_capture_on_commit_callbacks
):
    mote = _ssu_2311()
    assert (mote.referat_status, mote.referat_versjon, mote.referat_last) == ("godkjent", 1, True)
    assert mote.referatversjoner.get().versjon == 1
    medlem = pdftotext(
        render(django_capture_on_commit_callbacks, mote=mote, art=REFERAT, utgave="medlem")
    )
    # No «Utkast» badge in the head, no «· utkast» in the footer.
    hode = medlem.split("Dato/sted", 1)[0]
    assert "Godkjent" in hode and "Utkast" not in hode
    assert "· utkast" not in medlem and "23.11.2023 · versjon" not in medlem
    offentlig = dokument_source(mote=mote, art=REFERAT, utgave="offentlig")
    assert "Referat fra møte i Strategisk samarbeidsutvalg" in offentlig.html


def test_referat_prints_the_attendance_recorded_for_the_meeting(
    demo, django_capture_on_commit_callbacks
):
    mote = _ssu_2311()
    # The register says otherwise today; the referat keeps what was recorded.
    Person.objects.filter(navn="Sissel Andreassen").update(stilling="kommunalsjef Horten")
    tekst = pdftotext(
        render(django_capture_on_commit_callbacks, mote=mote, art=REFERAT, utgave="medlem")
    )
    for linje in [
        "Tom Ole Øhren, Legeforeningen",
        "Unni Kiøsterud Tufte, NSF",
        "Rannveig Velken, kommunene",
        "Sissel Andreassen, kommunene",
        "Runar Danielsen, SiV",
        "Gro Elisabeth Aasland, klinikksjef KFMR",
        "Møteleder Frode Hestnes",
    ]:
        assert linje in tekst, linje
    assert "Horten" not in tekst
    # The møteleder has his row; he is not added under «SSU faste medlemmer».
    faste = tekst.split("SSU faste medlemmer", 1)[1].split("Sekretariat", 1)[0]
    assert "Frode Hestnes" not in faste


def test_drafted_attendance_takes_the_affiliation_from_the_membership_then_keeps_it(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 11, 12, 13), sted="Tønsberg"
    )
    partner = Person.objects.create(navn="Kari Kommune", stilling="rådgiver")
    from helsefellesskap.models import Partner

    kommunene = Partner.objects.create(
        navn="Kommunene i Vestfold", kortnavn="kommunene", type="kommune"
    )
    Verv.objects.create(person=partner, organ=ssu, rolle="medlem", representerer=kommunene)
    mote_services.deltakere_propose(mote=mote)
    deltaker = mote.deltakere.get(person=partner)
    assert deltaker.representerer == "kommunene"
    Verv.objects.filter(person=partner).update(representerer=None)
    Person.objects.filter(pk=partner.pk).update(stilling="direktør")
    deltaker.refresh_from_db()
    assert deltaker.representerer == "kommunene"


def test_saksframlegg_is_signed_the_day_the_innkalling_went_out(
    demo, django_capture_on_commit_callbacks
):
    mote = _ssu_0705()
    sak = mote.saker.get(saksnr="17/26")
    tekst = pdftotext(
        render(
            django_capture_on_commit_callbacks,
            mote=mote,
            art=SAKSFRAMLEGG,
            utgave="medlem",
            sak_id=sak.pk,
        )
    )
    assert "Tønsberg, 29. april 2026 Sekretariatet" in tekst
    assert "7. mai 2026" not in tekst


def test_without_a_known_date_the_saksframlegg_is_signed_without_one(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 11, 12, 13), sted="Tønsberg"
    )
    sak = services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Budsjett",
        sakstyper=["beslutning"],
        hensikt="Budsjettet legges frem.",
    )
    html = dokument_source(mote=mote, art=SAKSFRAMLEGG, utgave="medlem", sak_id=sak.pk).html
    signatur = re.search(r'<p class="saksframlegg__signatur">(.*?)</p>', html, re.S).group(1)
    assert "Sekretariatet" in signatur
    assert not re.search(r"\d", signatur), signatur  # neither today nor the meeting day
    # A date the secretariat sets on the meeting signs them.
    mote_services.mote_update(mote=mote, signert_dato=datetime.date(2026, 10, 29))
    mote.refresh_from_db()
    html = dokument_source(mote=mote, art=SAKSFRAMLEGG, utgave="medlem", sak_id=sak.pk).html
    assert "29. oktober 2026" in html


def test_meeting_form_sets_the_signature_date(sek, utkast):
    side = sek.get(f"/mote/{utkast.pk}/rediger/")
    assert 'name="signert_dato"' in side.content.decode()
    start = utkast.start.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    response = sek.post(
        f"/mote/{utkast.pk}/rediger/",
        {
            "dato": start.date().isoformat(),
            "starttid": "13:00",
            "sluttid": "15:00",
            "sted": utkast.sted,
            "til": utkast.til,
            "offentlig": "on",
            "signert_dato": "2026-11-26",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    utkast.refresh_from_db()
    assert utkast.signert_dato == datetime.date(2026, 11, 26)


def test_ansvar_on_an_unnumbered_line_prints_with_the_person(
    publisert, django_capture_on_commit_callbacks
):
    services.sak_create(
        organ=publisert.organ,
        mote=publisert,
        type="annet",
        tittel="Oppsummering og avslutning",
        ansvar=["Frode Hestnes"],
    )
    # The innkalling's agenda; the pack opens with the letter and a saksliste of the saker only
    # (seed 002), so it has no unnumbered lines.
    tekst = pdftotext(
        render(django_capture_on_commit_callbacks, mote=publisert, art=INNKALLING, utgave="medlem")
    )
    assert re.search(r"Oppsummering og avslutning\s+Frode Hestnes", tekst)


# --- Words and numbering ------------------------------------------------------------------------


def test_the_bodys_word_for_proposal_and_decision_is_used_on_every_page_and_pdf(
    demo, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User

    ssu = Organ.objects.get(kortnavn="SSU")
    assert ssu.vedtaksord == "vedtak"
    mai = _ssu_0705()
    sak = mai.saker.get(saksnr="14/26")  # Godkjenning: «konklusjon» by sakstype
    assert sak.vedtaksord == "vedtak"
    tekst = pdftotext(
        render(
            django_capture_on_commit_callbacks,
            mote=mai,
            art=SAKSFRAMLEGG,
            utgave="medlem",
            sak_id=sak.pk,
        )
    )
    assert "Forslag til vedtak:" in tekst and "konklusjon" not in tekst.lower()
    # The imported 2023 meeting keeps the word its documents used: «Konklusjon:» for every sak.
    nov = _ssu_2311()
    tekst = pdftotext(
        render(django_capture_on_commit_callbacks, mote=nov, art=REFERAT, utgave="medlem")
    )
    assert "Vedtak:" not in tekst and tekst.count("Konklusjon:") >= 5
    client.force_login(User.objects.get(username="sekretariat"))
    beslutning = nov.saker.get(saksnr="2023.35")
    fagutvalg = nov.saker.get(saksnr="2023.42")  # on a path (Sakens gang) with later saker
    for url in (
        f"/sak/{beslutning.pk}/",
        f"/mote/{nov.pk}/",
        f"/mote/{nov.pk}/referat/",
        f"/sak/{fagutvalg.pk}/gang/",
    ):
        html = client.get(url).content.decode()
        assert "Vedtak:" not in html and 'data-size="xs">Vedtak' not in html, url
        assert "Konklusjon" in html, url
    # The body's setting changes the labels everywhere for meetings without their own word.
    Organ.objects.filter(pk=ssu.pk).update(vedtaksord="konklusjon")
    mai = _ssu_0705()
    html = dokument_source(mote=mai, art=INNKALLING, utgave="medlem").html
    assert "Forslag til konklusjon" in html and "Forslag til vedtak" not in html


def test_default_setting_keeps_the_word_by_sakstype(publisert):
    assert publisert.organ.vedtaksord == "sakstype"
    html = dokument_source(mote=publisert, art=INNKALLING, utgave="medlem").html
    assert "Forslag til vedtak" in html  # Årsmelding 2023 is a Beslutning
    sak = services.sak_create(
        organ=publisert.organ,
        mote=publisert,
        tittel="Status",
        sakstyper=["orientering"],
        forslag_til_vedtak="Tas til orientering.",
    )
    assert sak.vedtaksord == "konklusjon"


def test_numbered_points_keep_their_style_and_letters_nest_under_their_number(
    demo, client, django_capture_on_commit_callbacks
):
    mai = _ssu_0705()
    sak = mai.saker.get(saksnr="17/26")
    html = sak.forslag_til_vedtak_html
    assert (
        "<li>SSU slutter seg til foreslåtte presiseringer i retningslinje for samhandling om "
        'innlagte pasienter:<ol type="a"><li>Presisering' in html
    )
    assert "• a." not in html and "<ul>" not in html
    tekst = pdftotext(
        render(
            django_capture_on_commit_callbacks,
            mote=mai,
            art=SAKSFRAMLEGG,
            utgave="medlem",
            sak_id=sak.pk,
        )
    )
    assert re.search(r"a\. Presisering av tidspunkt", tekst)
    assert "•" not in tekst.split("Forslag til vedtak:")[1].split("Faktagrunnlag")[0]
    # «1)» stays «1)»: SSU 29.02.24, sak 2024.10.
    feb = Mote.objects.get(organ__kortnavn="SSU", start="2024-02-29T13:00:00+01:00")
    referatsaker = feb.saker.get(saksnr="2024.10")
    assert '<ol class="parentes">' in referatsaker.hensikt_html
    tekst = pdftotext(
        render(django_capture_on_commit_callbacks, mote=feb, art=INNKALLING, utgave="medlem")
    )
    assert "1) Rapport fra overgrepsmottaket" in tekst
    assert "1. Rapport" not in tekst


def test_exempt_sak_is_marked_with_its_legal_basis_in_both_editions(
    publisert, sek, django_capture_on_commit_callbacks
):
    for art in (INNKALLING, PAKKE):
        medlem = pdftotext(
            render(django_capture_on_commit_callbacks, mote=publisert, art=art, utgave="medlem")
        )
        assert "Personalsak ved legevakten Unntatt offentlighet, offl. § 13" in medlem, art
    html = sek.get(f"/mote/{publisert.pk}/").content.decode()
    assert "Personalsak ved legevakten" in html
    assert "Unntatt offentlighet, offl. § 13" in html
    offentlig = dokument_source(mote=publisert, art=INNKALLING, utgave="offentlig").html
    assert "Unntatt offentlighet, offl. § 13" in offentlig and "Personalsak" not in offentlig
    # A public title is shown with its legal basis.
    from saker.models import Sak

    Sak.objects.filter(unntatt_offentlighet=True, mote=publisert).update(
        offentlig_tittel="Sak om bemanning"
    )
    offentlig = dokument_source(mote=publisert, art=INNKALLING, utgave="offentlig").html
    assert "Sak om bemanning (Unntatt offentlighet, offl. § 13)" in offentlig


def test_referat_page_pdf_and_attendance_screen_call_the_absent_frafall(
    publisert, medlem, sek, django_capture_on_commit_callbacks
):
    mote = mote_services.mote_set_avholdt(mote=publisert)
    mote_services.deltakere_propose(mote=mote)
    d = mote.deltakere.first()
    Deltaker.objects.filter(pk=d.pk).update(oppmote="forfall")
    tekst = pdftotext(
        render(django_capture_on_commit_callbacks, mote=mote, art=REFERAT, utgave="medlem")
    )
    assert "Frafall" in tekst and "Forfall" not in tekst
    skjerm = sek.get(f"/mote/{mote.pk}/referat/").content.decode()
    assert 'value="forfall" selected>Frafall</option>' in skjerm
    assert ">Forfall<" not in skjerm


def test_public_referat_of_a_draft_is_still_refused(publisert):
    mote = mote_services.mote_set_avholdt(mote=publisert)
    with pytest.raises(DokumentError):
        dokument_source(mote=mote, art=REFERAT, utgave="offentlig")
