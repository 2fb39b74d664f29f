"""The agreement pages: what the public and the secretariat see in the register and on an
agreement's page (a draft agreement, a non-public one and an unpublished version never reach the
public; the sak a version was adopted in is linked only for those who may see it), the
evaluations due, the secretariat's forms with bad input (PostgreSQL), and the link from a sak's
page."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from avtaler import services
from avtaler.models import Art, Avtale, Avtaleversjon, Evaluering
from helsefellesskap.models import today
from saker.models import Sak

D = datetime.date
pytestmark = pytest.mark.django_db

HEMMELIG = [
    "Hemmelig utkastavtale",
    "Intern samarbeidsavtale",
    "Upublisert revisjonstekst",
    "v-2099",
]


def _tekst(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_public_register_shows_the_tree_and_nothing_unpublished(client, register):
    html = client.get("/avtaler/").content.decode()
    tekst = _tekst(client.get("/avtaler/"))
    for marker in HEMMELIG:
        assert marker not in html
    # The delavtale hangs under the overordnet avtale.
    tre = re.search(r'<ul aria-label="Under Overordnet samarbeidsavtale">(.*?)</ul>', html, re.S)
    assert tre and "Delavtale om helhetlige pasientforløp" in tre.group(1)
    assert "Versjon 2025, gjelder fra 1. desember 2025" in tekst
    apen = register["apen"]
    assert f'href="/sak/{apen.pk}/"' in html
    assert f"SSU-sak {apen.saksnr} (29. februar 2024)" in tekst
    assert "Neste evaluering: 27. november 2099" in tekst
    # The overordnet's sak is on a draft meeting: not linked, not named, for the public.
    assert f"/sak/{register['utkast_sak'].pk}/" not in html
    assert "Utkast om nedleggelse" not in html


def test_the_secretariat_sees_drafts_and_unpublished_versions(sek, register):
    html = sek.get("/avtaler/").content.decode()
    assert "Hemmelig utkastavtale" in html and "Intern samarbeidsavtale" in html
    assert f"/sak/{register['utkast_sak'].pk}/" in html
    side = sek.get("/avtaler/pasientforlop/").content.decode()
    assert "v-2099" in side and "Ikke publisert" in side and "Publiser" in side
    assert sek.get(f"/avtaler/versjon/{register['upublisert'].pk}/").status_code == 200
    assert sek.get("/avtaler/utkast/").status_code == 200


def test_an_agreement_page_for_the_public(client, register, parter):
    response = client.get("/avtaler/overordnet/")
    tekst = _tekst(response)
    assert "Tønsberg kommune, signert 1. juni 2023" in tekst
    assert "Helse- og omsorgstjenesteloven § 6-2" in tekst
    assert "Versjon 2023 gjelder fra 1. juni 2023" in tekst
    assert "Utkast om nedleggelse" not in response.content.decode()
    side = client.get("/avtaler/pasientforlop/")
    html = side.content.decode()
    for marker in HEMMELIG:
        assert marker not in html
    v = register["versjon"]
    assert f'href="/avtaler/versjon/{v.pk}/fil/"' in html
    assert "01.12.25–" in _tekst(side)  # the versions table: short dates
    fil = client.get(f"/avtaler/versjon/{v.pk}/fil/")
    assert fil.status_code == 200 and b"".join(fil.streaming_content).startswith(b"%PDF")
    # What is not published answers 404, as if it did not exist.
    u = register["upublisert"]
    for url in (
        f"/avtaler/versjon/{u.pk}/",
        f"/avtaler/versjon/{u.pk}/fil/",
        "/avtaler/utkast/",
        "/avtaler/intern/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_replaced_agreement_points_at_its_successor(client, register, delavtale):
    ny = services.avtale_create(
        slug="ny-delavtale",
        tittel="Ny delavtale om pasientforløp",
        art=Art.DELAVTALE,
        status="vedtatt",
    )
    services.avtale_replace(avtale=delavtale, etterfolger=ny)
    tekst = _tekst(client.get("/avtaler/"))
    assert "Opphørte og erstattede avtaler" in tekst
    assert "Erstattet Erstattet av Ny delavtale om pasientforløp" in tekst
    assert "Avtalen er erstattet av Ny delavtale om pasientforløp" in _tekst(
        client.get("/avtaler/pasientforlop/")
    )


def test_the_sak_page_lists_the_versions_it_adopted_even_when_cached(client, delavtale, publisert):
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    v = services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1), publisert=True
    )
    assert "Delavtale om helhetlige" not in client.get(f"/sak/{apen.pk}/").content.decode()
    services.versjon_adopt(versjon=v, sak=apen)
    html = client.get(f"/sak/{apen.pk}/").content.decode()
    assert "Vedtar" in html and 'href="/avtaler/pasientforlop/"' in html
    # The agreement made non-public afterwards: gone from the (cached) public page at once.
    services.avtale_update(avtale=delavtale, offentlig=False)
    assert 'href="/avtaler/pasientforlop/"' not in client.get(f"/sak/{apen.pk}/").content.decode()


def test_knytt_til_avtale_from_the_sak_page(sek, delavtale, publisert):
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    v = services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1)
    )
    assert f'href="/sak/{apen.pk}/avtale/"' in sek.get(f"/sak/{apen.pk}/").content.decode()
    response = sek.post(f"/sak/{apen.pk}/avtale/", {"versjon": v.pk})
    assert response.status_code == 302 and response["Location"] == f"/sak/{apen.pk}/"
    v.refresh_from_db()
    assert v.vedtatt_i == apen
    # Twice: refused at the field, in Norwegian.
    response = sek.post(f"/sak/{apen.pk}/avtale/", {"versjon": v.pk})
    assert response.status_code == 400
    assert "Versjonen er allerede knyttet til sak" in response.content.decode()
    tekst = _tekst(sek.get("/avtaler/pasientforlop/"))
    assert f"SSU-sak {apen.saksnr} (29. februar 2024)" in tekst


def test_evaluations_due_for_the_secretariat(sek, delavtale):
    dag = today()
    services.evaluering_plan(
        avtale=delavtale, tittel="Forfalt gjennomgang", planlagt=dag - datetime.timedelta(days=3)
    )
    services.evaluering_plan(
        avtale=delavtale, tittel="Snart evaluering", planlagt=dag + datetime.timedelta(days=30)
    )
    services.evaluering_plan(
        avtale=delavtale, tittel="Fjern revisjon", planlagt=dag + datetime.timedelta(days=200)
    )
    gjort = services.evaluering_plan(
        avtale=delavtale, tittel="Gjort før", planlagt=dag - datetime.timedelta(days=9)
    )
    services.evaluering_record(evaluering=gjort, behandlet_i=None, utfall="OK")
    tekst = _tekst(sek.get("/avtaler/evalueringer/"))
    forfalt = tekst[tekst.index("Forfalt ") : tekst.index("De neste tre månedene")]
    kommende = tekst[tekst.index("De neste tre månedene") : tekst.index("Senere")]
    assert "Forfalt gjennomgang" in forfalt and "Snart evaluering" not in forfalt
    assert "Snart evaluering" in kommende and "Fjern revisjon" not in kommende
    assert "Gjort før" not in tekst


# --- The forms: bad input comes back with its error at the field, nothing typed lost ------


def _avtale_post(**endret):
    return {
        "tittel": "Delavtale om beredskap",
        "slug": "beredskap",
        "art": "delavtale",
        "status": "utkast",
        "offentlig": "on",
        **endret,
    }


def _feil(response, felt: str) -> str:
    m = re.search(rf'id="id_{felt}_feil">([^<]*)<', response.content.decode())
    return m.group(1) if m else ""


def test_a_new_agreement_with_its_parties(sek, parter, overordnet):
    tonsberg = parter[0]
    response = sek.post(
        "/avtaler/ny/",
        _avtale_post(
            overordnet=overordnet.pk,
            **{f"part_{tonsberg.pk}": "on", f"signert_{tonsberg.pk}": "2025-12-01"},
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/avtaler/beredskap/"
    avtale = Avtale.objects.get(slug="beredskap")
    assert avtale.overordnet == overordnet
    assert [(p.partner, p.signert) for p in avtale.avtaleparter.all()] == [
        (tonsberg, D(2025, 12, 1))
    ]
    assert avtale.history.count() == 1


@pytest.mark.parametrize(
    ("endret", "felt", "melding"),
    [
        ({"tittel": ""}, "tittel", "Fyll ut «Tittel»."),
        ({"tittel": "x" * 301}, "tittel", "301"),
        ({"slug": "ny"}, "slug", "er en egen side under /avtaler/"),
        ({"slug": "Med mellomrom"}, "slug", "Bruk bare små bokstaver"),
        ({"status": "erstattet"}, "erstattet_av", "Velg avtalen som erstatter denne."),
        (
            {"art": "partnerskapsavtale", "overordnet": "__overordnet__"},
            "overordnet",
            "ligger ikke under",
        ),
        ({"slug": "overordnet"}, "slug", "Kortnavnet er allerede brukt"),
    ],
)
def test_bad_input_on_the_agreement_form(sek, overordnet, endret, felt, melding):
    endret = {k: (overordnet.pk if v == "__overordnet__" else v) for k, v in endret.items()}
    data = _avtale_post(lovgrunnlag="Pasientjournalloven § 6", **endret)
    response = sek.post("/avtaler/ny/", data)
    assert response.status_code == 400
    assert melding in _feil(response, felt), response.content.decode()[:3000]
    # What was typed is still there.
    assert "Pasientjournalloven § 6" in response.content.decode()
    assert not Avtale.objects.filter(tittel=data["tittel"]).exclude(pk=overordnet.pk).exists()


def _versjon_post(**endret):
    return {"versjon": "2026", "tekst": "Ny avtaletekst.", "gjelder_fra": "2026-05-07", **endret}


@pytest.mark.parametrize(
    ("endret", "felt", "melding"),
    [
        ({"tekst": ""}, "tekst", "Skriv avtaleteksten eller last opp en fil."),
        ({"gjelder_til": "2026-01-01"}, "gjelder_til", "kan ikke være før"),
        ({"gjelder_fra": "2026-02-31"}, "gjelder_fra", "Oppgi en dato som finnes i kalenderen"),
        ({"gjelder_fra": "1900-01-01"}, "gjelder_fra", "Oppgi en dato mellom år 2000 og 2100."),
        ({"gjelder_fra": "2025-01-01"}, "gjelder_fra", "Versjon 2025 gjelder fra 01.12.2025"),
        ({"versjon": "2025"}, "versjon", "Avtalen har allerede en versjon med dette navnet."),
        ({"versjon": "v" * 41}, "versjon", "41"),
        ({"vedtatt_i_tekst": "S" * 201}, "vedtatt_i_tekst", "201"),
    ],
)
def test_bad_input_on_the_version_form(sek, delavtale, endret, felt, melding):
    services.versjon_add(avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1))
    response = sek.post(
        "/avtaler/pasientforlop/versjon/ny/", _versjon_post(merknad="Behold meg", **endret)
    )
    assert response.status_code == 400
    assert melding in _feil(response, felt), response.content.decode()[:3000]
    assert "Behold meg" in response.content.decode()
    assert delavtale.versjoner.count() == 1


def test_a_file_that_is_not_pdf_or_word_is_refused_at_the_field(sek, delavtale):
    fil = ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, name="bilde.png")
    response = sek.post("/avtaler/pasientforlop/versjon/ny/", _versjon_post(tekst="", fil=fil))
    assert response.status_code == 400
    assert "PDF eller Word" in _feil(response, "fil")


def test_a_version_adopted_in_a_sak_from_the_form(sek, delavtale, publisert):
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    response = sek.post(
        "/avtaler/pasientforlop/versjon/ny/", _versjon_post(vedtatt_i=apen.pk, publisert="on")
    )
    assert response.status_code == 302
    v = Avtaleversjon.objects.get(avtale=delavtale)
    assert (v.vedtatt_i, v.vedtatt_dato, v.publisert is not None) == (apen, D(2024, 2, 29), True)


def test_plan_and_record_an_evaluation(sek, delavtale, publisert):
    response = sek.post(
        "/avtaler/pasientforlop/evaluering/ny/", {"art": "evaluering", "status": "planlagt"}
    )
    assert response.status_code == 400
    assert "Oppgi dato eller skriv når" in _feil(response, "planlagt")
    response = sek.post(
        "/avtaler/pasientforlop/evaluering/ny/",
        {
            "art": "revisjon",
            "status": "planlagt",
            "planlagt_tekst": "SSU 27. november 2026",
            "tittel": "Helhetlig revisjon",
        },
    )
    assert response.status_code == 302
    e = Evaluering.objects.get(avtale=delavtale)
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    response = sek.post(
        f"/avtaler/evaluering/{e.pk}/",
        {
            "art": "revisjon",
            "status": "gjennomfort",
            "planlagt_tekst": "SSU 27. november 2026",
            "tittel": "Helhetlig revisjon",
            "behandlet_i": apen.pk,
            "utfall": "Revidert.",
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.status, e.behandlet_i) == ("gjennomfort", apen)
    assert "behandlet i SSU-sak" in _tekst(sek.get("/avtaler/pasientforlop/"))


def test_publishing_a_version(sek, delavtale):
    from django.test import Client

    anonym = Client()
    v = services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="Hemmelig tekst", gjelder_fra=D(2025, 12, 1)
    )
    assert anonym.get(f"/avtaler/versjon/{v.pk}/").status_code == 404
    assert sek.post(f"/avtaler/versjon/{v.pk}/publiser/").status_code == 302
    assert "Hemmelig tekst" in anonym.get(f"/avtaler/versjon/{v.pk}/").content.decode()


@pytest.mark.parametrize("rolle", ["anonym", "medlem", "sekretariat"])
def test_the_access_filters_agree_with_the_predicates(rolle, register, client, medlem, sekretariat):
    from django.contrib.auth.models import AnonymousUser

    from avtaler import access

    bruker = {"anonym": AnonymousUser(), "medlem": medlem, "sekretariat": sekretariat}[rolle]
    avtaler = list(Avtale.objects.all())
    valgt = set(Avtale.objects.filter(access.avtale_visible_q(bruker)).values_list("pk", flat=True))
    assert valgt == {a.pk for a in avtaler if access.can_view_avtale(bruker, a)}
    valgt = set(
        Avtaleversjon.objects.filter(access.versjon_visible_q(bruker)).values_list("pk", flat=True)
    )
    assert valgt == {
        v.pk for v in Avtaleversjon.objects.all() if access.can_view_versjon(bruker, v)
    }
    assert (register["upublisert"].pk in valgt) == (rolle == "sekretariat")
