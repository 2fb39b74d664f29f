import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saker import services
from saker.models import Sak, Vedlegg

pytestmark = pytest.mark.django_db


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_reads_the_published_innkalling_with_exempt_sak_screened(client, publisert):
    html = client.get(f"/mote/{publisert.pk}/").content.decode()
    assert "Årsmelding 2023" in html
    assert "Utkast til årsmelding legges frem." in html
    assert "Unntatt offentlighet, offl. § 13" in html
    assert "Personalsak" not in html
    assert "Hemmelig innhold" not in html
    assert "Intern merknad" not in html
    assert "Årsmelding utkast" in html
    assert "Offentlig utgave" in html


def test_member_reads_everything_of_a_sent_meeting(client, mote, medlem):
    html = login(client, medlem).get(f"/mote/{mote.pk}/").content.decode()
    assert "Personalsak ved legevakten" in html
    assert "Intern merknad" in html
    assert "Medlemsutgave" in html


@pytest.mark.parametrize("who", ["anonym", "annet_medlem"])
def test_unpublished_meeting_is_not_found_for_outsiders(client, mote, who, annet_medlem):
    login(client, annet_medlem if who == "annet_medlem" else None)
    assert client.get(f"/mote/{mote.pk}/").status_code == 404


def test_draft_is_hidden_from_members(client, ssu, medlem):
    from tests.factories import oslo

    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    assert login(client, medlem).get(f"/mote/{utkast.pk}/").status_code == 404


def test_exempt_sak_page_shows_only_number_and_hjemmel_to_the_public(client, publisert):
    sak = publisert.saker.get(unntatt_offentlighet=True)
    html = client.get(f"/sak/{sak.pk}/").content.decode()
    assert sak.saksnr in html
    assert "Unntatt offentlighet, offl. § 13" in html
    assert "Personalsak" not in html and "Hemmelig" not in html


def test_screened_public_title_replaces_the_hjemmel_line(client, publisert):
    sak = publisert.saker.get(unntatt_offentlighet=True)
    Sak.objects.filter(pk=sak.pk).update(offentlig_tittel="Sak om bemanning")
    html = client.get(f"/mote/{publisert.pk}/").content.decode()
    assert "Sak om bemanning" in html and "Personalsak" not in html


def test_non_public_vedlegg_never_downloads_for_the_public(client, publisert, vedlegg, medlem):
    intern = vedlegg["Intern merknad"]
    assert client.get(f"/vedlegg/{intern.pk}/").status_code == 404
    response = client.get(f"/vedlegg/{vedlegg['Årsmelding utkast'].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(client, medlem).get(f"/vedlegg/{intern.pk}/").status_code == 200


def test_a_public_vedlegg_is_revalidated_so_one_made_internal_is_gone_at_once(
    client, publisert, vedlegg
):
    aapen = vedlegg["Årsmelding utkast"]
    response = client.get(f"/vedlegg/{aapen.pk}/")
    assert response["Cache-Control"] == "public, no-cache"
    etag = response["ETag"]
    igjen = client.get(f"/vedlegg/{aapen.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert igjen.status_code == 304 and igjen["ETag"] == etag
    Vedlegg.objects.filter(pk=aapen.pk).update(offentlig=False)
    assert client.get(f"/vedlegg/{aapen.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_vedlegg_of_exempt_sak_is_hidden_from_the_public(client, publisert):
    sak = publisert.saker.get(unntatt_offentlighet=True)
    from django.core.files.base import ContentFile

    from tests.support.files import PDF

    v = services.vedlegg_add(sak=sak, tittel="Notat", fil=ContentFile(PDF, name="n.pdf"))
    assert client.get(f"/vedlegg/{v.pk}/").status_code == 404


def test_sak_history_is_shown_to_the_secretariat_only(client, publisert, sekretariat, medlem):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, tittel="Årsmelding 2023 for Helsefellesskapet")
    assert "Endringshistorikk" not in login(client, medlem).get(f"/sak/{sak.pk}/").content.decode()
    html = login(client, sekretariat).get(f"/sak/{sak.pk}/").content.decode()
    assert "Endringshistorikk" in html
    assert "<del>Årsmelding 2023</del>" in html
    assert "<ins>Årsmelding 2023 for Helsefellesskapet</ins>" in html


def test_body_page_lists_published_meetings_by_year(client, publisert, ssu):
    """The møteplan shows one year at a time (?aar=)."""
    html = client.get("/organ/ssu/?aar=2024").content.decode()
    assert "Møteplan 2024" in html
    assert f'href="/mote/{publisert.pk}/"' in html
    assert "29. februar 2024" in html


def _build_saker(mote, count):
    from django.core.files.base import ContentFile

    from tests.support.files import PDF

    for i in range(count):
        sak = services.sak_create(
            organ=mote.organ,
            mote=mote,
            tittel=f"Sak {i}",
            sakstyper=["orientering"],
            ansvar=[f"Person {i}", "KPA"],
        )
        for j in range(2):
            services.vedlegg_add(
                sak=sak, tittel=f"V{j}", fil=ContentFile(PDF, name=f"v{i}-{j}.pdf")
            )


@pytest.mark.parametrize("url", ["/mote/{pk}/", "/mote/{pk}/saksliste/"])
def test_query_count_does_not_grow_with_saker_and_vedlegg(client, ssu, sekretariat, url):
    from tests.factories import oslo

    login(client, sekretariat)
    # The site's settings are cached under the master-data version: read once, by the first page.
    client.get("/")
    tall = []
    for n, start in [(5, oslo(2024, 3, 1, 9)), (50, oslo(2024, 4, 1, 9))]:
        mote = services.mote_create_with_standard_items(organ=ssu, start=start, sted="SiV")
        _build_saker(mote, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url.format(pk=mote.pk)).status_code == 200
        tall.append(len(ctx.captured_queries))
    assert tall[0] == tall[1], tall


# --- Members by date: helsefellesskap.access.can_read_members_edition -------------------------


def _medlem(organ, navn, fra, til=None):
    from tests.factories import user_with_verv

    return user_with_verv(organ, navn, fra=fra, til=til)


def _sendt(organ, start, tittel):
    from saker.services import innkalling_send, mote_create_with_standard_items

    m = mote_create_with_standard_items(organ=organ, start=start, sted="SiV", tittel=tittel)
    innkalling_send(mote=m, notify=False)
    return m


def test_an_ex_member_reads_the_meetings_of_their_period_and_nothing_later(client, mote, ssu):
    import datetime

    from tests.factories import oslo

    later = _sendt(ssu, oslo(2026, 5, 23, 13), "Møte etter perioden")
    tidligere = _medlem(ssu, "tidligere", datetime.date(2020, 1, 1), datetime.date(2025, 12, 31))
    client.force_login(tidligere)
    html = client.get(f"/mote/{mote.pk}/").content.decode()
    assert "Personalsak ved legevakten" in html  # the members' edition of 29.02.24
    assert client.get(f"/mote/{later.pk}/").status_code == 404
    html = client.get("/organ/ssu/?aar=2024").content.decode()
    assert f'href="/mote/{mote.pk}/"' in html
    html = client.get("/organ/ssu/?aar=2026").content.decode()
    assert "Møte etter perioden" not in html and f'href="/mote/{later.pk}/"' not in html


def test_a_future_member_reads_only_the_meetings_of_their_period(client, mote, ssu):
    import datetime

    from helsefellesskap.models import today
    from tests.factories import oslo

    next_aar = today().year + 1
    i_perioden = _sendt(ssu, oslo(next_aar, 1, 20, 13), "Første møte i perioden")
    client.force_login(_medlem(ssu, "fremtidig", datetime.date(next_aar, 1, 1)))
    assert client.get(f"/mote/{mote.pk}/").status_code == 404
    assert client.get(f"/mote/{i_perioden.pk}/").status_code == 200  # summoned to it
    html = client.get(f"/organ/ssu/?aar={next_aar}").content.decode()
    assert "Første møte i perioden" in html
    assert f'href="/mote/{mote.pk}/"' not in client.get("/organ/ssu/?aar=2024").content.decode()


def test_a_verv_that_ends_today_gives_no_access_tomorrow_without_a_write(
    client, mote, ssu, monkeypatch
):
    import datetime

    from django.utils import timezone

    from helsefellesskap.models import today

    idag_ = today()
    client.force_login(_medlem(ssu, "slutter", datetime.date(2025, 1, 1), idag_))
    assert "Personalsak ved legevakten" in client.get(f"/mote/{mote.pk}/").content.decode()
    assert f'href="/mote/{mote.pk}/"' in client.get("/organ/ssu/?aar=2024").content.decode()
    # Tomorrow, with the pages cache as it is (nothing was written).
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: idag_ + datetime.timedelta(days=1))
    assert client.get(f"/mote/{mote.pk}/").status_code == 404
    assert f'href="/mote/{mote.pk}/"' not in client.get("/organ/ssu/?aar=2024").content.decode()
