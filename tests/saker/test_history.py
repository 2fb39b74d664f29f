"""The history pages: a meeting's history for the secretariat, read in a fixed number of
queries."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moter import services as mote_services
from moter.models import Deltaker
from saker import services
from tests.factories import PersonFactory
from tests.support.files import PDF

pytestmark = pytest.mark.django_db


def test_meeting_history_shows_fields_attendance_vedlegg_and_who(sek, sekretariat, utkast):
    PersonFactory(bruker=sekretariat, navn="Siri Sekretær")
    response = sek.post(
        f"/mote/{utkast.pk}/rediger/",
        {
            "dato": "2026-12-17",
            "starttid": "13:00",
            "sluttid": "15:00",
            "sted": "Larvik",
            "offentlig": "on",
        },
    )
    assert response.status_code == 302
    sak = utkast.saker.first()
    vedlegg = services.vedlegg_add(
        sak=sak, tittel="Budsjettnotat", fil=ContentFile(PDF, name="budsjett.pdf")
    )
    services.vedlegg_delete(vedlegg=vedlegg)
    gjest = mote_services.gjest_add(mote=utkast, navn="Gunnar Gjest")
    mote_services.oppmote_set(deltaker=gjest, oppmote=Deltaker.Oppmote.FORFALL)

    html = sek.get(f"/mote/{utkast.pk}/").content.decode()
    assert f'href="/mote/{utkast.pk}/historikk/"' in html
    html = sek.get(f"/mote/{utkast.pk}/historikk/").content.decode()
    assert "Møtet: <strong>Endret</strong> av Siri Sekretær" in html
    assert '<th scope="row">Møtested</th><td><del>Tønsberg</del></td><td><ins>Larvik</ins>' in html
    assert "<del>10.12.26 kl. 13.00</del></td><td><ins>17.12.26 kl. 13.00</ins>" in html
    assert "Vedlegg «Budsjettnotat» til" in html and "<strong>Slettet</strong>" in html
    assert "Deltaker Gunnar Gjest: <strong>Lagt til</strong>" in html
    assert "<del>Til stede</del></td><td><ins>Frafall</ins>" in html


def test_meeting_history_shows_the_locked_referat_versions(sek, mote):
    mote_services.mote_set_avholdt(mote=mote)
    neste = services.mote_create_with_standard_items(
        organ=mote.organ, start=mote.start.replace(year=2024, month=5), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=mote), bekreftet=True)
    html = sek.get(f"/mote/{mote.pk}/historikk/").content.decode()
    assert "<strong>Referatet låst som versjon 1</strong>" in html


def _fill(mote, fra: int, til: int) -> None:
    sak = mote.saker.first()
    for i in range(fra, til):
        gjest = mote_services.gjest_add(mote=mote, navn=f"Gjest {i}")
        mote_services.oppmote_set(
            deltaker=gjest,
            oppmote=Deltaker.Oppmote.TILSTEDE,
            moter_for=PersonFactory(navn=f"Vara {i}"),
        )
        vedlegg = services.vedlegg_add(
            sak=sak, tittel=f"Vedlegg {i}", fil=ContentFile(PDF, name=f"v{i}.pdf")
        )
        services.vedlegg_delete(vedlegg=vedlegg)


def test_meeting_history_reads_a_fixed_number_of_queries(sek, utkast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as sql:
            response = sek.get(f"/mote/{utkast.pk}/historikk/")
        assert response.status_code == 200
        return len(sql)

    _fill(utkast, 0, 5)
    five = queries()
    _fill(utkast, 5, 50)
    fifty = queries()
    assert "Vara 49" in sek.get(f"/mote/{utkast.pk}/historikk/").content.decode()
    assert fifty == five, (five, fifty)
    assert five <= 15
