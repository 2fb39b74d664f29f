"""A body's annual report: it holds every meeting and every vedtak of its year and nothing of
another (the year in Norwegian time), each reader sees only what they may (a draft only those who
run the body; the public the published report with exempt saker screened and vedtak only of
published referater), the secretariat's texts are versioned and checked (PostgreSQL: an
over-long text, a bad year), and the PDF is tagged and holds the meeting dates."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from handlingsplan.arsrapport import services as ar
from handlingsplan.arsrapport.content import year_bounds
from handlingsplan.models import ARSRAPPORT_TEKST_MAX, Arsrapport
from moter import services as mote_services
from saker import services
from saker.models import Sak
from tests.factories import oslo, user_with_verv

pytestmark = pytest.mark.django_db


def _tekst(response) -> str:
    html = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _held(ssu, start, tittel: str, vedtak: str):
    """A meeting at ``start`` with one sak, sent, held, its vedtak recorded (referat a draft)."""
    mote = services.mote_create_with_standard_items(organ=ssu, start=start, sted="SiV")
    sak = services.sak_create(organ=ssu, mote=mote, tittel=tittel, sakstyper=["beslutning"])
    services.innkalling_send(mote=mote, notify=False)
    mote_services.mote_set_avholdt(mote=mote)
    services.referat_save(sak=sak, protokoll="Drøftet.", vedtak=vedtak)
    return mote


@pytest.fixture
def aaret(publisert):
    """SSU 29.02.24 (public, innkalling published; its referat approved in 28.11.24 and
    published, with a vedtak in the exempt sak); 28.11.24 (innkalling published, its referat a
    draft); 31.12.24 at 23:30 and 01.01.25 at 00:30 (not published)."""
    ssu = publisert.organ
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    unntatt = Sak.objects.get(mote=publisert, unntatt_offentlighet=True)
    services.referat_save(sak=apen, protokoll="Gjennomgått.", vedtak="Årsmeldingen godkjennes.")
    services.referat_save(sak=unntatt, protokoll="Drøftet.", vedtak="Hemmelig vedtak om ansatt.")
    mote_services.mote_set_avholdt(mote=publisert)
    november = _held(ssu, oslo(2024, 11, 28, 13), "Handlingsplan 2025", "Handlingsplanen vedtas.")
    mote_services.innkalling_publish(mote=november)
    services.referat_approve(referatsak=november.saker.get(referat_for=publisert))
    mote_services.referat_publish(mote=publisert)
    nyttaarsaften = _held(ssu, oslo(2024, 12, 31, 23, 30), "Sent møte", "Vedtak nyttårsaften.")
    nyttaarsdag = _held(ssu, oslo(2025, 1, 1, 0, 30), "Tidlig møte", "Vedtak i 2025.")
    return {
        "ssu": ssu,
        "moter": [publisert, november, nyttaarsaften],
        "neste_aar": nyttaarsdag,
    }


def test_the_report_holds_every_meeting_and_vedtak_of_its_year_and_no_other(sek, aaret):
    ssu = aaret["ssu"]
    tekst = _tekst(sek.get("/arsrapport/ssu/2024/"))
    for dato in ["29.02.24", "28.11.24", "31.12.24"]:
        assert dato in tekst, dato
    assert "01.01.25" not in tekst and "Vedtak i 2025." not in tekst
    fra, til = year_bounds(2024)
    vedtak = Sak.objects.filter(mote__organ=ssu, mote__start__gte=fra, mote__start__lt=til)
    vedtak = [v for v in vedtak.exclude(vedtak="").values_list("vedtak", flat=True)]
    assert len(vedtak) == 5  # with «Referatet godkjennes.» in the approval of 29.02.24
    for v in vedtak:
        assert v in tekst, v
    assert "I 2024 er det avholdt tre møter i SSU, og 13 saker er behandlet." in tekst
    # The exempt sak in full for those who run the body, marked.
    assert "Personalsak ved legevakten" in tekst and "Unntatt offentlighet, offl. § 13" in tekst
    # The headings of the seeds' annual reports, with the default texts.
    for overskrift in ["Innledning", "Om utvalget og mandatet", "Møter og saker", "Veien videre"]:
        assert overskrift in tekst
    assert "Saker i møte 29. februar 2024" in tekst
    neste = _tekst(sek.get("/arsrapport/ssu/2025/"))
    assert "01.01.25" in neste and "Vedtak i 2025." in neste
    assert "29.02.24" not in neste and "Årsmeldingen godkjennes." not in neste


def test_a_draft_is_for_those_who_run_the_body_and_the_public_reads_only_public_items(
    client, sek, aaret, ssu, sekretariat
):
    medlem = user_with_verv(ssu, "medlem")
    client.logout()
    assert client.get("/arsrapport/ssu/2024/").status_code == 404
    assert client.get("/arsrapport/ssu/2024/arsrapport.pdf").status_code == 404
    client.force_login(medlem)
    assert client.get("/arsrapport/ssu/2024/").status_code == 404
    assert Arsrapport.objects.count() == 0  # the secretariat's GETs wrote nothing either

    ar.arsrapport_publish(organ=ssu, aar=2024)
    tekst = _tekst(client.get("/arsrapport/ssu/2024/"))
    assert "Hemmelig vedtak om ansatt." in tekst  # a member reads the sent referat
    assert "Handlingsplanen vedtas." not in tekst  # a draft referat: not yet
    assert "Rediger tekstene" not in tekst and "Endringshistorikk" not in tekst
    client.logout()
    response = client.get("/arsrapport/ssu/2024/")
    tekst = _tekst(response)
    assert "Årsmeldingen godkjennes." in tekst  # a published referat
    assert "Unntatt offentlighet, offl. § 13" in tekst
    for hemmelig in [
        "Personalsak ved legevakten",
        "Hemmelig vedtak om ansatt",
        "Handlingsplanen vedtas.",  # the referat of 28.11.24 is not published
        "31.12.24",  # a meeting not published
        "Utkast",
    ]:
        assert hemmelig not in tekst, hemmelig
    assert "Handlingsplan 2025" in tekst  # its innkalling is published
    # Back to a draft: unknown again.
    ar.arsrapport_publish(organ=ssu, aar=2024, publisert=False)
    assert client.get("/arsrapport/ssu/2024/").status_code == 404
    assert "/arsrapport/ssu/2024/" not in client.get("/arsrapport/").content.decode()


def test_the_texts_are_saved_as_versions_with_their_history(sek, ssu):
    side = sek.get("/arsrapport/ssu/2024/rediger/")
    assert side.status_code == 200
    assert "Årsrapport 2024 Strategisk samarbeidsutvalg (SSU)" in side.content.decode()
    data = {f: "" for f in ar.TEKSTFELTER} | {"tittel": "Årsmelding 2024", "innledning": "Første"}
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302  # unchanged
    data["innledning"] = "Andre avsnitt.\n\n- et punkt <script>alert(1)</script>"
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302
    rapport = Arsrapport.objects.get(organ=ssu, aar=2024)
    assert rapport.history.count() == 2
    assert "<li>et punkt &lt;script&gt;" in rapport.innledning_html
    response = sek.get("/arsrapport/ssu/2024/")
    html, tekst = response.content.decode(), _tekst(response)
    assert "<script>alert" not in html
    assert "Versjon 2." in tekst and "Endringshistorikk" in tekst and "Tekst endret" in tekst
    assert "Veien videre" not in tekst  # a section emptied is left out
    assert sek.post("/arsrapport/ssu/2024/publiser/", {"handling": "publiser"}).status_code == 302
    assert Arsrapport.objects.get(pk=rapport.pk).publisert is not None
    assert rapport.history.first().history_change_reason == "Publisert"


def test_a_section_posted_back_with_crlf_line_breaks_is_no_new_version(sek, ssu):
    """A browser posts a textarea's line breaks as CRLF; the text is stored with LF, so saving
    the form again without touching a section records no new version, and changing one section
    records one version that changes only that section."""
    data = {f: "" for f in ar.TEKSTFELTER} | {
        "tittel": "Årsmelding 2024",
        "innledning": "Første avsnitt.\r\n\r\n- et punkt\r\n- et til",
        "veien_videre": "Videre.\r\nNeste linje.",
    }
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302
    rapport = Arsrapport.objects.get(organ=ssu, aar=2024)
    assert rapport.innledning == "Første avsnitt.\n\n- et punkt\n- et til"
    assert rapport.history.count() == 1
    # The form as the browser sends it back, untouched: CRLF again.
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302
    assert rapport.history.count() == 1
    data["veien_videre"] = "Videre.\r\nEndret linje."
    assert sek.post("/arsrapport/ssu/2024/rediger/", data).status_code == 302
    assert rapport.history.count() == 2
    forrige, siste = rapport.history.all()[1], rapport.history.first()
    assert siste.innledning == forrige.innledning
    assert siste.veien_videre == "Videre.\nEndret linje."


def test_bad_input_keeps_what_was_typed_and_says_why(sek, ssu):
    lang = "x" * (ARSRAPPORT_TEKST_MAX + 1)
    data = {f: "" for f in ar.TEKSTFELTER} | {
        "tittel": "T" * 301,
        "innledning": "Min tekst\x00 her",
        "veien_videre": lang,
    }
    response = sek.post("/arsrapport/ssu/2024/rediger/", data)
    assert response.status_code == 400
    tekst = _tekst(response)
    assert f"Teksten kan ikke være lengre enn {ARSRAPPORT_TEKST_MAX} tegn" in tekst
    assert "Tittelen kan ikke være lengre enn 300 tegn" in tekst
    assert "Min tekst her" in response.content.decode()  # kept, the NUL taken out
    assert Arsrapport.objects.count() == 0
    # The service refuses it too (the admin, a script).
    with pytest.raises(Exception, match="lengre enn"):
        ar.arsrapport_save(organ=ssu, aar=2024, veien_videre=lang)
    for url in [
        "/arsrapport/ssu/1999/",
        "/arsrapport/ssu/99999999999999999999/",
        "/arsrapport/ssu/2101/rediger/",
        "/arsrapport/finnes-ikke/2024/",
        "/arsrapport/ssu/0/arsrapport.pdf",
    ]:
        assert sek.get(url).status_code == 404, url
    assert sek.post("/arsrapport/ssu/3000/publiser/").status_code == 404
    assert sek.post("/arsrapport/ssu/3000/rediger/", data).status_code == 404
    assert Arsrapport.objects.count() == 0


def test_the_pdf_is_tagged_and_holds_the_meeting_dates(client, sek, aaret, tmp_path):
    cache.clear()
    response = sek.get("/arsrapport/ssu/2024/arsrapport.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    fil = tmp_path / "arsrapport.pdf"
    fil.write_bytes(response.content)
    tekst = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    for dato in ["29.02.24", "28.11.24", "31.12.24"]:
        assert dato in tekst, dato
    assert "Saker i møte 28. november 2024" in tekst and "Handlingsplanen vedtas." in tekst
    assert "Utkast" in tekst and "01.01.25" not in tekst
    pdf = PdfReader(io.BytesIO(response.content))
    rot = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in rot and rot["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in pdf.xmp_metadata.stream.get_data()
    assert pdf.metadata.title == "Årsrapport 2024 Strategisk samarbeidsutvalg (SSU)"
    # The same content: the same ETag, and 304 for a client that has it.
    tag = response["ETag"]
    igjen = sek.get("/arsrapport/ssu/2024/arsrapport.pdf", HTTP_IF_NONE_MATCH=tag)
    assert igjen.status_code == 304 and igjen["ETag"] == tag
    # The public edition for anonymous readers, once published: another file, kept by proxies.
    ar.arsrapport_publish(organ=aaret["ssu"], aar=2024)
    client.logout()
    offentlig = client.get("/arsrapport/ssu/2024/arsrapport.pdf")
    assert offentlig.status_code == 200 and offentlig["ETag"] != tag
    assert offentlig["Cache-Control"] == "public, no-cache"
    fil.write_bytes(offentlig.content)
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Personalsak" not in tekst and "Hemmelig vedtak" not in tekst
    assert "29.02.24" in tekst and "31.12.24" not in tekst


def test_the_list_filter_agrees_with_the_predicate(ssu, fsu, sekretariat):
    """``arsrapport_visible_q`` selects exactly what ``can_view_arsrapport`` allows."""
    from django.contrib.auth.models import AnonymousUser

    from handlingsplan import access
    from helsefellesskap.models import Verv

    ar.arsrapport_save(organ=ssu, aar=2024, tittel="SSU 2024")
    ar.arsrapport_publish(organ=ssu, aar=2024)
    ar.arsrapport_save(organ=ssu, aar=2025, tittel="SSU 2025")
    ar.arsrapport_save(organ=fsu, aar=2025, tittel="FSU 2025")
    fsu.offentlig = False
    fsu.save()
    ar.arsrapport_save(organ=fsu, aar=2024, tittel="FSU 2024")
    ar.arsrapport_publish(organ=fsu, aar=2024)
    brukere = [
        AnonymousUser(),
        sekretariat,
        user_with_verv(ssu, "medlem"),
        user_with_verv(fsu, "fsumedlem"),
        user_with_verv(ssu, "ssusekretar", rolle=Verv.Rolle.SEKRETARIAT),
        user_with_verv(fsu, "fsusekretar", rolle=Verv.Rolle.SEKRETARIAT),
    ]
    rapporter = list(Arsrapport.objects.select_related("organ"))
    for bruker in brukere:
        valgt = set(
            Arsrapport.objects.filter(access.arsrapport_visible_q(bruker)).values_list(
                "pk", flat=True
            )
        )
        ventet = {r.pk for r in rapporter if access.can_view_arsrapport(bruker, r)}
        assert valgt == ventet, bruker
    assert len({r.pk for r in rapporter if access.can_view_arsrapport(brukere[4], r)}) == 2


def test_a_published_report_of_a_body_that_is_not_public_is_for_its_members(client, fsu):
    fsu.offentlig = False
    fsu.save()
    ar.arsrapport_save(organ=fsu, aar=2024, tittel="Årsrapport FSU 2024")
    ar.arsrapport_publish(organ=fsu, aar=2024)
    url = f"/arsrapport/{fsu.slug}/2024/"
    assert client.get(url).status_code == 404
    assert client.get(url + "arsrapport.pdf").status_code == 404
    assert url not in client.get("/arsrapport/").content.decode()
    client.force_login(user_with_verv(fsu, "fsumedlem"))
    assert "Årsrapport FSU 2024" in client.get(url).content.decode()
