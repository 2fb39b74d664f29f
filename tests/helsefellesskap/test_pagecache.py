"""The pages cache (helsefellesskap.pagecache): anonymous readers get published pages from the
cache, keyed by the versions of what they show, so a change to what a page shows makes it stale
at once however it was made, a change elsewhere leaves it cached, and nothing cached for one
audience reaches another."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsefellesskap import pagecache
from saker import services
from saker.models import Sak
from tests.factories import user_with_verv


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("navn", ["mote", "sak", "organ", "forside", "vedtak", "tilgjengelighet"])
def test_anonymous_readers_get_published_pages_from_the_cache(client, publisert, navn):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    url = {
        "mote": publisert.get_absolute_url(),
        "sak": sak.get_absolute_url(),
        "organ": publisert.organ.get_absolute_url(),
        "forside": reverse("forside"),
        "vedtak": reverse("vedtak"),
        "tilgjengelighet": reverse("tilgjengelighet"),
    }[navn]
    forste, queries = _queries(client, url)
    assert queries > 0
    second, queries = _queries(client, url)
    # Only the versions of what the page shows are read (the meeting's row, or the ids and
    # versions of the body's meetings, and the master data's): the page comes from the cache.
    assert queries <= 2
    assert second.content == forste.content
    assert second["ETag"] == forste["ETag"]
    assert second["Cache-Control"] == "public, no-cache"
    assert "Cookie" in second["Vary"]
    assert not second.cookies  # no CSRF or session cookie handed out with a shared page


def test_a_page_the_cache_misses_reads_its_versions_and_its_body_once(client, publisert):
    # The cache's key and the page are built from one reading of the versions (the body page
    # read them twice, and its body three times, before).
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(publisert.organ.get_absolute_url()).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("LEFT JOIN moter_mote m" in sql for sql in sqls) == 1
    organ_reads = [sql for sql in sqls if 'FROM "helsefellesskap_organ"' in sql]
    assert (
        sum(f'"helsefellesskap_organ"."id" = {publisert.organ.pk}' in sql for sql in organ_reads)
        == 1
    )


def test_a_change_is_on_the_public_page_at_once(client, publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    assert "Årsmelding 2023" in client.get(publisert.get_absolute_url()).content.decode()
    services.sak_update(sak=sak, tittel="Årsmelding 2023 (revidert)")
    assert "Årsmelding 2023 (revidert)" in client.get(publisert.get_absolute_url()).content.decode()


def test_a_bulk_update_makes_pages_stale_too(client, publisert):
    # QuerySet.update() sends no signals: the database's triggers raise the meeting's version.
    client.get(publisert.get_absolute_url())
    Sak.objects.filter(mote=publisert, tittel="Årsmelding 2023").update(tittel="Årsberetning")
    assert "Årsberetning" in client.get(publisert.get_absolute_url()).content.decode()


def test_members_never_get_the_public_page_and_the_public_never_the_members_edition(
    client, publisert, medlem
):
    url = publisert.get_absolute_url()
    offentlig = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" not in offentlig
    client.force_login(medlem)
    medlem_page = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" in medlem_page
    assert "Medlemsutgave" in medlem_page
    client.logout()
    # The members' edition of the agenda is now cached as a fragment; the public gets its own.
    again = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" not in again
    assert "Offentlig utgave" in again


def test_a_members_page_is_personal_around_the_cached_agenda(publisert, medlem, ssu):
    other = user_with_verv(ssu, "kari")
    first_client, second_client = Client(), Client(enforce_csrf_checks=True)
    first_client.force_login(medlem)
    second_client.force_login(other)
    forste = first_client.get(publisert.get_absolute_url()).content.decode()
    second = second_client.get(publisert.get_absolute_url()).content.decode()
    assert "Årsmelding 2023" in forste and "Årsmelding 2023" in second
    assert '<span class="topp__bruker">Medlem</span>' in forste
    assert '<span class="topp__bruker">Kari</span>' in second
    # The absence form carries the reader's own CSRF token, not one from the cache.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second).group(1)
    response = second_client.post(
        reverse("forfall", args=[publisert.pk]), {"merknad": "Syk", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert publisert.deltakere.filter(person__bruker=other, oppmote="forfall").exists()


def test_a_reader_with_a_pending_message_gets_a_fresh_page_with_it(client, publisert, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    url = publisert.get_absolute_url()
    client.get(url)  # cached
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.SUCCESS, "Du er logget ut.")]
    )
    assert "Du er logget ut." in client.get(url).content.decode()
    # Shown once: the next page comes from the cache again, without it.
    assert "Du er logget ut." not in client.get(url).content.decode()


def test_pages_work_when_the_cache_is_down(client, publisert, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    url = publisert.get_absolute_url()
    assert client.get(url).status_code == 200
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, tittel="Endret uten hurtigbuffer")
    assert "Endret uten hurtigbuffer" in client.get(url).content.decode()


def _version(mote) -> int:
    return type(mote).objects.filter(pk=mote.pk).values_list("versjon", flat=True).get()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_meetings_version_changes_when_the_transaction_commits_and_not_before(ssu):
    from moter.models import Mote
    from tests.factories import oslo

    mote = Mote.objects.create(organ=ssu, start=oslo(2024, 3, 1, 9), slutt=oslo(2024, 3, 1, 10))
    sak = Sak.objects.create(organ=ssu, mote=mote, tittel="Før")
    before = _version(mote)
    with transaction.atomic():
        Sak.objects.filter(pk=sak.pk).update(tittel="Under")
        # Another connection (a reader) still sees the committed version: what it caches
        # under it is the committed data.
        assert _versjon_fra_en_annen_tilkobling(mote) == before
    after = _version(mote)
    assert after > before

    with pytest.raises(RuntimeError), transaction.atomic():
        Sak.objects.filter(pk=sak.pk).update(tittel="Rullet tilbake")
        raise RuntimeError
    assert _version(mote) == after  # nothing changed


def _versjon_fra_en_annen_tilkobling(mote) -> int:
    import threading

    from django.db import connections

    response = []

    def les():
        try:
            response.append(_version(mote))
        finally:
            connections.close_all()

    thread = threading.Thread(target=les)
    thread.start()
    thread.join()
    return response[0]


@pytest.mark.django_db(transaction=True)
def test_a_login_changes_no_version(client, medlem, ssu):
    from helsefellesskap.models import Dataversjon

    grunndata = Dataversjon.objects.get(navn="grunndata").verdi
    client.force_login(medlem)
    client.get(reverse("forside"))
    client.logout()
    # A failed login is recorded (django-axes) and changes no page either.
    client.post(reverse("login"), {"username": medlem.username, "password": "feil"})
    assert Dataversjon.objects.get(navn="grunndata").verdi == grunndata


def test_the_cached_agenda_editor_carries_each_editors_own_csrf_token(mote):
    from tests.factories import SekretariatUserFactory

    forste, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    forste.force_login(SekretariatUserFactory(username="anne"))
    second.force_login(SekretariatUserFactory(username="bjorn"))
    url = reverse("saksliste", args=[mote.pk])
    forste.get(url)  # the editor is now cached
    with CaptureQueriesContext(connection) as ctx:
        side = second.get(url).content.decode()
    assert len(ctx.captured_queries) <= 6  # session, user, meeting: the agenda from the cache
    assert pagecache._csrf_placeholder() not in side
    sak = mote.saker.get(tittel="Personalsak ved legevakten")
    rekkefolge = sak.rekkefolge
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side).group(1)
    response = second.post(
        reverse("sak-flytt", args=[sak.pk]), {"retning": "opp", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    sak.refresh_from_db()
    assert sak.rekkefolge < rekkefolge
    # The editor shows the new order at once.
    side = second.get(url).content.decode()
    assert side.index("Personalsak ved legevakten") < side.index("Årsmelding 2023")


def test_a_role_taken_away_takes_effect_at_once(client, mote, sekretariat, medlem):
    url = reverse("saksliste", args=[mote.pk])
    client.force_login(sekretariat)
    assert client.get(url).status_code == 200  # access, user and editor now cached
    sekretariat.groups.clear()
    assert client.get(url).status_code in (302, 403)

    client.force_login(medlem)
    assert "Hemmelig innhold om en ansatt" in client.get(mote.get_absolute_url()).content.decode()
    medlem.person.verv.all().delete()
    side = client.get(mote.get_absolute_url())
    assert "Hemmelig innhold om en ansatt" not in side.content.decode()


def test_a_deactivated_user_is_logged_out_at_once(client, publisert, medlem):
    client.force_login(medlem)
    assert "Medlemsutgave" in client.get(publisert.get_absolute_url()).content.decode()
    medlem.is_active = False
    medlem.save()
    side = client.get(publisert.get_absolute_url()).content.decode()
    assert "Medlemsutgave" not in side and "Logg inn" in side


# --- Keys by version: a write elsewhere leaves a page cached, any write to it makes it stale ------


@pytest.fixture
def other_mote(ssu):
    from tests.factories import oslo

    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 4, 11, 9), slutt=oslo(2024, 4, 11, 11), sted="SiV"
    )
    services.sak_create(organ=ssu, mote=mote, tittel="Sak i et annet møte")
    return mote


def test_a_write_elsewhere_leaves_the_meeting_page_cached(client, publisert, other_mote, medlem):
    url = publisert.get_absolute_url()
    forste, _ = _queries(client, url)
    other = other_mote.saker.get(tittel="Sak i et annet møte")
    services.sak_update(sak=other, tittel="En referent skriver")  # another meeting's sak
    Sak.objects.filter(pk=other.pk).update(hensikt="Lagret automatisk")
    second, queries = _queries(client, url)
    assert queries <= 1 and second.content == forste.content
    assert second["ETag"] == forste["ETag"]

    # The members' agenda is a cached fragment under the same versions.
    client.force_login(medlem)
    _queries(client, url)
    services.sak_update(sak=other, tittel="Skriver videre")
    with CaptureQueriesContext(connection) as ctx:
        side = client.get(url).content.decode()
    assert "Årsmelding 2023" in side
    assert not any("saker_vedlegg" in q["sql"] for q in ctx.captured_queries)


def _side(client, url) -> str:
    return client.get(url).content.decode()


def test_raw_sql_makes_the_page_stale(client, publisert):
    url = publisert.get_absolute_url()
    assert "Årsmelding 2023" in _side(client, url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE saker_sak SET unntatt_offentlighet = %s, hensikt = %s WHERE tittel = %s",
            [True, "Nå unntatt", "Årsmelding 2023"],
        )
    side = _side(client, url)
    assert "Utkast til årsmelding legges frem." not in side
    assert "Årsmelding utkast" not in side  # its public vedlegg goes with it


def test_a_deleted_vedlegg_is_gone_from_the_cached_pages(client, publisert):
    from saker.models import Vedlegg

    sak = publisert.saker.get(tittel="Årsmelding 2023")
    for url in (publisert.get_absolute_url(), sak.get_absolute_url()):
        assert "Årsmelding utkast" in _side(client, url)
    Vedlegg.objects.filter(sak=sak, tittel="Årsmelding utkast").delete()
    for url in (publisert.get_absolute_url(), sak.get_absolute_url()):
        assert "Årsmelding utkast" not in _side(client, url)


def test_an_unpublished_meeting_is_never_served_from_the_cache(client, publisert):
    from moter.models import Mote

    sak = publisert.saker.get(tittel="Årsmelding 2023")
    urls = [publisert.get_absolute_url(), sak.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 200
    Mote.objects.filter(pk=publisert.pk).update(innkalling_publisert=None)
    for url in urls:
        assert client.get(url).status_code == 404
    assert publisert.get_absolute_url() not in _side(client, publisert.organ.get_absolute_url())


def test_a_change_to_the_master_data_is_on_every_page(client, publisert):
    from helsefellesskap.models import Nettsted, Organ

    url = publisert.get_absolute_url()
    assert "Strategisk samarbeidsutvalg" in _side(client, url)
    Organ.objects.filter(pk=publisert.organ_id).update(navn="Strategisk utvalg")
    assert "Strategisk utvalg" in _side(client, url)
    # A body made non-public takes its meetings off the public pages.
    Organ.objects.filter(pk=publisert.organ_id).update(offentlig=False)
    assert client.get(url).status_code == 404
    Organ.objects.filter(pk=publisert.organ_id).update(offentlig=True)
    # The site's settings are master data too.
    assert "Helsefellesskapet i Testfold" not in _side(client, url)
    Nettsted.objects.create(navn="Helsefellesskapet i Testfold")
    assert "Helsefellesskapet i Testfold" in _side(client, url)


# --- ETag and 304 -------------------------------------------------------------------------------


def _conditional(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag)


@pytest.mark.parametrize("way", ["service", "bulk"])
def test_published_pages_answer_304_until_the_meeting_changes(client, publisert, way):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    for url in (publisert.get_absolute_url(), sak.get_absolute_url()):
        forste = client.get(url)
        assert forste.status_code == 200
        assert forste["Cache-Control"] == "public, no-cache"
        assert "Cookie" in forste["Vary"]
        etag = forste["ETag"]
        second = _conditional(client, url, etag)
        assert second.status_code == 304
        assert second.content == b""
        assert second["ETag"] == etag
        assert second["Cache-Control"] == "public, no-cache"

    url = publisert.get_absolute_url()
    etag = client.get(url)["ETag"]
    if way == "service":
        services.sak_update(sak=sak, unntatt_offentlighet=True, hjemmel="Offl. § 14")
    else:
        Sak.objects.filter(pk=sak.pk).update(unntatt_offentlighet=True, hjemmel="Offl. § 14")
    for url in (publisert.get_absolute_url(), sak.get_absolute_url()):
        response = _conditional(client, url, etag)
        assert response.status_code == 200
        assert response["ETag"] != etag
        assert "Utkast til årsmelding legges frem." not in response.content.decode()
    # The sak page's old ETag is stale too.
    assert _conditional(client, sak.get_absolute_url(), etag).status_code == 200


def test_a_made_up_etag_gets_the_page(client, publisert):
    url = publisert.get_absolute_url()
    response = _conditional(client, url, '"00000000000000000000000000000000"')
    assert response.status_code == 200 and response.content


def test_logged_in_pages_are_private_and_never_304(client, publisert, medlem):
    url = publisert.get_absolute_url()
    etag = client.get(url)["ETag"]
    client.force_login(medlem)
    response = _conditional(client, url, etag)
    assert response.status_code == 200
    assert "Medlemsutgave" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")


def test_pages_that_are_not_public_have_no_etag(client, mote):
    # Sent but not published: the public gets 404, with nothing a proxy may keep.
    response = client.get(mote.get_absolute_url())
    assert response.status_code == 404
    assert not response.has_header("ETag")


# --- Nothing can forget the version -------------------------------------------------------------


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, trigger_name FROM information_schema.triggers"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return {f"{table}:{navn}" for table, navn in cursor.fetchall()}


def test_every_table_shown_with_a_meeting_raises_its_version(db):
    """A new model that hangs on a meeting or a sak (or is master data) needs its trigger in a
    migration (helsefellesskap.versions.triggers): this test names the tables that lack one."""
    from django.apps import apps

    from helsefellesskap.models import Nettsted, Organ, Partner, Person, Verv
    from moter.models import Mote

    grunndata = {Organ, Partner, Person, Verv, Nettsted}
    triggers = _triggers()
    mangler = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.app_label not in {
            "helsefellesskap",
            "moter",
            "saker",
            "avtaler",
            "handlingsplan",
        }:
            continue
        table = model._meta.db_table
        peker_paa = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        if model in grunndata:
            needs = "grunndata"
        elif peker_paa & {Mote, Sak}:
            needs = "barn"
        else:
            continue
        if not any(t.startswith(f"{table}:mp_v_{table}_{needs}") for t in triggers):
            mangler.append(table)
    for table in ("moter_mote", "saker_sak"):
        if not any(t.startswith(f"{table}:mp_v_{table}_egen") for t in triggers):
            mangler.append(table)
    assert mangler == []


def test_each_kind_of_write_raises_the_meetings_version(publisert, medlem):
    from moter.models import Deltaker, Dokument
    from saker.models import Ansvar, Inhabilitet, Oppfolging, ReferatKommentar, Vedlegg

    sak = publisert.saker.get(tittel="Årsmelding 2023")
    writes = [
        lambda: Vedlegg.objects.filter(sak=sak).update(tittel="Nytt navn"),
        lambda: Ansvar.objects.filter(sak=sak).delete(),
        lambda: Oppfolging.objects.create(sak=sak, beskrivelse="Følg opp"),
        lambda: Oppfolging.objects.filter(sak=sak).update(beskrivelse="Følg opp igjen"),
        lambda: Inhabilitet.objects.create(sak=sak, person=medlem.person, begrunnelse="Søster"),
        lambda: ReferatKommentar.objects.create(mote=publisert, tekst="Kommentar"),
        lambda: Deltaker.objects.create(mote=publisert, person=medlem.person),
        lambda: Deltaker.objects.filter(mote=publisert).update(oppmote="forfall"),
        lambda: Dokument.objects.filter(mote=publisert).delete(),
        lambda: Sak.objects.filter(pk=sak.pk).update(vedtak="Vedtatt"),
        lambda: type(publisert).objects.filter(pk=publisert.pk).update(sted="Annet sted"),
    ]
    for write in writes:
        before = _version(publisert)
        write()
        assert _version(publisert) > before


def test_meetings_linked_by_referat_for_raise_each_others_version(publisert, other_mote, ssu):
    # The later meeting approves the earlier one's referat: each page shows the other's date.
    godkjenning = Sak.objects.create(organ=ssu, mote=other_mote, tittel="Godkjenning")
    Sak.objects.filter(pk=godkjenning.pk).update(referat_for=publisert)
    for endret, shows in ((other_mote, publisert), (publisert, other_mote)):
        before = _version(shows)
        type(endret).objects.filter(pk=endret.pk).update(start=endret.start)
        assert _version(shows) > before
    # A write inside the other meeting (not its own row) leaves this one alone.
    before = _version(publisert)
    Sak.objects.filter(mote=other_mote, referat_for=None).update(hensikt="Tekst")
    assert _version(publisert) == before


def test_a_write_to_one_sak_renders_only_its_row_anew(client, publisert, monkeypatch):
    # The innkalling's rows are cached each under its sak's version ({% fragment %} in hf):
    # the referent's autosave in one sak must not make the whole agenda render again.
    laget = []
    fragment = pagecache.fragment

    def tell(parts, build):
        def bygg():
            laget.append(parts[1])
            return build()

        return fragment(parts, bygg)

    monkeypatch.setattr(pagecache, "fragment", tell)
    url = publisert.get_absolute_url()
    client.get(url)
    rader = laget.count("innkalling-rad")
    assert rader == publisert.saker.count()
    laget.clear()
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    Sak.objects.filter(pk=sak.pk).update(tittel="Årsmelding 2023 (ny)")
    assert "Årsmelding 2023 (ny)" in client.get(url).content.decode()
    assert laget.count("innkalling-rad") == 1
