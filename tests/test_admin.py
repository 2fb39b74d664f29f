"""The Django admin opens for every registered model (master data is maintained there)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_changelist_and_first_change_page_open(admin_client, model):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_admin_action_cancels_through_the_service(admin_client):
    from moter.models import Mote

    utkast = Mote.objects.filter(status=Mote.Status.PLANLAGT).first()
    avholdt = Mote.objects.filter(status=Mote.Status.AVHOLDT).first()
    admin_client.post(
        reverse("admin:moter_mote_changelist"),
        {"action": "avlys", "_selected_action": [utkast.pk, avholdt.pk]},
    )
    utkast.refresh_from_db()
    avholdt.refresh_from_db()
    assert utkast.status == Mote.Status.AVLYST
    assert avholdt.status == Mote.Status.AVHOLDT  # refused: the meeting is held


def _save_user(admin_client, bruker, grupper):
    return admin_client.post(
        reverse("admin:auth_user_change", args=[bruker.pk]),
        {
            "username": bruker.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "groups": [g.pk for g in grupper],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "12:00:00",
        },
    )


def test_joining_and_leaving_the_secretariat_in_the_admin_is_recorded(admin_client):
    from django.contrib.auth.models import Group

    from helsefellesskap.access import SEKRETARIAT_GROUP

    admin = User.objects.get(username="admin")
    bruker = User.objects.get(username="medlem")
    group = Group.objects.get(name=SEKRETARIAT_GROUP)
    assert _save_user(admin_client, bruker, [group]).status_code == 302
    assert bruker.groups.filter(pk=group.pk).exists()
    assert _save_user(admin_client, bruker, []).status_code == 302

    entries = list(bruker.history.order_by("history_date", "history_id"))
    grupper = [{g.group.name for g in p.groups.all()} for p in entries]
    added = grupper.index({SEKRETARIAT_GROUP})
    assert entries[added].history_user == admin  # who added, and when
    assert entries[added].history_date is not None
    assert grupper[-1] == set() and entries[-1].history_user == admin  # removed again
    assert "password" not in {f.name for f in bruker.history.model._meta.fields}
    # A login changes nobody's groups and leaves no record.
    count = bruker.history.count()
    admin_client.logout()
    response = admin_client.post("/logg-inn/", {"username": "medlem", "password": "demo-medlem"})
    assert response.status_code == 302 and "_auth_user_id" in admin_client.session
    assert bruker.history.count() == count


def test_a_change_from_the_groups_side_is_recorded_too(db):
    from django.contrib.auth.models import Group

    from helsefellesskap.access import SEKRETARIAT_GROUP

    bruker = User.objects.create(username="ny")
    group = Group.objects.create(name=SEKRETARIAT_GROUP)
    group.user_set.add(bruker)
    assert {g.group.name for g in bruker.history.latest().groups.all()} == {SEKRETARIAT_GROUP}
    group.user_set.clear()
    assert not bruker.history.latest().groups.exists()


def test_an_approved_referat_cannot_be_changed_silently_in_the_admin(admin_client):
    from moter import services as mote_services
    from moter.models import Mote
    from saker import services
    from saker.models import Sak

    mote = Mote.objects.get(organ__slug="ssu", start__date="2024-02-29")
    neste = Mote.objects.get(organ__slug="ssu", start__date="2024-05-23")
    mote_services.mote_set_avholdt(mote=mote)
    mote_services.deltakere_propose(mote=mote)
    sak = Sak.objects.get(mote=mote, saksnr="2024.5")
    services.referat_save(sak=sak, protokoll="Gjennomgått.", vedtak="Godkjent.")
    url = reverse("admin:moter_mote_change", args=[mote.pk])
    assert 'name="deltakere-0-oppmote"' in admin_client.get(url).content.decode()

    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=mote), bekreftet=True)
    # Attendance is shown, but not as fields: it changes on the referat page, with a reason.
    html = admin_client.get(url).content.decode()
    assert "Gjennomgått." not in html  # (the sak's text is on the sak's page)
    assert 'name="deltakere-0-oppmote"' not in html
    html = admin_client.get(reverse("admin:saker_sak_change", args=[sak.pk])).content.decode()
    assert "Gjennomgått." in html
    assert 'name="vedtak"' not in html and 'name="protokoll"' not in html


class _Form(HTMLParser):
    """What a browser would post from the admin's change form, as it is shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._chosen: list[str] = []
        self._first: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        navn = a.get("name")
        if tag == "input" and navn and navn != "csrfmiddlewaretoken":
            type_ = a.get("type", "text")
            if type_ in {"submit", "button", "file", "image"}:
                return
            if type_ in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(navn, []).append(
                a.get("value") or ("on" if type_ == "checkbox" else "")
            )
        elif tag == "select" and navn:
            self._select, self._chosen, self._first = navn, [], None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._chosen.append(a.get("value", ""))
        elif tag == "textarea" and navn:
            self._textarea, self._text = navn, ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            values = self._chosen or ([self._first] if self._first is not None else [])
            self.data.setdefault(self._select, []).extend(values)
            self._select = None
        elif tag == "textarea" and self._textarea:
            tekst = self._text[1:] if self._text.startswith("\n") else self._text
            self.data.setdefault(self._textarea, []).append(tekst)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def _change_form(admin_client, url) -> dict[str, list[str]]:
    response = admin_client.get(url)
    assert response.status_code == 200
    skjema = _Form()
    skjema.feed(response.content.decode())
    return skjema.data


def _utkast():
    from moter.models import Mote

    return Mote.objects.get(organ__slug="ssu", start__date="2026-12-10")


def test_a_post_to_the_meeting_form_cannot_change_its_life_cycle_or_time(admin_client):
    from moter.models import Mote

    mote = _utkast()
    url = reverse("admin:moter_mote_change", args=[mote.pk])
    data = _change_form(admin_client, url)
    assert "status" not in data and "start_0" not in data and "innkalling_publisert_0" not in data
    data |= {
        "sted": ["Horten rådhus"],
        "status": ["avlyst"],
        "start_0": ["2027-01-07"],
        "start_1": ["13:00:00"],
        "innkalling_publisert_0": ["2026-11-01"],
        "innkalling_publisert_1": ["12:00:00"],
        "referat_versjon": ["7"],
        "_save": ["Lagre"],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    after = Mote.objects.get(pk=mote.pk)
    assert after.sted == "Horten rådhus"  # saved, through the meeting's service
    assert after.history.first().sted == "Horten rådhus"
    assert (after.status, after.start, after.innkalling_publisert, after.referat_versjon) == (
        Mote.Status.PLANLAGT,
        mote.start,
        None,
        0,
    )
    # A meeting is added on the portal's pages (with its standard items), not here.
    assert admin_client.get(reverse("admin:moter_mote_add")).status_code == 403


def test_the_admin_refuses_a_meeting_without_place_or_link_at_the_field(admin_client):
    mote = _utkast()
    url = reverse("admin:moter_mote_change", args=[mote.pk])
    data = _change_form(admin_client, url) | {"sted": [""], "digital_lenke": [""]}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sted"] == [
        "Fyll ut møtested eller lenke til digitalt møte."
    ]
    mote.refresh_from_db()
    assert mote.sted == "Tønsberg, SiV HF, møterom CA-E1-028"


def test_admin_actions_send_and_publish_the_innkalling_through_the_services(admin_client):
    from moter.models import Dokument, Mote

    mote = _utkast()
    liste = reverse("admin:moter_mote_changelist")
    admin_client.post(liste, {"action": "send_innkalling", "_selected_action": [mote.pk]})
    mote.refresh_from_db()
    assert mote.status == Mote.Status.INNKALT and mote.innkalling_sendt is not None
    # Sending froze the agenda's numbers: those of the draft, after 21/26.
    assert [s.saksnr for s in mote.saker.order_by("rekkefolge")][:2] == ["22/26", "23/26"]

    admin_client.post(liste, {"action": "publiser", "_selected_action": [mote.pk]})
    mote.refresh_from_db()
    assert mote.innkalling_publisert is not None
    assert Dokument.objects.filter(mote=mote, utgave=Dokument.Edition.OFFENTLIG).exists()

    admin_client.post(liste, {"action": "avpubliser", "_selected_action": [mote.pk]})
    mote.refresh_from_db()
    assert mote.innkalling_publisert is None
    # Sent once only: a second send is refused with the service's reason.
    response = admin_client.post(
        liste, {"action": "send_innkalling", "_selected_action": [mote.pk]}, follow=True
    )
    assert "Innkallingen er allerede sendt" in response.content.decode()


def _vedlegg_form(admin_client, sak, vedlegg):
    url = reverse("admin:saker_sak_change", args=[sak.pk])
    data = _change_form(admin_client, url)
    row = next(
        k.removesuffix("-id")
        for k, v in data.items()
        if k.startswith("vedlegg-") and v == [str(vedlegg.pk)]
    )
    return url, data | {f"{row}-DELETE": ["on"], "_save": ["Lagre"]}


def test_deleting_a_vedlegg_of_a_published_innkalling_in_the_admin_is_refused(admin_client):
    from moter.models import Dokument
    from saker.models import Vedlegg

    vedlegg = Vedlegg.objects.filter(
        sak__mote__innkalling_publisert__isnull=False, sak__saksnr="17/26"
    ).first()
    publisert = set(
        Dokument.objects.filter(mote=vedlegg.sak.mote, publisert__isnull=False).values_list(
            "pk", flat=True
        )
    )
    url, data = _vedlegg_form(admin_client, vedlegg.sak, vedlegg)
    # Not offered (moter.access.can_delete_vedlegg_of), and a forged deletion does nothing.
    assert not re.search(r'name="vedlegg-\d+-DELETE"', admin_client.get(url).content.decode())
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert Vedlegg.objects.filter(pk=vedlegg.pk).exists()
    assert publisert == set(
        Dokument.objects.filter(mote=vedlegg.sak.mote, publisert__isnull=False).values_list(
            "pk", flat=True
        )
    )


def test_deleting_a_vedlegg_in_the_admin_goes_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from saker import services
    from saker.models import Vedlegg
    from tests.support.files import PDF

    sak = _utkast().saker.get(tittel="Handlingsplan 2027")
    vedlegg = services.vedlegg_add(sak=sak, tittel="Utkast", fil=ContentFile(PDF, "u.pdf"))
    fil = vedlegg.fil.path
    url, data = _vedlegg_form(admin_client, sak, vedlegg)
    assert re.search(r'name="vedlegg-\d+-DELETE"', admin_client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not Vedlegg.objects.filter(pk=vedlegg.pk).exists()
    assert not Path(fil).exists()  # the service deletes the file too


def test_a_change_to_a_sak_in_the_admin_goes_through_the_service(admin_client):
    from moter import services as mote_services
    from saker.models import Sak

    mote = _utkast()
    eventuelt = next(s for s in mote.saker.all() if s.sakstyper == ["eventuelt"])
    assert eventuelt.saksnr == ""
    url = reverse("admin:saker_sak_change", args=[eventuelt.pk])
    data = _change_form(admin_client, url) | {
        "tittel": ["Status for samhandlingsavvik"],
        "sakstyper": ['["orientering"]'],
        "_save": ["Lagre"],
    }
    assert admin_client.post(url, data).status_code == 302
    after = Sak.objects.get(pk=eventuelt.pk)
    # The service numbers a line that now takes a number, as the agenda editor does.
    assert after.tittel == "Status for samhandlingsavvik" and after.saksnr
    assert after.history.first().tittel == "Status for samhandlingsavvik"

    # A cancelled meeting's saker are shown, not changed (as on the pages).
    mote_services.mote_cancel(mote=mote, begrunnelse="Ingen saker")
    html = admin_client.get(url).content.decode()
    assert "Status for samhandlingsavvik" in html
    assert 'name="tittel"' not in html and 'name="sakstyper"' not in html
