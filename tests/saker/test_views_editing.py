import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moter.models import Mote
from saker import services
from saker.models import Sak
from tests.factories import oslo
from tests.support.files import PDF

pytestmark = pytest.mark.django_db


def titler(mote):
    return [(s.saksnr, s.tittel) for s in Sak.objects.filter(mote=mote).order_by("rekkefolge")]


def test_secretariat_creates_a_meeting_with_standard_items(sek, ssu):
    response = sek.post(
        "/sekretariat/mote/ny/",
        {
            "organ": ssu.pk,
            "dato": "2026-12-10",
            "starttid": "13:00",
            "sluttid": "15:30",
            "sted": "Big Room SiV",
            "offentlig": "on",
        },
    )
    mote = Mote.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mote/{mote.pk}/saksliste/"
    assert mote.til == "SSUs faste medlemmer"
    assert [t for _, t in titler(mote)] == [
        "Godkjenning av innkalling og dagsorden",
        "Referat fra forrige møte",
        "Eventuelt",
    ]


def test_meeting_form_errors_are_norwegian_and_keep_the_input(sek, ssu):
    response = sek.post(
        "/sekretariat/mote/ny/",
        {
            "organ": ssu.pk,
            "dato": "2026-12-10",
            "starttid": "15:00",
            "sluttid": "13:00",
            "sted": "Et sted jeg skrev",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sluttid må være etter starttid." in html
    assert 'value="Et sted jeg skrev"' in html
    assert Mote.objects.count() == 0


def test_add_lines_reorder_and_remove_without_javascript(sek, utkast):
    sek.post(
        f"/mote/{utkast.pk}/saksliste/",
        {"tittel": "Strategi", "type": "sak", "sakstype": "beslutning"},
    )
    sek.post(f"/mote/{utkast.pk}/saksliste/", {"tittel": "Pause", "type": "pause"})
    assert titler(utkast)[2:] == [("2026.3", "Strategi"), ("", "Pause"), ("", "Eventuelt")]
    strategy = Sak.objects.get(tittel="Strategi")
    response = sek.post(f"/sak/{strategy.pk}/flytt/", {"retning": "opp"})
    assert response.status_code == 302
    assert titler(utkast)[1:3] == [("2026.2", "Strategi"), ("2026.3", "Referat fra forrige møte")]
    sek.post(f"/sak/{strategy.pk}/fjern/")
    assert "Strategi" not in [t for _, t in titler(utkast)]


def test_htmx_requests_get_the_list_partial(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/", {"tittel": "Ny sak", "type": "sak"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="saksliste"')
    assert "Ny sak" in html and "<html" not in html


def test_drag_and_drop_order_is_saved(sek, utkast):
    ids = [s.pk for s in Sak.objects.filter(mote=utkast).order_by("rekkefolge")]
    sek.post(
        f"/mote/{utkast.pk}/saksliste/sorter/",
        {"ids": json.dumps(list(reversed(ids)))},
        HTTP_HX_REQUEST="true",
    )
    assert [t for _, t in titler(utkast)][0] == "Eventuelt"


def test_stale_order_is_refused_with_a_message(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/sorter/", {"ids": "[1, 2]"}, HTTP_HX_REQUEST="true"
    )
    assert "Sakslisten er endret av noen andre" in response.content.decode()


def test_wrong_file_type_gets_a_message_and_keeps_the_rest_of_the_form(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Evaluering av delavtale",
            "sakstyper": ["beslutning", "diskusjon"],
            "hensikt": "Tekst jeg brukte lang tid på.",
            "ansvar": "Erik Nordberg\nKPA",
            "vedlegg_tittel": "Rapport",
            "vedlegg_fil": SimpleUploadedFile("rapport.pdf", b"<html>ikke pdf</html>"),
            "vedlegg_offentlig": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filtypen er ikke tillatt" in html
    assert 'id="id_vedlegg_fil_feil"' in html
    assert 'value="Evaluering av delavtale"' in html
    assert "Tekst jeg brukte lang tid på." in html
    assert "Erik Nordberg\nKPA" in html
    assert re.search(r'<input[^>]*value="diskusjon"[^>]*checked', html)
    assert not Sak.objects.filter(tittel="Evaluering av delavtale").exists()


def test_pdf_named_docx_is_refused(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "X",
            "vedlegg_fil": SimpleUploadedFile("notat.docx", PDF),
        },
    )
    assert "Filnavnet slutter på .docx, men innholdet er PDF" in response.content.decode()


def test_upload_a_vedlegg_with_a_new_sak(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Årsrapport",
            "sakstyper": ["orientering"],
            "vedlegg_fil": SimpleUploadedFile("årsrapport.pdf", PDF),
            "vedlegg_offentlig": "on",
        },
    )
    assert response.status_code == 302
    sak = Sak.objects.get(tittel="Årsrapport")
    v = sak.vedlegg.get()
    assert (v.tittel, v.innholdstype, v.offentlig) == ("årsrapport", "application/pdf", True)


def test_exempt_sak_requires_a_hjemmel(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/", {"tittel": "Hemmelig", "unntatt_offentlighet": "on"}
    )
    assert "Oppgi hjemmel når saken er unntatt offentlighet." in response.content.decode()


def test_send_and_publish(sek, utkast, ssu, medlem, smtp, django_capture_on_commit_callbacks):
    medlem.person.epost = "medlem@example.no"
    medlem.person.save()
    response = sek.get(f"/mote/{utkast.pk}/send/")
    assert "Sakslisten har ingen saker utenom «Eventuelt»." not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = sek.post(f"/mote/{utkast.pk}/send/")
    assert response.status_code == 302
    utkast.refresh_from_db()
    assert utkast.status == Mote.Status.INNKALT
    assert [d.mottakere for d in smtp.delivered] == [["medlem@example.no"]]
    assert smtp.delivered[0].subject.startswith("Innkalling")

    html = sek.get(f"/mote/{utkast.pk}/publiser/").content.decode()
    assert "Dette får allmennheten" in html
    sek.post(f"/mote/{utkast.pk}/publiser/", {"handling": "publiser"})
    utkast.refresh_from_db()
    assert utkast.innkalling_publisert is not None
    sek.logout()
    assert sek.get(f"/mote/{utkast.pk}/").status_code == 200


def test_publication_check_lists_what_is_withheld(sek, mote):
    html = sek.get(f"/mote/{mote.pk}/publiser/").content.decode()
    assert "vises som «Unntatt offentlighet, offl. § 13»" in html
    assert "«Intern merknad»" in html


def test_moteplan_creates_the_years_meetings(sek, ssu):
    response = sek.post(
        "/organ/ssu/moteplan/",
        {
            "aar": 2027,
            "datoer": "SSU 2/5, 5/9, 7/11",
            "starttid": "13:00",
            "sluttid": "15:30",
            "sted": "SiV",
        },
    )
    assert response.status_code == 302
    datoer = [m.start.astimezone().strftime("%d.%m.%Y") for m in Mote.objects.order_by("start")]
    assert datoer == ["02.05.2027", "05.09.2027", "07.11.2027"]
    assert Sak.objects.filter(tittel="Eventuelt").count() == 3


def test_moteplan_without_a_place_says_so_at_the_field(sek, ssu):
    response = sek.post("/organ/ssu/moteplan/", {"aar": 2027, "datoer": "2/5", "starttid": "13:00"})
    assert response.status_code == 200
    assert response.context["form"].errors["sted"] == [
        "Fyll ut møtested eller lenke til digitalt møte."
    ]
    assert Mote.objects.count() == 0


def test_moteplan_with_a_bad_date_names_it(sek, ssu):
    response = sek.post(
        "/organ/ssu/moteplan/",
        {
            "aar": 2027,
            "datoer": "2/5, 31/2",
            "starttid": "13:00",
        },
    )
    assert "«31/2» finnes ikke i kalenderen" in response.content.decode()
    assert Mote.objects.count() == 0


def test_import_form_reports_errors_with_paths(sek, ssu):
    response = sek.post(
        "/sekretariat/import/",
        {
            "fil": SimpleUploadedFile(
                "m.json",
                json.dumps(
                    {
                        "format": "mote/1",
                        "organ": "SSU",
                        "start": "2024-02-29T13:00:00+01:00",
                        "saker": [{"tittel": "X", "sakstyper": ["feil"]}],
                    }
                ).encode(),
            ),
        },
    )
    html = response.content.decode()
    assert "Filen ble ikke importert. Ingenting er endret." in html
    assert "<code>$.saker[0].sakstyper[0]</code>" in html
    assert Mote.objects.count() == 0


def test_import_form_imports(sek, ssu):
    from pathlib import Path

    data = (Path(__file__).parent.parent / "data" / "ssu-2024-02-29-innkalling.json").read_bytes()
    response = sek.post("/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", data)})
    mote = Mote.objects.get()
    assert response["Location"] == f"/mote/{mote.pk}/"


def test_cancel_a_meeting(sek, utkast):
    response = sek.post(f"/mote/{utkast.pk}/avlys/", {"begrunnelse": "For få saker"})
    assert response.status_code == 302
    utkast.refresh_from_db()
    assert utkast.status == Mote.Status.AVLYST
    html = sek.get(f"/mote/{utkast.pk}/").content.decode()
    assert "Møtet er avlyst." in html
    # A cancelled meeting's agenda no longer changes.
    response = sek.post(f"/mote/{utkast.pk}/saksliste/", {"tittel": "For sent", "type": "sak"})
    assert "Sakslisten kan ikke endres: møtet er avlyst." in response.content.decode()


def test_moving_a_sent_meeting_keeps_the_old_time(sek, utkast):
    services.innkalling_send(mote=utkast, notify=False)
    response = sek.post(
        f"/mote/{utkast.pk}/rediger/",
        {
            "dato": "2026-12-17",
            "starttid": "13:00",
            "sluttid": "15:00",
            "sted": "Tønsberg",
            "offentlig": "on",
        },
    )
    assert response.status_code == 302
    utkast.refresh_from_db()
    assert utkast.flyttet_fra == oslo(2026, 12, 10, 13)
    assert "Flyttet fra 10.12.26 kl. 13.00" in sek.get(f"/mote/{utkast.pk}/").content.decode()


def test_referat_item_points_at_the_previous_meeting(ssu, utkast):
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2027, 2, 4, 13), sted="SiV"
    )
    referat = neste.saker.get(sakstyper=["referatsak"])
    assert referat.referat_for == utkast
    assert referat.tittel == "Referat SSU 10.12.26"


def test_second_editor_is_told_and_keeps_the_input(client, sekretariat, utkast):
    from django.test import Client

    from tests.factories import SekretariatUserFactory

    sak = utkast.saker.get(tittel="Godkjenning av innkalling og dagsorden")
    a, b = Client(), Client()
    a.force_login(sekretariat)
    b.force_login(SekretariatUserFactory(username="kollega"))
    # Both open the form.
    form_a = a.get(f"/sak/{sak.pk}/rediger/").context["form"]
    form_b = b.get(f"/sak/{sak.pk}/rediger/").context["form"]
    common = {"sakstyper": ["godkjenning"], "vedlegg_offentlig": "on"}
    response = a.post(
        f"/sak/{sak.pk}/rediger/",
        {
            **common,
            "tittel": "Godkjenning av innkalling og saksliste",
            "sist_sett": form_a.initial["sist_sett"],
        },
    )
    assert response.status_code == 302
    response = b.post(
        f"/sak/{sak.pk}/rediger/",
        {
            **common,
            "tittel": "Min egen tittel",
            "hensikt": "Tekst B skrev",
            "sist_sett": form_b.initial["sist_sett"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "lagret saken kl." in html and "mens du redigerte den" in html
    assert 'value="Min egen tittel"' in html and "Tekst B skrev" in html
    sak.refresh_from_db()
    assert sak.tittel == "Godkjenning av innkalling og saksliste"  # A's save is not lost
    # Saving again is a deliberate overwrite.
    new_last_set = response.context["form"].data["sist_sett"]
    b.post(
        f"/sak/{sak.pk}/rediger/",
        {
            **common,
            "tittel": "Min egen tittel",
            "sist_sett": new_last_set,
        },
    )
    sak.refresh_from_db()
    assert sak.tittel == "Min egen tittel"


def test_overlapping_meeting_of_the_same_body_gets_a_warning(sek, utkast, ssu):
    response = sek.post(
        "/sekretariat/mote/ny/",
        {
            "organ": ssu.pk,
            "dato": "2026-12-10",
            "starttid": "14:00",
            "sluttid": "16:00",
            "sted": "Tønsberg",
            "offentlig": "on",
        },
        follow=True,
    )
    assert "har et annet møte som overlapper" in response.content.decode()


@pytest.mark.parametrize(
    "navn",
    ["a" * 240 + ".pdf", "Referat fra møtet i styringsgruppen for økonomi og ø" * 4 + ".pdf"],
)
def test_a_too_long_file_name_gets_a_message_at_the_field(sek, utkast, navn):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Budsjett 2027",
            "sakstyper": ["beslutning"],
            "hensikt": "Tekst jeg brukte lang tid på.",
            "vedlegg_fil": SimpleUploadedFile(navn, PDF),
            "vedlegg_offentlig": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    feil = re.search(r'id="id_vedlegg_fil_feil">([^<]*)<', html)
    assert feil and feil.group(1).startswith("Filnavnet er for langt")
    assert 'value="Budsjett 2027"' in html and "Tekst jeg brukte lang tid på." in html
    assert not Sak.objects.filter(tittel="Budsjett 2027").exists()


def test_a_long_name_of_many_bytes_is_stored_shortened_with_its_ending(sek, utkast):
    # Under the limit in characters, over the file system's 255 bytes («ø» is two).
    navn = "ø" * 140 + ".pdf"
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Lang",
            "sakstyper": ["orientering"],
            "vedlegg_fil": SimpleUploadedFile(navn, PDF),
        },
    )
    assert response.status_code == 302
    vedlegg = Sak.objects.get(tittel="Lang").vedlegg.get()
    assert vedlegg.tittel == "ø" * 140
    assert vedlegg.fil.name.endswith(".pdf") and len(vedlegg.fil.name.encode()) < 255
    assert vedlegg.fil.read() == PDF


def test_a_reorder_is_in_the_history_of_the_sak_with_who(sek, sekretariat, utkast):
    from tests.factories import PersonFactory

    PersonFactory(bruker=sekretariat, navn="Siri Sekretær")
    godkjenning, referat, eventuelt = Sak.objects.filter(mote=utkast).order_by("rekkefolge")
    assert (godkjenning.saksnr, referat.saksnr) == ("2026.1", "2026.2")
    sek.post(
        f"/mote/{utkast.pk}/saksliste/sorter/",
        {"ids": json.dumps([referat.pk, godkjenning.pk, eventuelt.pk])},
        HTTP_HX_REQUEST="true",
    )
    html = sek.get(f"/sak/{godkjenning.pk}/").content.decode()
    historikk = html[html.index('id="historikk-tittel"') :]
    assert re.search(r"<strong>Nytt saksnummer</strong> av Siri Sekretær", historikk)
    assert re.search(r"Saksnr\.</th><td><del>2026\.1</del></td><td><ins>2026\.2</ins>", historikk)
    assert "<strong>Ny rekkefølge i sakslisten</strong> av Siri Sekretær" in historikk
    # Only the final numbers are recorded, not the cleared state in between.
    assert "<ins>–</ins>" not in historikk
    # A move with the keyboard is recorded too.
    new_number = godkjenning.history.filter(history_change_reason="Nytt saksnummer")
    for_ = new_number.count()
    sek.post(f"/sak/{godkjenning.pk}/flytt/", {"retning": "opp"}, HTTP_HX_REQUEST="true")
    assert new_number.count() == for_ + 1
    assert new_number.latest("history_date").saksnr == "2026.1"


def test_a_new_vedlegg_of_an_exempt_sak_starts_as_not_public(sek, utkast):
    aapen = Sak.objects.create(mote=utkast, organ=utkast.organ, tittel="Åpen sak")
    lukket = Sak.objects.create(
        mote=utkast,
        organ=utkast.organ,
        tittel="Lukket sak",
        unntatt_offentlighet=True,
        hjemmel="Offl. § 14",
    )

    def avkrysset(sak: Sak) -> bool:
        html = sek.get(f"/sak/{sak.pk}/rediger/").content.decode()
        felt = re.search(r'<input[^>]*name="vedlegg_offentlig"[^>]*>', html)
        assert felt is not None
        return "checked" in felt.group(0)

    assert avkrysset(aapen)
    assert not avkrysset(lukket)
