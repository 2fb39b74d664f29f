"""The public mote/1 export (api/public.py ``public_export``) when the agenda changes while it
is made: its two reads (the full export and the public agenda) must describe the same agenda.
The change is made between the reads by the hook ``api.public.between_reads``, with the
services a secretariat's save would call; nothing else is replaced."""

import pytest

from api import public
from saker import services
from saker.models import Sak

pytestmark = pytest.mark.django_db


def _tilleggssak(publisert, tittel: str) -> Sak:
    return services.sak_create(
        organ=publisert.organ, mote=publisert, tittel=tittel, sakstyper=["orientering"]
    )


def test_an_agenda_changed_between_the_reads_is_read_again(client, publisert, monkeypatch):
    forsok = []

    def endre(n: int) -> None:
        forsok.append(n)
        if n == 0:
            _tilleggssak(publisert, "Tilleggssak under eksporten")

    monkeypatch.setattr(public, "between_reads", endre)
    response = client.get(f"/api/moter/{publisert.pk}/mote.json")
    assert response.status_code == 200
    assert forsok == [0, 1]  # the first try's reads disagreed, the second's agree
    titler = [s["tittel"] for s in response.json()["saker"]]
    assert "Tilleggssak under eksporten" in titler
    # Screened as before: the exempt sak by its screened title only.
    assert "Personalsak ved legevakten" not in response.content.decode()


def test_a_sak_made_exempt_between_the_reads_is_not_exported_in_full(
    client, publisert, monkeypatch
):
    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")

    def unnta(n: int) -> None:
        if n == 0:
            services.sak_update(sak=sak, unntatt_offentlighet=True, hjemmel="Offl. § 14")

    monkeypatch.setattr(public, "between_reads", unnta)
    data = client.get(f"/api/moter/{publisert.pk}/mote.json").json()
    rad = next(s for s in data["saker"] if s.get("saksnr") == sak.saksnr)
    assert rad == {
        "saksnr": sak.saksnr,
        "tittel": "Unntatt offentlighet, offl. § 14",
        "unntatt_offentlighet": True,
    }
    assert "Utkast til årsmelding" not in str(data)


def test_an_agenda_that_keeps_changing_answers_503_in_norwegian(client, publisert, monkeypatch):
    def endre(n: int) -> None:
        _tilleggssak(publisert, f"Tilleggssak {n}")

    monkeypatch.setattr(public, "between_reads", endre)
    response = client.get(f"/api/moter/{publisert.pk}/mote.json")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Sakslisten ble endret mens eksporten ble laget. Prøv igjen om litt."
    }
    assert response["Retry-After"] == "2"
    assert response["Cache-Control"] == "no-store"
    # Once the secretariat is done, the export answers.
    monkeypatch.setattr(public, "between_reads", None)
    assert client.get(f"/api/moter/{publisert.pk}/mote.json").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_both_reads_are_one_snapshot(client, monkeypatch):
    """Outside a transaction (as a request runs), the two reads share one REPEATABLE READ
    snapshot: a sak another connection commits between them is in neither, and no second try
    is needed."""
    import threading

    from django.db import connection
    from django.utils import timezone

    from moter.models import Mote
    from tests.factories import OrganFactory, oslo

    assert connection.vendor == "postgresql"  # the snapshot is PostgreSQL's (marker postgres)
    organ = OrganFactory(kortnavn="SNAP")
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2024, 3, 7, 13), sted="SiV"
    )
    services.sak_create(organ=organ, mote=mote, tittel="Sak før eksporten")
    Mote.objects.filter(pk=mote.pk).update(status="innkalt", innkalling_publisert=timezone.now())
    forsok = []

    def i_en_annen_forbindelse(n: int) -> None:
        forsok.append(n)

        def lagre() -> None:
            try:
                _tilleggssak(mote, "Lagret av en annen under eksporten")
            finally:
                from django.db import connection as egen

                egen.close()

        traad = threading.Thread(target=lagre)
        traad.start()
        traad.join()

    monkeypatch.setattr(public, "between_reads", i_en_annen_forbindelse)
    response = client.get(f"/api/moter/{mote.pk}/mote.json")
    assert response.status_code == 200
    assert forsok == [0]
    titler = [s["tittel"] for s in response.json()["saker"]]
    assert "Sak før eksporten" in titler
    assert "Lagret av en annen under eksporten" not in titler
    # It was saved: the next export has it.
    monkeypatch.setattr(public, "between_reads", None)
    assert (
        "Lagret av en annen under eksporten"
        in client.get(f"/api/moter/{mote.pk}/mote.json").content.decode()
    )
