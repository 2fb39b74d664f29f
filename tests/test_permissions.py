"""Every URL of the project × role: the allowed status codes, and that nothing exempt or
non-public reaches the wrong role. A new URL pattern that is not listed here fails the test."""

import datetime
import re
import subprocess
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from helsefellesskap.models import Verv, today
from moter import dokumenter
from saker import services
from saker.models import Sak, Vedlegg
from tests.factories import (
    PersonFactory,
    SekretariatUserFactory,
    UserFactory,
    VervFactory,
    oslo,
    user_with_verv,
)
from tests.support import data
from tests.support.tilgang import filters_agree_with_predicates
from tests.support.world import shared_world

pytestmark = pytest.mark.django_db

ROLLER = [
    "anonym",
    "annet_medlem",
    "tidligere_medlem",
    "fremtidig_medlem",
    "medlem",
    "sekretariat",
    "sekretariat_annet",
    "organsekretariat",
]
LOGIN = "login"  # redirect to the login page
# What each role gets: anonymous, member of another body, member of SSU whose verv ended before
# the fixture meetings (31.12.23), member of SSU whose verv starts next year, member of SSU,
# the central secretariat (the group), the secretariat of another body (a verv «sekretariat» in
# FSU, which does not report to SSU here), SSU's own secretariat (a verv «sekretariat» in SSU,
# not in the group). Membership is judged on the meeting's day or today
# (helsefellesskap.access.can_read_members_edition): the two SSU members out of their period get
# what a member of another body gets. Who runs a body (moter.access.can_manage_organ): SSU's own
# secretariat gets on SSU's pages what the central secretariat gets (and, holding a verv in SSU,
# is a member too); the secretariat of another body what a member of another body gets, but for
# the secretariat's own pages, which list the bodies it runs.
ALL = {r: 200 for r in ROLLER}
SEKRETARIAT_GET = {
    "anonym": LOGIN,
    "annet_medlem": 403,
    "tidligere_medlem": 403,
    "fremtidig_medlem": 403,
    "medlem": 403,
    "sekretariat": 200,
    "sekretariat_annet": 403,
    "organsekretariat": 200,
}
SEKRETARIAT_POST = {
    "anonym": LOGIN,
    "annet_medlem": 403,
    "tidligere_medlem": 403,
    "fremtidig_medlem": 403,
    "medlem": 403,
    "sekretariat": 302,
    "sekretariat_annet": 403,
    "organsekretariat": 302,
}
# A form posted empty by the secretariat comes back with its errors.
SEKRETARIAT_POST_ERROR = {**SEKRETARIAT_POST, "sekretariat": 400, "organsekretariat": 400}
# The secretariat's own pages (the start page, a new meeting, the import): for all who run a
# body, each seeing the bodies they run.
STYRER_GET = {**SEKRETARIAT_GET, "sekretariat_annet": 200}
# The agreements (avtaler/access.py) bind all partners, not one body: the central secretariat
# alone edits them; a body's own secretariat reads them as the public does.
AVTALE_GET = {**SEKRETARIAT_GET, "organsekretariat": 403}
AVTALE_POST = {**SEKRETARIAT_POST, "organsekretariat": 403}
AVTALE_POST_ERROR = {**AVTALE_POST, "sekretariat": 400}
ONLY_SEKRETARIAT_SEES = {**{r: 404 for r in ROLLER}, "sekretariat": 200}
# A body's draft (an annual report): for those who run the body, unknown to everybody else.
ONLY_STYRER_SEES = {**ONLY_SEKRETARIAT_SEES, "organsekretariat": 200}

MATRIX = {
    # name: (method, path template, expected per role)
    "forside": ("get", "/", ALL),
    "nettsted-media": ("get", "/media/{logo}", ALL),
    "login": ("get", "/logg-inn/", ALL),
    "logout": ("post", "/logg-ut/", {r: 302 for r in ROLLER}),
    "glemt-passord": ("get", "/glemt-passord/", ALL),
    "glemt-passord-sendt": ("get", "/glemt-passord/sendt/", ALL),
    # A link that is not valid: the page says so (a valid one is tested with its flow).
    "nytt-passord": ("get", "/nytt-passord/MQ/ugyldig-lenke/", ALL),
    "nytt-passord-ferdig": ("get", "/nytt-passord/ferdig/", ALL),
    # The one-time login link (helsefellesskap.accounts): a link that is not valid shows a page
    # that says so (valid links: tests/helsefellesskap/test_innloggingslenke.py).
    "innloggingslenke": ("get", "/logg-inn/lenke/", ALL),
    "innloggingslenke-sendt": ("get", "/logg-inn/lenke/sendt/", ALL),
    "innloggingslenke-bruk": ("get", "/logg-inn/lenke/MQ/ugyldig-lenke/", ALL),
    # Single sign-on with OpenID Connect (helsefellesskap/oidc.py): off by default, so the
    # addresses answer 404 for everyone here. With it on, starting a login writes only the
    # session; the callback that logs a reader in is the one GET that writes more (last_login,
    # the access log, a person's first login): the provider sends the browser back with a GET,
    # the only way mozilla-django-oidc takes the code. That exemption, and that every refused or
    # forged callback writes nothing but the session, are tested in tests/helsefellesskap/
    # test_oidc.py (test_only_the_callback_that_logs_in_writes_beyond_the_session).
    "oidc_authentication_init": ("get", "/oidc/authenticate/", {r: 404 for r in ROLLER}),
    "oidc_authentication_callback": (
        "get",
        "/oidc/callback/?code=kode&state=tilstand",
        {r: 404 for r in ROLLER},
    ),
    # Forfall from the innkalling's signed link (moter/forfall.py): a link that is not signed
    # by the portal is refused for everyone (valid links: tests/moter/test_notices.py).
    "forfall-lenke": ("get", "/forfall/ikke-signert/", {r: 400 for r in ROLLER}),
    "organ": ("get", "/organ/ssu/", ALL),
    # A body's e-mail templates (moter/views/meldinger.py): for those who run the body.
    "organ-meldinger": ("get", "/organ/ssu/meldinger/", SEKRETARIAT_GET),
    "mote": ("get", "/mote/{publisert}/", ALL),
    "mote-utkast": (
        "get",
        "/mote/{utkast}/",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 404,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
    "mote-rediger": ("get", "/mote/{utkast}/rediger/", SEKRETARIAT_GET),
    "saksliste": ("get", "/mote/{utkast}/saksliste/", SEKRETARIAT_GET),
    "saksliste-sorter": ("post", "/mote/{utkast}/saksliste/sorter/", SEKRETARIAT_POST),
    "sak-plasser": ("post", "/mote/{utkast}/saksliste/plasser/", SEKRETARIAT_POST),
    "sak-dupliser": ("post", "/mote/{utkast}/saksliste/kopier/", SEKRETARIAT_POST),
    "sak-ny": ("get", "/mote/{utkast}/sak/ny/", SEKRETARIAT_GET),
    "send": ("get", "/mote/{utkast}/send/", SEKRETARIAT_GET),
    "tilleggsinnkalling": ("get", "/mote/{utkast}/tilleggsinnkalling/", SEKRETARIAT_GET),
    "mote-avlys": ("get", "/mote/{utkast}/avlys/", SEKRETARIAT_GET),
    "mote-avlys-post": ("post", "/mote/{utkast}/avlys/", SEKRETARIAT_POST_ERROR),
    "mote-gjenopprett": ("post", "/mote/{utkast}/gjenopprett/", SEKRETARIAT_POST),
    "publiser": ("get", "/mote/{publisert}/publiser/", SEKRETARIAT_GET),
    "mote-historikk": ("get", "/mote/{publisert}/historikk/", SEKRETARIAT_GET),
    "sak": ("get", "/sak/{apen_sak}/", ALL),
    "sak-unntatt": ("get", "/sak/{unntatt_sak}/", ALL),
    "sak-i-ko": (
        "get",
        "/sak/{ko_sak}/",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 404,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
    "sak-rediger": ("get", "/sak/{apen_sak}/rediger/", SEKRETARIAT_GET),
    # A case's path (saker/services/forbindelser.py): read as the sak is; linked by those who
    # run its body (an empty form comes back with its errors; an unknown link is 404).
    "sak-gang": ("get", "/sak/{apen_sak}/gang/", ALL),
    "sak-forbindelse": ("post", "/sak/{apen_sak}/gang/koble/", SEKRETARIAT_POST_ERROR),
    "sak-forbindelse-slett": (
        "post",
        "/sak/{apen_sak}/gang/999999/fjern/",
        {**SEKRETARIAT_POST, "sekretariat": 404, "organsekretariat": 404},
    ),
    "sak-flytt": ("post", "/sak/{utkast_sak}/flytt/", SEKRETARIAT_POST),
    "sak-fjern": ("post", "/sak/{utkast_sak}/fjern/", SEKRETARIAT_POST),
    "sak-flytt-til-mote": ("post", "/sak/{utkast_sak}/flytt-til-mote/", SEKRETARIAT_POST),
    "vedlegg": ("get", "/vedlegg/{offentlig_vedlegg}/", ALL),
    "vedlegg-intern": (
        "get",
        "/vedlegg/{intern_vedlegg}/",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 200,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
    "vedlegg-slett": ("post", "/vedlegg/{intern_vedlegg}/slett/", SEKRETARIAT_POST),
    "sekretariat": ("get", "/sekretariat/", STYRER_GET),
    "mote-ny": ("get", "/sekretariat/mote/ny/", STYRER_GET),
    "mote-import": ("get", "/sekretariat/import/", STYRER_GET),
    "moteplan": ("get", "/organ/ssu/moteplan/", SEKRETARIAT_GET),
    "sak-ny-ko": ("get", "/organ/ssu/sak/ny/", SEKRETARIAT_GET),
    # Attendance, referat, follow-ups, vedtak
    "referat": ("get", "/mote/{publisert}/referat/", SEKRETARIAT_GET),
    "referat-deltakere": ("post", "/mote/{publisert}/referat/deltakere/", SEKRETARIAT_POST),
    "referat-status": ("post", "/mote/{publisert}/referat/status/", SEKRETARIAT_POST),
    "referat-eventuelt": ("post", "/mote/{publisert}/referat/eventuelt/", SEKRETARIAT_POST_ERROR),
    "referat-kommentar": (
        "post",
        "/mote/{publisert}/referat/kommentar/",
        {
            "anonym": 403,
            "annet_medlem": 403,
            "tidligere_medlem": 403,
            "fremtidig_medlem": 403,
            "medlem": 302,
            "sekretariat": 302,
            "sekretariat_annet": 403,
            "organsekretariat": 302,
        },
    ),
    "forfall": (
        "post",
        "/mote/{neste}/forfall/",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 302,
            "sekretariat": 403,
            "sekretariat_annet": 404,
            "organsekretariat": 302,
        },
    ),
    "referat-sak": ("post", "/sak/{apen_sak}/referat/", SEKRETARIAT_POST_ERROR),
    "referat-godkjenn": ("get", "/sak/{referatsak}/godkjenn-referat/", SEKRETARIAT_GET),
    "referat-godkjenn-post": (
        "post",
        "/sak/{referatsak}/godkjenn-referat/",
        SEKRETARIAT_POST_ERROR,
    ),
    "oppfolging-ny": ("post", "/sak/{apen_sak}/oppfolging/", SEKRETARIAT_POST_ERROR),
    "inhabil-ny": ("post", "/sak/{apen_sak}/inhabil/", SEKRETARIAT_POST_ERROR),
    "oppfolging": (
        "get",
        "/oppfolging/",
        {
            "anonym": LOGIN,
            "annet_medlem": 200,
            "tidligere_medlem": 200,
            "fremtidig_medlem": 200,
            "medlem": 200,
            "sekretariat": 200,
            "sekretariat_annet": 200,
            "organsekretariat": 200,
        },
    ),
    "oppfolging-status": ("post", "/oppfolging/{oppfolging}/status/", SEKRETARIAT_POST),
    # «Mine møter»: every login has the page (without a person it says why it is empty); the
    # outsiders are responsible for the exempt sak's follow-ups (``_follow_ups_for_outsiders``)
    # and must not read them there.
    "mine": ("get", "/mine/", {**ALL, "anonym": LOGIN}),
    "vedtak": ("get", "/vedtak/", ALL),
    # PDF documents
    "dokument": ("get", "/mote/{publisert}/dokument/innkalling/", ALL),
    "dokument-referat": ("get", "/mote/{publisert}/dokument/referat/", ALL),
    "dokument-utkast": (
        "get",
        "/mote/{utkast}/dokument/innkalling/",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 404,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
    # Members order their own edition (a POST; a GET never orders).
    "dokument-lag": (
        "post",
        "/mote/{publisert}/dokument/innkalling/lag/",
        {
            "anonym": LOGIN,
            "annet_medlem": 403,
            "tidligere_medlem": 403,
            "fremtidig_medlem": 403,
            "medlem": 200,
            "sekretariat": 302,
            "sekretariat_annet": 403,
            "organsekretariat": 302,
        },
    ),
    "dokument-status": (
        "get",
        "/mote/{publisert}/dokument/innkalling/status/",
        {
            "anonym": 403,
            "annet_medlem": 403,
            "tidligere_medlem": 403,
            "fremtidig_medlem": 403,
            "medlem": 200,
            "sekretariat": 200,
            "sekretariat_annet": 403,
            "organsekretariat": 200,
        },
    ),
    "dokument-publiser": ("post", "/dokument/{offentlig_dok}/publiser/", SEKRETARIAT_POST),
    "dokument-forhandsvisning": ("get", "/dokument/{offentlig_dok}/side1.png", ALL),
    # A body's members page and the logins run from it (issue 12, «People»)
    "organ-medlemmer": ("get", "/organ/ssu/medlemmer/", SEKRETARIAT_GET),
    "organ-medlem-ny": ("get", "/organ/ssu/medlemmer/ny/", SEKRETARIAT_GET),
    "organ-medlem-ny-post": ("post", "/organ/ssu/medlemmer/ny/", SEKRETARIAT_POST_ERROR),
    "organ-ny-periode": ("get", "/organ/ssu/medlemmer/ny-periode/", SEKRETARIAT_GET),
    "organ-ny-periode-post": (
        "post",
        "/organ/ssu/medlemmer/ny-periode/",
        SEKRETARIAT_POST_ERROR,
    ),
    "organ-verv-avslutt": (
        "get",
        "/organ/ssu/medlemmer/verv/{ny_verv}/avslutt/",
        SEKRETARIAT_GET,
    ),
    "organ-verv-avslutt-post": (
        "post",
        "/organ/ssu/medlemmer/verv/{ny_verv}/avslutt/",
        SEKRETARIAT_POST_ERROR,
    ),
    "organ-verv-endre": (
        "get",
        "/organ/ssu/medlemmer/verv/{ny_verv}/endre/",
        SEKRETARIAT_GET,
    ),
    "organ-verv-endre-post": (
        "post",
        "/organ/ssu/medlemmer/verv/{ny_verv}/endre/",
        SEKRETARIAT_POST_ERROR,
    ),
    "organ-person-inviter": (
        "post",
        "/organ/ssu/medlemmer/person/{ny_person}/inviter/",
        SEKRETARIAT_POST,
    ),
    "organ-person-deaktiver": (
        "post",
        "/organ/ssu/medlemmer/person/{konto_person}/deaktiver/",
        SEKRETARIAT_POST,
    ),
    "organ-person-aktiver": (
        "post",
        "/organ/ssu/medlemmer/person/{konto_person}/aktiver/",
        SEKRETARIAT_POST,
    ),
    # Editing a person from the members page, and «Bytt passord» for anybody logged in
    # (the reviewer's gaps on the members page)
    "organ-person-rediger": (
        "get",
        "/organ/ssu/medlemmer/person/{ny_person}/rediger/",
        SEKRETARIAT_GET,
    ),
    "organ-person-rediger-post": (
        "post",
        "/organ/ssu/medlemmer/person/{ny_person}/rediger/",
        SEKRETARIAT_POST_ERROR,
    ),
    "passord": ("get", "/passord/", {**ALL, "anonym": LOGIN}),
    "passord-post": ("post", "/passord/", {**{r: 400 for r in ROLLER}, "anonym": LOGIN}),
    "passord-endret": ("get", "/passord/endret/", {**ALL, "anonym": LOGIN}),
    # A link that is not valid: the page says so (a valid one is tested with its flow).
    "invitasjon": ("get", "/invitasjon/MQ/ugyldig-lenke/", ALL),
    # Search (issue 13, «Search»): words of the exempt sak's text and vedtak, of a meeting not
    # published, of a draft, and the exempt sak's number; outsiders find the number alone, with
    # the screened title (test_nothing_exempt_or_non_public_reaches_outsiders).
    "sok": (
        "get",
        "/sok/?q={unntatt_saksnr}+or+hemmelig+or+legevakten+or+upublisert+or+nedleggelse"
        "+or+ansatt+or+intern+or+vedleggstekst",
        ALL,
    ),
    # Calendars and news feeds (issue 13, «Calendar» and «RSS/Atom»; moter/views/kalender.py,
    # moter/feeds.py): every reader gets what they may see, the personal feed only by its key
    # (valid keys: tests/moter/test_kalender.py), a key is made by a POST.
    "kalender": ("get", "/kalender/", ALL),
    "kalender-organ": ("get", "/kalender/ssu.ics", ALL),
    "kalender-organ-ukjent": ("get", "/kalender/finnes-ikke.ics", {r: 404 for r in ROLLER}),
    "kalender-personlig": (
        "get",
        "/kalender/personlig/ugyldig-nokkel.ics",
        {r: 404 for r in ROLLER},
    ),
    "kalender-personlig-lenke": ("get", "/kalender/personlig/", {**ALL, "anonym": LOGIN}),
    "kalender-personlig-lenke-post": (
        "post",
        "/kalender/personlig/",
        {**{r: 302 for r in ROLLER}, "anonym": LOGIN},
    ),
    "mote-kalender": ("get", "/mote/{publisert}/kalender.ics", ALL),
    "mote-kalender-utkast": (
        "get",
        "/mote/{utkast}/kalender.ics",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 404,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
    "feed": ("get", "/feed/", ALL),
    "feed-organ": ("get", "/feed/ssu/", ALL),
    "feed-organ-ukjent": ("get", "/feed/finnes-ikke/", {r: 404 for r in ROLLER}),
    # The open-data API (api/, issue 13 «Open data»): public material only, the same for every
    # reader (the API is anonymous-only); a draft's or an unpublished meeting's id is unknown.
    "api-root": ("get", "/api/", ALL),
    "openapi-json": ("get", "/api/openapi.json", ALL),
    "api-organer": ("get", "/api/organer/", ALL),
    "api-organ": ("get", "/api/organer/{ssu}/", ALL),
    "api-moter": ("get", "/api/moter/", ALL),
    "api-mote": ("get", "/api/moter/{publisert}/", ALL),
    "api-mote-json": ("get", "/api/moter/{publisert}/mote.json", ALL),
    "api-sak": ("get", "/api/saker/{unntatt_sak}/", ALL),
    "api-sak-apen": ("get", "/api/saker/{apen_sak}/", ALL),
    "api-ukjent": ("get", "/api/finnes-ikke/", {r: 404 for r in ROLLER}),
    "api-mote-utkast": ("get", "/api/moter/{utkast}/", {r: 404 for r in ROLLER}),
    "api-mote-upublisert": ("get", "/api/moter/{neste}/", {r: 404 for r in ROLLER}),
    "api-mote-json-utkast": ("get", "/api/moter/{utkast}/mote.json", {r: 404 for r in ROLLER}),
    "api-sak-utkast": ("get", "/api/saker/{utkast_sak}/", {r: 404 for r in ROLLER}),
    "api-sak-i-ko": ("get", "/api/saker/{ko_sak}/", {r: 404 for r in ROLLER}),
    # The body, the members of public bodies (what the body page shows), the saker as Paper
    # with their path, and the files: public only, for every reader.
    "api-body": ("get", "/api/body/", ALL),
    "api-personer": ("get", "/api/personer/", ALL),
    "api-person": ("get", "/api/personer/{ny_person}/", ALL),
    "api-person-ukjent": ("get", "/api/personer/999999999/", {r: 404 for r in ROLLER}),
    "api-saker": ("get", "/api/saker/", ALL),
    "api-saker-organ": ("get", "/api/saker/?organ={ssu}&year=2024", ALL),
    "api-fil-vedlegg": ("get", "/api/filer/vedlegg/{offentlig_vedlegg}/", ALL),
    "api-fil-vedlegg-intern": (
        "get",
        "/api/filer/vedlegg/{intern_vedlegg}/",
        {r: 404 for r in ROLLER},
    ),
    "api-fil-dokument": ("get", "/api/filer/moter/{publisert}/innkalling/", ALL),
    "api-fil-dokument-referat": ("get", "/api/filer/moter/{publisert}/referat/", ALL),
    "api-fil-dokument-utkast": (
        "get",
        "/api/filer/moter/{utkast}/innkalling/",
        {r: 404 for r in ROLLER},
    ),
    # No saksframlegg is published in this world; the exempt sak never has one for the public.
    "api-fil-saksframlegg": (
        "get",
        "/api/filer/saksframlegg/{unntatt_sak}/",
        {r: 404 for r in ROLLER},
    ),
    # Finding and following (issue 13): the accessibility statement; the front page and the
    # body page's møteplan are the rows «forside» and «organ».
    "tilgjengelighet": ("get", "/tilgjengelighet/", ALL),
    # Agreements (issue 14, avtaler/): the register and a public agreement for everyone; a draft
    # agreement and an unpublished version are unknown to all but the central secretariat (the
    # markers «Utkast til hemmelig avtale», «Upublisert avtaletekst»); the public agreement's
    # version adopted in the draft meeting's sak never names that sak to outsiders.
    "avtaler": ("get", "/avtaler/", ALL),
    # The printable register: the public edition for everybody (its text is read with pdftotext
    # for the markers below).
    "avtaler-pdf": ("get", "/avtaler/avtaleregister.pdf", ALL),
    "avtale": ("get", "/avtaler/offentlig-avtale/", ALL),
    "avtale-utkast": ("get", "/avtaler/utkast-avtale/", ONLY_SEKRETARIAT_SEES),
    "avtaleversjon": ("get", "/avtaler/versjon/{avtaleversjon}/", ALL),
    "avtaleversjon-upublisert": (
        "get",
        "/avtaler/versjon/{upublisert_versjon}/",
        ONLY_SEKRETARIAT_SEES,
    ),
    "avtaleversjon-fil": ("get", "/avtaler/versjon/{avtaleversjon}/fil/", ALL),
    "avtaleversjon-fil-upublisert": (
        "get",
        "/avtaler/versjon/{upublisert_versjon}/fil/",
        ONLY_SEKRETARIAT_SEES,
    ),
    # Changing a version, and removing one: an unpublished one goes, a published one is refused
    # (back to its form with the reason).
    "avtaleversjon-rediger": ("get", "/avtaler/versjon/{avtaleversjon}/rediger/", AVTALE_GET),
    "avtaleversjon-rediger-post": (
        "post",
        "/avtaler/versjon/{avtaleversjon}/rediger/",
        AVTALE_POST_ERROR,
    ),
    "avtaleversjon-fjern": ("post", "/avtaler/versjon/{upublisert_versjon}/fjern/", AVTALE_POST),
    "avtaleversjon-fjern-publisert": (
        "post",
        "/avtaler/versjon/{avtaleversjon}/fjern/",
        AVTALE_POST,
    ),
    "avtaleversjon-publiser": (
        "post",
        "/avtaler/versjon/{upublisert_versjon}/publiser/",
        AVTALE_POST,
    ),
    "avtale-ny": ("get", "/avtaler/ny/", AVTALE_GET),
    "avtale-ny-post": ("post", "/avtaler/ny/", AVTALE_POST_ERROR),
    "avtale-rediger": ("get", "/avtaler/offentlig-avtale/rediger/", AVTALE_GET),
    "avtaleversjon-ny": ("get", "/avtaler/offentlig-avtale/versjon/ny/", AVTALE_GET),
    "avtaleversjon-ny-post": (
        "post",
        "/avtaler/offentlig-avtale/versjon/ny/",
        AVTALE_POST_ERROR,
    ),
    "evaluering-ny": ("get", "/avtaler/offentlig-avtale/evaluering/ny/", AVTALE_GET),
    "evaluering-rediger": ("get", "/avtaler/evaluering/{evaluering}/", AVTALE_GET),
    "avtaleevalueringer": ("get", "/avtaler/evalueringer/", AVTALE_GET),
    "sak-avtale": ("get", "/sak/{apen_sak}/avtale/", AVTALE_GET),
    "sak-avtale-post": ("post", "/sak/{apen_sak}/avtale/", AVTALE_POST_ERROR),
    # The action plan (issue 15, handlingsplan/): a published plan, its tiltak and the funding
    # overview for everyone; a draft plan and its tiltak are unknown to all but the central
    # secretariat (the markers «Hemmelig planutkast», «Hemmelig utkasttiltak»); the public
    # tiltak's report given in the draft meeting's sak never names that sak to outsiders.
    "handlingsplan": ("get", "/handlingsplan/", ALL),
    "handlingsplan-aar": ("get", "/handlingsplan/2024/", ALL),
    "handlingsplan-utkast": ("get", "/handlingsplan/2099/", ONLY_SEKRETARIAT_SEES),
    "tiltak": ("get", "/handlingsplan/tiltak/{tiltak}/", ALL),
    "tiltak-utkast": ("get", "/handlingsplan/tiltak/{utkast_tiltak}/", ONLY_SEKRETARIAT_SEES),
    "tilskudd": ("get", "/handlingsplan/tilskudd/", ALL),
    "tiltak-statusrapport": ("get", "/handlingsplan/tiltak/{tiltak}/status/", AVTALE_GET),
    "tiltak-statusrapport-post": (
        "post",
        "/handlingsplan/tiltak/{tiltak}/status/",
        AVTALE_POST_ERROR,
    ),
    "tiltak-forbruk": ("get", "/handlingsplan/tiltak/{tiltak}/forbruk/", AVTALE_GET),
    "tiltak-forbruk-post": ("post", "/handlingsplan/tiltak/{tiltak}/forbruk/", AVTALE_POST_ERROR),
    # Annual reports (issue 15, handlingsplan/arsrapport/): SSU's published 2024 report for
    # everyone, each reader getting what they may see of its meetings, saker and vedtak (the
    # exempt sak screened, its vedtak left out); SSU's 2026 draft (the marker «Hemmelig
    # årsrapportutkast», and the sak of the draft meeting) only for those who run SSU, who
    # edit and publish (an empty form comes back with its errors).
    "arsrapporter": ("get", "/arsrapport/", ALL),
    "arsrapport": ("get", "/arsrapport/ssu/2024/", ALL),
    "arsrapport-pdf": ("get", "/arsrapport/ssu/2024/arsrapport.pdf", ALL),
    "arsrapport-utkast": ("get", "/arsrapport/ssu/2026/", ONLY_STYRER_SEES),
    "arsrapport-pdf-utkast": ("get", "/arsrapport/ssu/2026/arsrapport.pdf", ONLY_STYRER_SEES),
    "arsrapport-rediger": ("get", "/arsrapport/ssu/2026/rediger/", SEKRETARIAT_GET),
    "arsrapport-rediger-post": (
        "post",
        "/arsrapport/ssu/2026/rediger/",
        SEKRETARIAT_POST_ERROR,
    ),
    "arsrapport-publiser": ("post", "/arsrapport/ssu/2026/publiser/", SEKRETARIAT_POST),
    # The plan as a PDF (the public edition of a published plan; a draft's for the central
    # secretariat alone) and the secretariat's forms: a plan, an innsatsområde, a tiltak, a
    # grant with its letter, an allocation (an empty form comes back with its errors).
    "handlingsplan-pdf": ("get", "/handlingsplan/2024/handlingsplan.pdf", ALL),
    "handlingsplan-pdf-utkast": (
        "get",
        "/handlingsplan/2099/handlingsplan.pdf",
        ONLY_SEKRETARIAT_SEES,
    ),
    "handlingsplan-ny": ("get", "/handlingsplan/ny/", AVTALE_GET),
    "handlingsplan-ny-post": ("post", "/handlingsplan/ny/", AVTALE_POST_ERROR),
    "handlingsplan-rediger": ("get", "/handlingsplan/2099/rediger/", AVTALE_GET),
    "handlingsplan-rediger-post": ("post", "/handlingsplan/2099/rediger/", AVTALE_POST_ERROR),
    "innsatsomrade-ny": ("get", "/handlingsplan/2024/innsatsomrade/ny/", AVTALE_GET),
    "innsatsomrade-ny-post": ("post", "/handlingsplan/2024/innsatsomrade/ny/", AVTALE_POST_ERROR),
    "innsatsomrade-rediger": (
        "get",
        "/handlingsplan/innsatsomrade/{utkast_innsatsomrade}/rediger/",
        AVTALE_GET,
    ),
    "tiltak-ny": (
        "get",
        "/handlingsplan/innsatsomrade/{utkast_innsatsomrade}/tiltak/ny/",
        AVTALE_GET,
    ),
    "tiltak-ny-post": (
        "post",
        "/handlingsplan/innsatsomrade/{utkast_innsatsomrade}/tiltak/ny/",
        AVTALE_POST_ERROR,
    ),
    "tiltak-rediger": ("get", "/handlingsplan/tiltak/{utkast_tiltak}/rediger/", AVTALE_GET),
    "tiltak-tildeling": ("get", "/handlingsplan/tiltak/{tiltak}/tildeling/", AVTALE_GET),
    "tiltak-tildeling-post": (
        "post",
        "/handlingsplan/tiltak/{tiltak}/tildeling/",
        AVTALE_POST_ERROR,
    ),
    "tilskudd-ny": ("get", "/handlingsplan/tilskudd/ny/", AVTALE_GET),
    "tilskudd-ny-post": ("post", "/handlingsplan/tilskudd/ny/", AVTALE_POST_ERROR),
    "tilskudd-rediger": ("get", "/handlingsplan/tilskudd/{tilskudd}/rediger/", AVTALE_GET),
    "dokument-forhandsvisning-medlem": (
        "get",
        "/dokument/{medlem_dok}/side1.png",
        {
            "anonym": 404,
            "annet_medlem": 404,
            "tidligere_medlem": 404,
            "fremtidig_medlem": 404,
            "medlem": 200,
            "sekretariat": 200,
            "sekretariat_annet": 404,
            "organsekretariat": 200,
        },
    ),
}


def _navn(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            yield from _navn(p.url_patterns, prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield p.name


def test_every_url_pattern_is_in_the_matrix():
    navn = set(_navn(get_resolver().url_patterns))
    mangler = navn - set(MATRIX)
    assert not mangler, f"URL-er uten rad i tilgangsmatrisen: {sorted(mangler)}"


def test_every_row_says_what_each_role_gets():
    uten = {
        navn: set(ROLLER) - set(f) for navn, (_, _, f) in MATRIX.items() if set(f) != set(ROLLER)
    }
    assert not uten, f"Rader uten forventning for en rolle: {uten}"


@pytest.fixture(scope="session")
def small_pdf():
    import weasyprint

    return weasyprint.HTML(string="<p>Prøveutskrift</p>").write_pdf()


def _ferdig_dokument(mote, art, utgave, pdf: bytes):
    """A finished document version with a tiny PDF: access rules do not depend on the render
    (the real renders are checked by ``real_pdf`` and tests/moter). The version publishing
    ordered is finished as the worker would, with what it shows."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from moter import publication
    from moter.models import Dokument

    dok = Dokument.objects.filter(mote=mote, art=art, utgave=utgave, sak_id=None).first()
    dok = dok or Dokument(mote=mote, art=art, utgave=utgave, versjon=1)
    dok.status = "ferdig"
    dok.innholdshash = "x"
    dok.sider = 1
    dok.ferdig = timezone.now()
    dok.publisert = timezone.now() if utgave == "offentlig" else None
    dok.innhold = publication.offentlig_content(mote).as_json()
    dok.fil.save(f"{art}-{utgave}.pdf", ContentFile(pdf), save=False)
    dok.save()
    return dok


def _png() -> bytes:
    import io

    from PIL import Image

    ut = io.BytesIO()
    Image.new("RGB", (2, 2)).save(ut, "PNG")
    return ut.getvalue()


def _objects(ssu, pdf: bytes) -> dict:
    """The published SSU 29.02.24 (tests/conftest.py's ``publisert``), held, with its referat
    (a vedtak in the exempt sak) approved in the next meeting and published; a draft, a sak in
    the queue, the site's logo and finished documents."""
    from django.core.files.base import ContentFile

    from helsefellesskap.models import Nettsted
    from moter import services as mote_services

    publisert = data.mote_publish(data.mote_create(ssu))
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    unntatt = Sak.objects.get(mote=publisert, unntatt_offentlighet=True)
    services.referat_save(sak=apen, protokoll="Gjennomgått.", vedtak="Årsmeldingen godkjennes.")
    services.referat_save(
        sak=unntatt,
        protokoll="Hemmelig innhold om en ansatt drøftet.",
        vedtak="Hemmelig vedtak om ansatt.",
    )
    oppfolging = services.oppfolging_add(sak=apen, beskrivelse="Send årsmeldingen ut")
    services.oppfolging_add(
        sak=unntatt,
        beskrivelse="Hemmelig oppfølging av ansatt",
        frist=datetime.date(2024, 4, 30),
    )
    services.oppfolging_add(sak=unntatt, beskrivelse="Hemmelig oppfølging av ansatt, del to")
    mote_services.mote_set_avholdt(mote=publisert)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 5, 23, 13), sted="SiV", tittel="Upublisert ekstramøte"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=publisert))
    mote_services.referat_publish(mote=publisert)
    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), sted="SiV"
    )
    services.sak_create(
        organ=ssu, mote=utkast, tittel="Utkast om nedleggelse", sakstyper=["orientering"]
    )
    ko_sak = services.sak_create(organ=ssu, tittel="I køen", sakstyper=["orientering"])
    # The text search reads from vedlegg (saker/vedleggstekst.py), planted: in the non-public
    # vedlegg, in a public vedlegg of the exempt sak, of the draft's sak and of the queue's.
    Vedlegg.objects.filter(tittel="Intern merknad").update(
        tekst="Hemmelig vedleggstekst i et internt vedlegg.", tekst_status="hentet"
    )
    for sak, hvor in [
        (unntatt, "om en ansatt"),
        (Sak.objects.get(mote=utkast, tittel="Utkast om nedleggelse"), "i utkastet"),
        (ko_sak, "i køen"),
    ]:
        Vedlegg.objects.create(
            sak=sak, tittel="Notat", tekst=f"Hemmelig vedleggstekst {hvor}.", tekst_status="hentet"
        )
    publisert.refresh_from_db()
    avtaler = _avtaler(apen, unntatt, Sak.objects.get(tittel="Utkast om nedleggelse"), pdf)
    handlingsplan = _handlingsplan(apen, Sak.objects.get(tittel="Utkast om nedleggelse"))
    _arsrapporter(ssu)
    # The members page: a member without a login (invited from it), one with a login.
    ny_verv = VervFactory(
        person=PersonFactory(navn="Ny Medlemsen", epost="ny@example.org"),
        organ=ssu,
        merknad="Hemmelig vervmerknad",
    )
    konto_person = PersonFactory(navn="Konto Medlemsen", bruker=UserFactory(username="konto"))
    VervFactory(person=konto_person, organ=ssu)
    nettsted = Nettsted.objects.create()
    nettsted.logo.save("logo.png", ContentFile(_png()))
    dok = {
        (art, utgave): _ferdig_dokument(publisert, art, utgave, pdf)
        for art, utgave in [
            ("innkalling", "offentlig"),
            ("innkalling", "medlem"),
            ("referat", "offentlig"),
        ]
    }
    return {
        **avtaler,
        **handlingsplan,
        "logo": nettsted.logo.name,
        "offentlig_dok": dok[("innkalling", "offentlig")].pk,
        "medlem_dok": dok[("innkalling", "medlem")].pk,
        "neste": neste.pk,
        "referatsak": neste.saker.get(referat_for=publisert).pk,
        "oppfolging": oppfolging.pk,
        "publisert": publisert.pk,
        "ssu": ssu.pk,
        "utkast": utkast.pk,
        "apen_sak": Sak.objects.get(mote=publisert, tittel="Årsmelding 2023").pk,
        "unntatt_sak": Sak.objects.get(mote=publisert, unntatt_offentlighet=True).pk,
        "unntatt_saksnr": unntatt.saksnr,
        "ko_sak": ko_sak.pk,
        "ny_verv": ny_verv.pk,
        "ny_person": ny_verv.person_id,
        "konto_person": konto_person.pk,
        "utkast_sak": Sak.objects.filter(mote=utkast).first().pk,
        "offentlig_vedlegg": Vedlegg.objects.get(tittel="Årsmelding utkast").pk,
        "intern_vedlegg": Vedlegg.objects.get(tittel="Intern merknad").pk,
    }


def _avtaler(apen: Sak, unntatt: Sak, utkast_sak: Sak, pdf: bytes) -> dict:
    """A public agreement with a published version (with a file) adopted in the open sak, an
    unpublished one adopted in the draft meeting's sak, an evaluation treated in the exempt sak;
    a draft agreement."""
    from django.core.files.base import ContentFile

    from avtaler import services as avtale_services
    from avtaler.models import Art

    avtale = avtale_services.avtale_create(
        slug="offentlig-avtale",
        tittel="Delavtale om pasientforløp",
        art=Art.DELAVTALE,
        status="vedtatt",
    )
    versjon = avtale_services.versjon_add(
        avtale=avtale,
        versjon="2024",
        tekst="Offentlig avtaletekst.",
        gjelder_fra=datetime.date(2024, 3, 1),
        publisert=True,
        fil=ContentFile(pdf, name="avtale.pdf"),
    )
    avtale_services.versjon_adopt(versjon=versjon, sak=apen)
    upublisert = avtale_services.versjon_add(
        avtale=avtale,
        versjon="Upublisert utkast",
        tekst="Upublisert avtaletekst.",
        fil=ContentFile(pdf, name="upublisert.pdf"),
    )
    avtale_services.versjon_adopt(versjon=upublisert, sak=utkast_sak)
    evaluering = avtale_services.evaluering_plan(
        avtale=avtale, tittel="Første evaluering", planlagt=datetime.date(2024, 2, 29)
    )
    avtale_services.evaluering_record(evaluering=evaluering, behandlet_i=unntatt, utfall="Drøftet.")
    avtale_services.avtale_create(
        slug="utkast-avtale",
        tittel="Utkast til hemmelig avtale",
        art=Art.DELAVTALE,
        beskrivelse="Hemmelig utkast.",
    )
    return {
        "avtaleversjon": versjon.pk,
        "upublisert_versjon": upublisert.pk,
        "evaluering": evaluering.pk,
    }


def _handlingsplan(apen: Sak, utkast_sak: Sak) -> dict:
    """A published 2024 plan with a tiltak reported in the open sak and in the draft meeting's
    sak, funded by a grant; a draft 2099 plan with a planted tiltak, funded from the same grant
    (its allocation counts in no public sum)."""
    from handlingsplan import services as hp

    plan = hp.handlingsplan_create(aar=2024, publisert=True)
    tiltak = hp.tiltak_create(
        innsatsomrade=hp.innsatsomrade_add(plan=plan, tittel="Akuttkjeden"),
        tittel="Fagutvalg for akuttkjeden",
    )
    hp.statusrapport_add(
        tiltak=tiltak,
        dato=datetime.date(2024, 2, 29),
        status="pagar",
        tekst="Oppstart.",
        rapportert_i=apen,
    )
    hp.statusrapport_add(
        tiltak=tiltak,
        dato=datetime.date(2024, 3, 1),
        status="pagar",
        tekst="Videre.",
        rapportert_i=utkast_sak,
    )
    # The draft is adopted in the open sak, and its tiltak reported on there: the public sak's
    # page must name neither.
    utkast = hp.handlingsplan_create(aar=2099, tittel="Hemmelig planutkast 2099", vedtatt_i=apen)
    skjult_omrade = hp.innsatsomrade_add(plan=utkast, tittel="Hemmelig innsatsområde")
    skjult = hp.tiltak_create(innsatsomrade=skjult_omrade, tittel="Hemmelig utkasttiltak")
    hp.statusrapport_add(
        tiltak=skjult,
        dato=datetime.date(2024, 2, 29),
        status="pagar",
        tekst="Hemmelig rapport.",
        rapportert_i=apen,
    )
    tilskudd = hp.tilskudd_create(kilde="Helsedirektoratet", aar=2024, belop=700_000)
    hp.tildeling_set(tilskudd=tilskudd, tiltak=tiltak, aar=2024, belop=300_000)
    hp.tildeling_set(tilskudd=tilskudd, tiltak=skjult, aar=2024, belop=654_321)
    return {
        "tiltak": tiltak.pk,
        "utkast_tiltak": skjult.pk,
        "utkast_innsatsomrade": skjult_omrade.pk,
        "tilskudd": tilskudd.pk,
    }


def _arsrapporter(ssu) -> None:
    """SSU's 2024 report, published; its 2026 report, a draft with a planted marker."""
    from handlingsplan.arsrapport import services as ar

    ar.arsrapport_save(organ=ssu, aar=2024, tittel="Årsrapport 2024 SSU")
    ar.arsrapport_publish(organ=ssu, aar=2024)
    ar.arsrapport_save(
        organ=ssu, aar=2026, tittel="Årsrapport 2026 SSU", innledning="Hemmelig årsrapportutkast."
    )


def _real_pdf_files() -> dict[int, str]:
    """The public documents rendered for real, each saved beside its tiny PDF: document id →
    the real file's name."""
    from django.core.files.base import ContentFile

    from moter.models import Dokument

    filer = {}
    for dok in Dokument.objects.filter(utgave="offentlig", status="ferdig"):
        pdf = dokumenter.dokument_pdf(
            mote=dok.mote, art=dok.art, utgave=dok.utgave, sak_id=dok.sak_id
        ).pdf
        navn = dok.fil.field.generate_filename(dok, f"{dok.art}-ekte.pdf")
        filer[dok.pk] = dok.fil.storage.save(navn, ContentFile(pdf))
    return filer


def _follow_ups_for_outsiders(brukere: dict) -> None:
    """The exempt sak's follow-up, and one more beside it, with an outsider responsible (and
    their own page, /mine/, listing what they are responsible for): made before the referat was
    approved, given a responsible person afterwards as the admin would."""
    from saker.models import Oppfolging

    hemmelige = Oppfolging.objects.filter(beskrivelse__startswith="Hemmelig oppfølging").order_by(
        "pk"
    )
    for oppfolging, rolle in zip(hemmelige, ["annet_medlem", "tidligere_medlem"], strict=True):
        oppfolging.ansvarlig = brukere[rolle].person
        oppfolging.save()


@dataclass
class World:
    objects: dict
    brukere: dict
    real_pdf: dict[int, str]


@pytest.fixture(scope="module")
def tilgang_world(django_db_setup, django_db_blocker, small_pdf):
    """The matrix's world, built once for the module (tests/support/world.py): SSU with its
    meetings, documents and vedlegg, and a user per role. Each test's changes (a POST that
    succeeds) are rolled back after it."""
    with shared_world(django_db_blocker, "tilgang_world"):
        with django_db_blocker.unblock():
            # In the order the per-test fixtures made them: the meetings before the users.
            ssu = data.ssu_create()
            objects = _objects(ssu, small_pdf)
            fsu = data.fsu_create()
            # FSU's own draft, which FSU's secretariat runs and SSU's does not.
            fsu_utkast = services.mote_create_with_standard_items(
                organ=fsu, start=oslo(2026, 11, 5, 13), sted="SiV"
            )
            services.sak_create(
                organ=fsu, mote=fsu_utkast, tittel="FSU-utkast", sakstyper=["orientering"]
            )
            brukere = {
                "medlem": user_with_verv(ssu, "medlem"),
                "annet_medlem": user_with_verv(fsu, "fsumedlem"),
                # A member of SSU until 31.12.23, before the fixture meetings (29.02.24 on).
                "tidligere_medlem": user_with_verv(
                    ssu, "tidligere", fra=datetime.date(2020, 1, 1), til=datetime.date(2023, 12, 31)
                ),
                # A member of SSU from 1 January next year.
                "fremtidig_medlem": user_with_verv(
                    ssu, "fremtidig", fra=datetime.date(today().year + 1, 1, 1)
                ),
                "sekretariat": SekretariatUserFactory(username="sekretariat"),
                # A verv «sekretariat» in FSU, and one in SSU (neither in the group).
                "sekretariat_annet": user_with_verv(
                    fsu, "fsusekretar", rolle=Verv.Rolle.SEKRETARIAT
                ),
                "organsekretariat": user_with_verv(
                    ssu, "ssusekretar", rolle=Verv.Rolle.SEKRETARIAT
                ),
            }
            _follow_ups_for_outsiders(brukere)
            world = World(objects=objects, brukere=brukere, real_pdf=_real_pdf_files())
        yield world


@pytest.fixture
def objects(tilgang_world, db):
    return tilgang_world.objects


@pytest.fixture
def real_pdf(tilgang_world, objects):
    """The public documents with their real renders, for the check that nothing leaks into
    them."""
    from moter.models import Dokument

    for pk, navn in tilgang_world.real_pdf.items():
        dok = Dokument.objects.get(pk=pk)
        dok.fil.name = navn
        dok.save()
    return objects


@pytest.fixture
def clients(client, tilgang_world, db):
    def klient(rolle):
        client.logout()
        if rolle in tilgang_world.brukere:
            client.force_login(tilgang_world.brukere[rolle])
        return client

    return klient


@pytest.mark.parametrize("navn", sorted(MATRIX))
@pytest.mark.parametrize("rolle", ROLLER)
def test_status_per_role(navn, rolle, objects, clients):
    method, mal, expected = MATRIX[navn]
    klient = clients(rolle)
    response = getattr(klient, method)(mal.format(**objects))
    wait = expected[rolle]
    if wait == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/logg-inn/"), (
            response
        )
    else:
        assert response.status_code == wait, (navn, rolle, response.status_code)


HEMMELIG = [
    "Personalsak ved legevakten",
    "Hemmelig innhold om en ansatt",
    "Hemmelig vedtak om ansatt",
    "Hemmelig oppfølging av ansatt",
    "30.04.24",  # its frist
    "Intern merknad",
    "Upublisert ekstramøte",  # a meeting sent to the members, not published
    "Utkast om nedleggelse",  # a sak of a draft
    "Utkast til hemmelig avtale",  # a draft agreement
    "Upublisert avtaletekst",  # an unpublished version of a public agreement
    "Upublisert utkast",  # its label
    "Hemmelig vedleggstekst",  # the text of a vedlegg only members or the secretariat read
    "Hemmelig planutkast",  # a draft action plan
    "Hemmelig utkasttiltak",  # its tiltak
    "Hemmelig innsatsområde",  # its innsatsområde
    "Hemmelig rapport",  # the report on its tiltak, given in the open sak
    "654\u00a0321",  # the draft tiltak's allocation (654 321 kr) in no public sum
    "654321",
    "Hemmelig årsrapportutkast",  # a draft annual report
    "Hemmelig vervmerknad",  # the secretariat's note on a verv (members page, «Endre verv»)
]
UTENFORSTAENDE = [
    "anonym",
    "annet_medlem",
    "tidligere_medlem",
    "fremtidig_medlem",
    "sekretariat_annet",
]


@pytest.mark.parametrize(
    ("navn", "rolle"),
    [
        (n, r)
        for n, (m, _, f) in MATRIX.items()
        for r in UTENFORSTAENDE
        if m == "get" and f[r] == 200
    ],
)
def test_nothing_exempt_or_non_public_reaches_outsiders(navn, rolle, request, clients, tmp_path):
    objects = request.getfixturevalue("real_pdf" if navn.startswith("dokument") else "objects")
    _, mal, _ = MATRIX[navn]
    response = clients(rolle).get(mal.format(**objects))
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf" and (
        navn.startswith("dokument")
        or navn in {"avtaler-pdf", "arsrapport-pdf", "handlingsplan-pdf"}
    ):
        # The text a reader of the PDF gets, read the way pdftotext reads it.
        fil = tmp_path / "svar.pdf"
        fil.write_bytes(data)
        innhold = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
        ).stdout.decode()
        if navn == "avtaler-pdf":
            assert "Delavtale om pasientforløp" in " ".join(innhold.split())
        elif navn == "arsrapport-pdf":
            # The published referat's vedtak reaches everyone; the exempt sak only screened.
            assert "Årsmeldingen godkjennes" in " ".join(innhold.split())
            assert "Unntatt offentlighet" in innhold
        elif navn == "handlingsplan-pdf":
            assert "Fagutvalg for akuttkjeden" in " ".join(innhold.split())
        else:
            assert "Unntatt offentlighet" in innhold or navn.endswith("png"), navn
    else:
        innhold = data.decode("utf-8", "replace")
    for tekst in HEMMELIG:
        assert tekst not in innhold, (navn, tekst)


@pytest.mark.parametrize("rolle", ROLLER)
def test_the_search_row_hits_the_markers_for_those_who_may_read_them(rolle, objects, clients):
    """The «sok» row's query does find the planted words: for the members and those who run
    SSU the exempt sak by its words, for those who run it the draft's sak too; for the others
    the exempt sak by its number, screened."""
    html = clients(rolle).get(MATRIX["sok"][1].format(**objects)).content.decode()
    assert f'href="/sak/{objects["unntatt_sak"]}/"' in html, rolle
    # The words found are marked (<mark>) in the snippets: the text as a reader reads it.
    html = re.sub(r"</?mark>", "", html)
    if rolle in UTENFORSTAENDE:
        for tekst in HEMMELIG:
            assert tekst not in html, (rolle, tekst)
    leser = rolle in {"medlem", "sekretariat", "organsekretariat"}
    assert ("Personalsak ved legevakten" in html) == leser, rolle
    assert ("Hemmelig vedtak om ansatt" in html) == leser, rolle
    assert ("Utkast om nedleggelse" in html) == (rolle in {"sekretariat", "organsekretariat"})
    # The vedlegg's text: the non-public one and the exempt sak's for members and those who run
    # SSU, the draft's and the queue's for those who run it.
    assert ("vedleggstekst i et internt vedlegg" in html) == leser, rolle
    assert ("vedleggstekst om en ansatt" in html) == leser, rolle
    for hvor in ["i utkastet", "i køen"]:
        funnet = f"vedleggstekst {hvor}" in html
        assert funnet == (rolle in {"sekretariat", "organsekretariat"}), (rolle, hvor)


@pytest.mark.parametrize("rolle", ROLLER)
def test_the_access_filters_select_what_the_predicates_allow(rolle, tilgang_world, db):
    """Lists and object checks cannot drift: over this world, each query filter of
    moter/access.py selects exactly what its predicate allows for the role."""
    from django.contrib.auth.models import AnonymousUser, User

    bruker = tilgang_world.brukere.get(rolle)
    bruker = User.objects.get(pk=bruker.pk) if bruker else AnonymousUser()
    filters_agree_with_predicates(bruker, all_for_all=rolle == "sekretariat")


@pytest.mark.parametrize("rolle", ROLLER)
def test_what_search_looks_in_is_what_the_sak_page_shows(rolle, tilgang_world, db):
    """Search (saker/search.py) looks in a sak's content when the reader reads it in full, in
    its møtebehandling and vedtak when the sak page shows the referat, in its number and
    screened title when the reader sees it screened: the filters agree with the predicates
    over this world."""
    from django.contrib.auth.models import AnonymousUser, User

    from moter import access
    from moter.display import referat_visible
    from saker.search import Reading

    bruker = tilgang_world.brukere.get(rolle)
    bruker = User.objects.get(pk=bruker.pk) if bruker else AnonymousUser()
    reading = Reading.of(bruker)
    saker = list(Sak.objects.select_related("mote__organ"))
    assert len(saker) > 5
    for navn, q in [
        ("full", reading.full),
        ("referat", reading.referat),
        ("skjermet", reading.screened),
    ]:
        valgt = set(Sak.objects.filter(q).values_list("pk", flat=True))
        for sak in saker:
            full = access.can_read_sak_in_full(bruker, sak)
            forventet = {
                "full": full,
                "referat": full
                and sak.mote is not None
                and referat_visible(sak.mote, access.sak_tilgang(bruker, sak)),
                "skjermet": access.can_view_sak(bruker, sak) and not full,
            }[navn]
            assert (sak.pk in valgt) == forventet, (rolle, navn, sak)


@pytest.mark.parametrize("rolle", ROLLER)
def test_whoever_may_download_a_vedlegg_reads_its_sak_in_full(rolle, tilgang_world, db):
    """Search shows a vedlegg hit with its sak's title (saker/search.py): whoever may download
    a vedlegg reads its sak in full, over this world."""
    from django.contrib.auth.models import AnonymousUser, User

    from moter import access

    bruker = tilgang_world.brukere.get(rolle)
    bruker = User.objects.get(pk=bruker.pk) if bruker else AnonymousUser()
    vedlegg = list(Vedlegg.objects.select_related("sak__mote__organ"))
    lastes_ned = [v for v in vedlegg if access.can_download_vedlegg(bruker, v)]
    assert lastes_ned, rolle
    for v in lastes_ned:
        assert access.can_read_sak_in_full(bruker, v.sak), (rolle, v)


@pytest.mark.parametrize("rolle", ROLLER)
def test_the_body_page_lists_only_meetings_its_reader_can_open(rolle, objects, clients):
    """Over every year of the møteplan (the year selector walked from this year)."""
    klient = clients(rolle)
    lenker: set[str] = set()
    aar_sett: set[str] = set()
    igjen = [""]
    while igjen:
        aar = igjen.pop()
        html = klient.get(f"/organ/ssu/{aar}").content.decode()
        lenker |= set(re.findall(r'href="(/mote/\d+/)"', html))
        for neste in set(re.findall(r'href="(\?aar=\d+)#', html)) - aar_sett:
            aar_sett.add(neste)
            igjen.append(neste)
    assert lenker, rolle
    for lenke in lenker:
        assert klient.get(lenke).status_code == 200, (rolle, lenke)


# GETs beside the matrix's own rows: the other documents and editions, and the pages of the
# meeting that approved the referat.
EXTRA_GET = [
    "/mote/{publisert}/dokument/saksdokumenter/",
    "/mote/{publisert}/dokument/saksframlegg/?sak={apen_sak}",
    "/mote/{publisert}/dokument/innkalling/?utgave=medlem",
    "/mote/{publisert}/dokument/innkalling/?utgave=offentlig",
    "/mote/{publisert}/dokument/referat/?utgave=medlem",
    "/mote/{publisert}/dokument/innkalling/status/?utgave=offentlig",
    "/mote/{neste}/",
    "/mote/{neste}/dokument/innkalling/",
    "/sak/{referatsak}/",
    "/vedtak/?organ=ssu&aar=2024",
]


@pytest.mark.parametrize("rolle", ROLLER)
def test_no_get_writes_to_the_database(rolle, request, clients, django_capture_on_commit_callbacks):
    """Every GET of the matrix, as each role, writes nothing but the session: reading a page or
    a document never records, orders or creates anything (nor after the commit)."""
    from tests.support.sql import writes

    objects = request.getfixturevalue("real_pdf")
    klient = clients(rolle)  # logged in before the capture: a login may write
    wrote = {}
    urls = [mal for _, (method, mal, _) in sorted(MATRIX.items()) if method == "get"]
    for mal in urls + EXTRA_GET:
        url = mal.format(**objects)
        with (
            writes(unntatt=("django_session",)) as found,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = klient.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        if found:
            wrote[url] = found
    assert not wrote, wrote
