"""The e-mails about a meeting, as a member's mail server receives them (a real SMTP server,
tests/support/smtp.py): the innkalling with its PDF, .ics and forfall link; once-only per
person under retries; the mail server failing and coming back; forfall, cancellation and move;
and what the secretariat sees of it on the meeting page."""

from __future__ import annotations

import contextlib
import datetime
import io

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from helsefellesskap import outbox
from helsefellesskap.models import Epost, Nettsted, Verv
from helsefellesskap.templatetags.hf import long_date
from moter import notices
from moter import services as mote_services
from moter.forfall import forfall_token
from moter.models import Deltaker, Mote
from tests.factories import PersonFactory, VervFactory
from tests.support.utsending import innkalling_send_via_page as _send
from tests.support.utsending import unfolded as _unfolded

pytestmark = pytest.mark.django_db


def test_the_innkalling_reaches_each_member_with_pdf_calendar_and_forfall_link(
    sek, neste, medlemmer, smtp, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://moter.example.org"
    response = _send(sek, neste, django_capture_on_commit_callbacks)
    assert "Innkallingen er sendt." in response.content.decode()

    assert sorted(d.mottakere[0] for d in smtp.delivered) == [
        "anne@example.org",
        "bjorn@example.org",
    ]
    (anne,) = smtp.to("anne@example.org")
    dato = f"{neste.start.astimezone(timezone.get_current_timezone()).day}."
    assert anne.subject.startswith(f"Innkalling: Møte i Strategisk samarbeidsutvalg {dato}")
    body = anne.body
    assert "Til Anne Aasen" in body
    assert f"Sakslisten og sakspapirene: https://moter.example.org/mote/{neste.pk}/" in body
    assert "Årsmelding 2026" in body
    # The exempt sak's title never goes by mail; the members read it on the portal.
    assert "Personalsak om en navngitt ansatt" not in body
    assert "unntatt offentlighet" in body
    assert "https://moter.example.org/forfall/" in body

    navn, type_, pdf = anne.attachment("application/pdf")
    assert navn.endswith(".pdf")
    tekst = "".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)
    assert "Årsmelding 2026" in tekst
    assert "Personalsak om en navngitt ansatt" not in tekst  # the public edition, as it is exempt

    _, _, kalender = anne.attachment("text/calendar")
    kalender = _unfolded(kalender)
    assert "METHOD:REQUEST" in kalender
    assert f"UID:mote-{neste.pk}@moter.example.org" in kalender
    assert "SEQUENCE:0" in kalender
    assert "mailto:anne@example.org" in kalender

    # Who got it, who has no address: on the meeting page, for the secretariat.
    side = sek.get(f"/mote/{neste.pk}/").content.decode()
    assert "Innkalling: sendt til 2 av 3, 1 uten e-postadresse" in side
    assert "Cecilie Dahl" in side


def test_the_members_edition_goes_with_the_mail_when_nothing_is_exempt(
    sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    neste.saker.filter(unntatt_offentlighet=True).delete()
    _send(sek, neste, django_capture_on_commit_callbacks)
    (anne,) = smtp.to("anne@example.org")
    assert "unntatt offentlighet" not in anne.body
    assert "Innkallingen ligger ved som PDF." in anne.body


def test_a_pdf_too_large_for_mail_is_linked_instead_of_attached(
    sek, neste, medlemmer, smtp, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://moter.example.org"
    settings.EPOST_VEDLEGG_MAKS_MB = 0  # every PDF is too large
    _send(sek, neste, django_capture_on_commit_callbacks)
    (anne,) = smtp.to("anne@example.org")
    assert f"Innkallingen som PDF: https://moter.example.org/mote/{neste.pk}/#dokumenter" in (
        anne.body
    )
    assert "ligger ved som PDF" not in anne.body
    assert [a[1] for a in anne.attachments()] == ["text/calendar"]  # the invitation alone


def test_a_title_with_a_line_break_never_breaks_the_subject(
    sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    """A row stored before titles were refused with line breaks: the e-mail still goes."""
    Mote.objects.filter(pk=neste.pk).update(tittel="Strategi-\nsamling")
    _send(sek, neste, django_capture_on_commit_callbacks)
    (anne,) = smtp.to("anne@example.org")
    assert anne.subject.startswith("Innkalling: Strategi- samling ")


def test_sending_again_or_a_retried_task_sends_nothing_twice(
    sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    _send(sek, neste, django_capture_on_commit_callbacks)
    assert len(smtp.delivered) == 2
    # The task delivered twice by the broker, and each message's task run again.
    with django_capture_on_commit_callbacks(execute=True):
        notices.innkalling_notify(mote_id=neste.pk)
    for epost in Epost.objects.filter(mote_id=neste.pk):
        outbox.epost_send(pk=epost.pk)
    assert len(smtp.delivered) == 2
    assert Epost.objects.filter(mote_id=neste.pk, art="innkalling").count() == 3


def _prove(key: str, person) -> Epost:
    return outbox.queue(key=key, art="paaminnelse", person=person, emne="Prøve", tekst="Hei")


def test_nothing_is_sent_before_the_commit_nor_when_it_rolls_back(
    medlemmer, smtp, django_capture_on_commit_callbacks
):
    anne = medlemmer["Anne"]
    with django_capture_on_commit_callbacks() as etter_commit:
        _prove("proeve:commit", anne)
        assert smtp.delivered == []  # inside the transaction (the request): queued only
    assert smtp.delivered == [] and len(etter_commit) == 1
    etter_commit[0]()
    assert [d.subject for d in smtp.to("anne@example.org")] == ["Prøve"]

    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True) as etter_commit:
        with contextlib.suppress(RuntimeError), transaction.atomic():
            _prove("proeve:rulles-tilbake", anne)
            raise RuntimeError("the request failed after queueing")
    assert etter_commit == [] and smtp.delivered == []
    assert not Epost.objects.filter(nokkel="proeve:rulles-tilbake").exists()


def test_a_mail_server_that_fails_is_tried_again_and_delivers_once(
    sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    smtp.refuse_next(2)  # both members' first try: 451, try later
    _send(sek, neste, django_capture_on_commit_callbacks)
    assert smtp.delivered == []
    venter = Epost.objects.filter(mote_id=neste.pk, status="venter")
    assert venter.count() == 2
    assert all(e.forsok == 1 and e.neste_forsok for e in venter)
    assert "Prøv igjen" in venter.first().feilmelding or "451" in venter.first().feilmelding
    side = sek.get(f"/mote/{neste.pk}/").content.decode()
    assert "2 venter" in side

    assert outbox.outbox_flush() == 0  # not due yet
    Epost.objects.filter(mote_id=neste.pk).update(neste_forsok=timezone.now())
    assert outbox.outbox_flush() == 2
    assert outbox.outbox_flush() == 0
    assert sorted(d.mottakere[0] for d in smtp.delivered) == [
        "anne@example.org",
        "bjorn@example.org",
    ]


def test_a_refused_address_is_given_up_with_the_reason(
    sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    smtp.refuse_next(1, "550 5.1.1 Ukjent mottaker")
    _send(sek, neste, django_capture_on_commit_callbacks)
    feilet = Epost.objects.get(mote_id=neste.pk, status="feilet")
    assert feilet.feilmelding.startswith("e-posttjeneren avviste meldingen")
    assert len(smtp.delivered) == 1
    side = sek.get(f"/mote/{neste.pk}/").content.decode()
    assert "1 feilet" in side


def test_after_the_last_try_the_message_is_marked_failed(neste, medlemmer, smtp, settings):
    settings.EPOST_FORSOK_PAUSER = [0]
    smtp.refuse_next(5)
    epost = outbox.queue(
        key="proeve",
        art="paaminnelse",
        person=medlemmer["Anne"],
        emne="Prøve",
        tekst="Hei",
        mote_id=neste.pk,
    )
    assert outbox.epost_send(pk=epost.pk).status == "venter"
    assert outbox.epost_send(pk=epost.pk).status == "feilet"
    assert outbox.epost_send(pk=epost.pk) is None  # given up: never tried again
    assert smtp.delivered == []


# --- Forfall from the mail ---------------------------------------------------------------------


def _lenke(body: str) -> str:
    (linje,) = [line for line in body.splitlines() if "/forfall/" in line]
    return linje[linje.index("/forfall/") :].strip()


def test_forfall_from_the_link_without_logging_in(
    client, innkalt, medlemmer, smtp, sek, django_capture_on_commit_callbacks, settings
):
    anne = medlemmer["Anne"]
    token = forfall_token(mote=innkalt, person=anne)
    side = client.get(f"/forfall/{token}/")
    assert side.status_code == 200
    html = side.content.decode()
    assert "Anne Aasen" in html and "Meld forfall" in html
    assert side["Referrer-Policy"] == "same-origin"

    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(
            f"/forfall/{token}/", {"handling": "meld", "merknad": "Bjørg møter for meg"}
        )
    assert svar.status_code == 302
    d = Deltaker.objects.get(mote=innkalt, person=anne)
    assert d.oppmote == "forfall" and d.merknad == "Bjørg møter for meg"
    # The one forfall is reported to is told, with the comment.
    (melding,) = smtp.to("kari@example.org")
    assert melding.subject.startswith("Forfall: Anne Aasen – SSU")
    assert "Bjørg møter for meg" in melding.body
    # The secretariat sees it, counted, on the meeting page.
    assert "Meldt forfall (1)" in sek.get(f"/mote/{innkalt.pk}/").content.decode()

    # The same link again: the status, and a way to withdraw.
    html = client.get(f"/forfall/{token}/").content.decode()
    assert "Du har meldt forfall til dette møtet (Bjørg møter for meg)" in html
    client.post(f"/forfall/{token}/", {"handling": "trekk"})
    d.refresh_from_db()
    assert d.oppmote == "invitert"
    assert "Meldt forfall (0)" in sek.get(f"/mote/{innkalt.pk}/").content.decode()
    assert [h.history_change_reason for h in d.history.order_by("history_id")][-2:] == [
        "Forfall meldt",
        "Forfall trukket",
    ]


def test_the_link_in_the_mail_is_the_persons_own(
    innkalt, medlemmer, client, smtp, sek, django_capture_on_commit_callbacks
):
    Epost.objects.filter(mote_id=innkalt.pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        notices.innkalling_notify(mote_id=innkalt.pk)
    (bjorn,) = smtp.to("bjorn@example.org")
    html = client.get(_lenke(bjorn.body)).content.decode()
    assert "Bjørn Berg" in html and "Anne Aasen" not in html


def test_a_tampered_link_is_refused(client, innkalt, medlemmer):
    token = forfall_token(mote=innkalt, person=medlemmer["Anne"])
    svar = client.get(f"/forfall/{token[:-2]}xx/")
    assert svar.status_code == 400
    assert "Lenken er ikke gyldig" in svar.content.decode()
    # And a post with it changes nothing.
    client.post(f"/forfall/{token[:-2]}xx/", {"handling": "meld"})
    assert not Deltaker.objects.filter(mote=innkalt, oppmote="forfall").exists()


def test_the_link_expires_when_the_meeting_starts(client, innkalt, medlemmer):
    token = forfall_token(mote=innkalt, person=medlemmer["Anne"])
    Mote.objects.filter(pk=innkalt.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5), slutt=None
    )
    svar = client.post(f"/forfall/{token}/", {"handling": "meld"})
    assert svar.status_code == 410
    assert "Møtet har startet" in svar.content.decode()
    assert not Deltaker.objects.filter(mote=innkalt, oppmote="forfall").exists()


def test_a_link_older_than_a_year_is_refused(client, innkalt, medlemmer, monkeypatch):
    import time

    token = forfall_token(mote=innkalt, person=medlemmer["Anne"])
    naa = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: naa + 366 * 24 * 3600)
    svar = client.get(f"/forfall/{token}/")
    assert svar.status_code == 410
    assert "Lenken er for gammel." in svar.content.decode()


def test_a_long_comment_is_refused_at_the_field(client, innkalt, medlemmer):
    token = forfall_token(mote=innkalt, person=medlemmer["Anne"])
    svar = client.post(f"/forfall/{token}/", {"handling": "meld", "merknad": "x" * 301})
    assert svar.status_code == 400
    assert "x" * 301 in svar.content.decode()  # what was typed is kept
    assert not Deltaker.objects.filter(mote=innkalt, oppmote="forfall").exists()


# --- Cancelled and moved -----------------------------------------------------------------------


def test_a_moved_meeting_updates_the_calendar_entry(
    innkalt, smtp, django_capture_on_commit_callbacks
):
    ny = innkalt.start + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.mote_move(mote=innkalt, start=ny, slutt=ny + datetime.timedelta(hours=2))
    assert sorted(d.mottakere[0] for d in smtp.delivered) == [
        "anne@example.org",
        "bjorn@example.org",
    ]
    (anne,) = smtp.to("anne@example.org")
    assert anne.subject.startswith("Endret: ")
    assert "før:" in anne.body
    _, _, kalender = anne.attachment("text/calendar")
    kalender = _unfolded(kalender)
    assert "SEQUENCE:1" in kalender and "METHOD:REQUEST" in kalender
    assert f"UID:mote-{innkalt.pk}@" in kalender


def test_a_cancelled_meeting_cancels_the_calendar_entry(
    innkalt, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.mote_cancel(mote=innkalt, begrunnelse="For få saker")
    (anne,) = smtp.to("anne@example.org")
    assert anne.subject.startswith("Avlyst: ")
    assert "Begrunnelse: For få saker" in anne.body
    _, _, kalender = anne.attachment("text/calendar")
    kalender = _unfolded(kalender)
    assert "METHOD:CANCEL" in kalender and "STATUS:CANCELLED" in kalender
    assert "SEQUENCE:1" in kalender
    # The same entry as the innkalling's, so the calendar removes it rather than adding one.
    assert f"UID:mote-{innkalt.pk}@" in kalender


def test_a_meeting_moved_then_cancelled_raises_the_sequence_of_one_calendar_entry(
    innkalt, smtp, django_capture_on_commit_callbacks
):
    ny = innkalt.start + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.mote_move(mote=innkalt, start=ny, slutt=ny + datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.mote_cancel(mote=innkalt, begrunnelse="Ingen saker")
    meldinger = {d.subject.split(":")[0]: d for d in smtp.to("anne@example.org")}
    kalendere = [
        _unfolded(meldinger[art].attachment("text/calendar")[2]) for art in ("Endret", "Avlyst")
    ]
    assert [k.count(f"UID:mote-{innkalt.pk}@") for k in kalendere] == [1, 1]
    assert ["SEQUENCE:1" in kalendere[0], "SEQUENCE:2" in kalendere[1]] == [True, True]
    assert "STATUS:CANCELLED" not in kalendere[0] and "STATUS:CANCELLED" in kalendere[1]


def test_a_meeting_never_sent_tells_nobody_when_cancelled(neste, medlemmer, smtp):
    mote_services.mote_cancel(mote=neste, begrunnelse="Ingen saker")
    assert not Epost.objects.exists()


def test_the_secretariats_address_gets_forfall_when_nobody_is_named(
    client, sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks
):
    Nettsted.objects.create(epost="post@helsefellesskap.example.org")
    _send(sek, neste, django_capture_on_commit_callbacks)
    smtp.clear()
    neste.refresh_from_db()
    token = forfall_token(mote=neste, person=medlemmer["Bjørn"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forfall/{token}/", {"handling": "meld"})
    assert [d.mottakere for d in smtp.delivered] == [["post@helsefellesskap.example.org"]]


# --- Referat and reminders ---------------------------------------------------------------------


def test_referat_out_for_comments_and_published_reach_the_members(
    mote, medlemmer, smtp, django_capture_on_commit_callbacks
):
    """SSU 29.02.24 (held): the draft for comments with the deadline, then the publication."""
    mote_services.mote_set_avholdt(mote=mote)
    frist = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.referat_send_for_comments(mote=mote, frist=frist)
    (anne,) = smtp.to("anne@example.org")
    assert (
        anne.subject == "Referat til kommentar: Møte i Strategisk samarbeidsutvalg 29. februar 2024"
    )
    assert f"innen {frist.day}." in anne.body
    assert f"/mote/{mote.pk}/#referat" in anne.body
    assert Epost.objects.get(person=medlemmer["Cecilie"], art="referat_kommentar").status == (
        "uten_adresse"
    )


def test_a_published_referat_reaches_the_members_once_per_version(
    mote, medlemmer, smtp, django_capture_on_commit_callbacks
):
    """SSU 29.02.24, its referat approved (version 1) and published: each member is told once,
    with the link to the referat; publishing again tells nobody again."""
    mote_services.mote_set_avholdt(mote=mote)
    mote_services.referat_set_approved(mote=mote)
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.referat_publish(mote=mote)
        mote_services.referat_publish(mote=mote)
    assert sorted(d.mottakere[0] for d in smtp.delivered) == [
        "anne@example.org",
        "bjorn@example.org",
    ]
    (anne,) = smtp.to("anne@example.org")
    assert anne.subject == "Referat publisert: Møte i Strategisk samarbeidsutvalg 29. februar 2024"
    assert "Referatet fra møte i Strategisk samarbeidsutvalg 29. februar 2024 er godkjent" in (
        anne.body
    )
    assert f"/mote/{mote.pk}/#referat" in anne.body


def _reminder_ready(innkalt, dager_til_mote: int):
    Mote.objects.filter(pk=innkalt.pk).update(
        start=timezone.now() + datetime.timedelta(days=dager_til_mote),
        slutt=None,
        innkalling_sendt=timezone.now() - datetime.timedelta(days=10),
    )
    innkalt.refresh_from_db()


def test_the_reminder_goes_on_its_day_once_and_not_to_those_with_forfall(
    innkalt, medlemmer, smtp, django_capture_on_commit_callbacks
):
    _reminder_ready(innkalt, 5)
    assert notices.paaminnelser_queue() == []  # three days before, not five
    _reminder_ready(innkalt, 2)
    mote_services.forfall_report(mote=innkalt, person=medlemmer["Bjørn"])
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices.paaminnelser_queue()
        notices.paaminnelser_queue()  # the next hour's run
    assert [d.mottakere for d in smtp.delivered] == [["anne@example.org"]]
    (anne,) = smtp.delivered
    assert anne.subject.startswith("Påminnelse: ")
    assert "/forfall/" in anne.body


def test_no_reminder_when_the_innkalling_itself_came_late(innkalt, smtp):
    _reminder_ready(innkalt, 2)
    Mote.objects.filter(pk=innkalt.pk).update(innkalling_sendt=timezone.now())
    assert notices.paaminnelser_queue() == []


def test_a_body_without_reminders_gets_none(innkalt, ssu, smtp):
    _reminder_ready(innkalt, 2)
    ssu.paaminnelse_dager = None
    ssu.save()
    assert notices.paaminnelser_queue() == []


def test_the_members_vara_hears_of_the_forfall(
    client, innkalt, medlemmer, ssu, smtp, django_capture_on_commit_callbacks
):
    vara = PersonFactory(navn="Vera Vara", epost="vera@example.org")
    VervFactory(organ=ssu, rolle=Verv.Rolle.VARAMEDLEM, person=vara, vara_for=medlemmer["Anne"])
    annen = PersonFactory(navn="Viggo Vara", epost="viggo@example.org")
    VervFactory(organ=ssu, rolle=Verv.Rolle.VARAMEDLEM, person=annen, vara_for=medlemmer["Bjørn"])
    token = forfall_token(mote=innkalt, person=medlemmer["Anne"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forfall/{token}/", {"handling": "meld"})
    (melding,) = smtp.to("vera@example.org")
    assert melding.subject.startswith("Du er vara: Anne Aasen har meldt forfall til SSU")
    assert "Kan du møte? Gi beskjed til sekretariatet (Kari Sekretær, kari@example.org)." in (
        melding.body
    )
    assert smtp.to("viggo@example.org") == []


def test_a_logged_in_member_reports_and_withdraws_forfall_on_the_meeting_page(
    client, innkalt, ssu, smtp, django_capture_on_commit_callbacks
):
    from tests.factories import user_with_verv

    medlem = user_with_verv(ssu, "hanna")
    client.force_login(medlem)
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(f"/mote/{innkalt.pk}/forfall/", {"merknad": "Syk"}, follow=True)
    html = svar.content.decode()
    assert "Forfallet er registrert, og sekretariatet har fått beskjed på e-post." in html
    assert "Trekk forfallet" in html
    assert [d.mottakere for d in smtp.delivered] == [["kari@example.org"]]
    svar = client.post(f"/mote/{innkalt.pk}/forfall/", {"handling": "trekk"}, follow=True)
    assert "Forfallet er trukket." in svar.content.decode()
    assert not Deltaker.objects.filter(mote=innkalt, oppmote="forfall").exists()


def test_forfall_goes_to_the_body_s_secretariat_when_nobody_is_named(
    client, neste, medlemmer, ssu, sek, smtp, django_capture_on_commit_callbacks
):
    sekretaer = PersonFactory(navn="Siri Sekretær", epost="siri@example.org")
    VervFactory(organ=ssu, rolle=Verv.Rolle.SEKRETARIAT, person=sekretaer)
    _send(sek, neste, django_capture_on_commit_callbacks)
    smtp.clear()
    token = forfall_token(mote=neste, person=medlemmer["Anne"])
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(f"/forfall/{token}/", {"handling": "meld"}, follow=True)
    assert "sekretariatet har fått beskjed på e-post" in svar.content.decode()
    assert [d.mottakere for d in smtp.delivered] == [["siri@example.org"]]


def test_the_page_says_so_when_nobody_can_be_told(
    client, neste, medlemmer, sek, smtp, django_capture_on_commit_callbacks
):
    _send(sek, neste, django_capture_on_commit_callbacks)
    smtp.clear()
    token = forfall_token(mote=neste, person=medlemmer["Anne"])
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(f"/forfall/{token}/", {"handling": "meld"}, follow=True)
    html = svar.content.decode()
    assert "Forfallet er registrert. Sekretariatet ser det på møtesiden." in html
    assert "fått beskjed" not in html
    assert smtp.delivered == []


def test_each_kind_goes_in_the_body_s_own_wording(
    sek, innkalt, smtp, django_capture_on_commit_callbacks
):
    """The templates page (/organ/ssu/meldinger/) holds one wording per kind: the reminder and
    the cancellation each go in theirs, with what the portal always adds."""
    svar = sek.post(
        "/organ/ssu/meldinger/",
        {
            "paaminnelse-emne": "Husk {organ} {dato}",
            "paaminnelse-innledning": "Vi gleder oss til å se deg.",
            "avlysning-emne": "{organ} {dato} går ut",
            "avlysning-innledning": "Beklager kort varsel.",
        },
    )
    assert svar.status_code == 302
    _reminder_ready(innkalt, 2)
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices.paaminnelser_queue()
    with django_capture_on_commit_callbacks(execute=True):
        mote_services.mote_cancel(mote=innkalt, begrunnelse="For få saker")
    dato = long_date(innkalt.start)  # «5. desember 2026»
    paaminnelse, avlysning = sorted(smtp.to("anne@example.org"), key=lambda d: d.subject)
    assert (paaminnelse.subject, avlysning.subject) == (f"Husk SSU {dato}", f"SSU {dato} går ut")
    assert "Vi gleder oss til å se deg." in paaminnelse.body
    assert "/forfall/" in paaminnelse.body
    assert "Beklager kort varsel." in avlysning.body
    assert "Begrunnelse: For få saker" in avlysning.body
    assert avlysning.attachment("text/calendar")
