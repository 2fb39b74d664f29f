"""The rules the register rests on (avtaler/models.py, avtaler/services.py): one version in
force at a time, an erstattet agreement names its successor, no cycle in the tree, kinds that
fit their parent; and that every change is recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from avtaler import services
from avtaler.models import Art, Avtale, Avtaleversjon, Evaluering
from saker.models import Sak
from tests.support.files import PDF

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_new_version_ends_the_one_in_force_the_day_before(delavtale):
    gammel = services.versjon_add(
        avtale=delavtale, versjon="2023", tekst="Første tekst.", gjelder_fra=D(2023, 6, 1)
    )
    ny = services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="Ny tekst.", gjelder_fra=D(2025, 12, 1)
    )
    gammel.refresh_from_db()
    assert gammel.gjelder_til == D(2025, 11, 30)
    assert ny.erstatter == gammel
    assert delavtale.current_version() == ny
    assert gammel.in_force_on(D(2025, 11, 30)) and not gammel.in_force_on(D(2025, 12, 1))
    # Never two in force on any day.
    for dag in (D(2023, 6, 1), D(2025, 11, 30), D(2025, 12, 1), D(2030, 1, 1)):
        assert sum(v.in_force_on(dag) for v in delavtale.versjoner.all()) == 1
    assert gammel.history.first().history_change_reason.startswith("Avsluttet da versjon 2025")


def test_a_version_that_would_start_inside_a_later_one_is_refused(delavtale):
    services.versjon_add(avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1))
    for fra in (D(2025, 12, 1), D(2024, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            services.versjon_add(avtale=delavtale, versjon=f"x{fra}", tekst="T", gjelder_fra=fra)
        assert "gjelder_fra" in exc.value.message_dict
    assert delavtale.versjoner.count() == 1


def test_the_model_refuses_two_versions_in_force_at_once(delavtale):
    services.versjon_add(avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1))
    dobbel = Avtaleversjon(avtale=delavtale, versjon="2026", tekst="T", gjelder_fra=D(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        dobbel.full_clean()
    assert "bare én versjon kan gjelde om gangen" in str(exc.value.message_dict["gjelder_fra"])


def test_a_version_needs_text_or_a_file_and_takes_pdf_or_word_only(delavtale):
    with pytest.raises(ValidationError) as exc:
        services.versjon_add(avtale=delavtale, versjon="tom", tekst="  ")
    assert "tekst" in exc.value.message_dict
    v = services.versjon_add(
        avtale=delavtale, versjon="pdf", fil=ContentFile(PDF, name="avtale.pdf")
    )
    assert v.innholdstype == "application/pdf" and v.fil.name.endswith("avtale.pdf")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    with pytest.raises(ValidationError, match="PDF eller Word"):
        services.versjon_add(avtale=delavtale, versjon="png", fil=ContentFile(png, name="a.png"))


def test_an_erstattet_agreement_must_point_at_its_successor(delavtale, overordnet):
    delavtale.status = Avtale.Status.ERSTATTET
    with pytest.raises(ValidationError) as exc:
        delavtale.full_clean()
    assert exc.value.message_dict["erstattet_av"] == ["Velg avtalen som erstatter denne."]
    # The database refuses it too, whatever way the row is written.
    with pytest.raises(IntegrityError), transaction.atomic():
        Avtale.objects.filter(pk=delavtale.pk).update(status="erstattet")
    ny = services.avtale_create(slug="ny-delavtale", tittel="Ny", art=Art.DELAVTALE)
    services.avtale_replace(avtale=delavtale, etterfolger=ny)
    delavtale.refresh_from_db()
    assert (delavtale.status, delavtale.erstattet_av) == ("erstattet", ny)
    with pytest.raises(ValidationError):
        services.avtale_replace(avtale=ny, etterfolger=ny)


def test_no_cycle_in_the_tree_and_kinds_fit_their_parent(overordnet, delavtale):
    retningslinje = services.avtale_create(
        slug="retningslinje", tittel="R", art=Art.RETNINGSLINJE, overordnet=delavtale
    )
    # A retningslinje under a delavtale is fine; under a partnerskapsavtale it is not.
    partnerskap = services.avtale_create(slug="partnerskap", tittel="P", art=Art.PARTNERSKAPSAVTALE)
    with pytest.raises(ValidationError) as exc:
        services.avtale_update(avtale=retningslinje, overordnet=partnerskap)
    assert "kan bare ligge under en delavtale eller overordnet" in str(exc.value)
    # A cycle among «annen» agreements, which may hang anywhere.
    a = services.avtale_create(slug="a", tittel="A", art=Art.ANNEN)
    b = services.avtale_create(slug="b", tittel="B", art=Art.ANNEN, overordnet=a)
    c = services.avtale_create(slug="c", tittel="C", art=Art.ANNEN, overordnet=b)
    with pytest.raises(ValidationError) as exc:
        services.avtale_update(avtale=a, overordnet=c)
    assert "seg selv eller en av sine egne underavtaler" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Avtale.objects.filter(pk=a.pk).update(overordnet=a)
    a.refresh_from_db()
    assert a.overordnet is None


def test_reserved_addresses_are_not_slugs(db):
    with pytest.raises(ValidationError) as exc:
        services.avtale_create(slug="evalueringer", tittel="X", art=Art.ANNEN)
    assert "slug" in exc.value.message_dict


def test_adopting_a_version_in_a_sak_takes_the_meetings_day_and_is_recorded(delavtale, mote):
    sak = Sak.objects.get(mote=mote, tittel="Årsmelding 2023")
    v = services.versjon_add(avtale=delavtale, versjon="2024", tekst="T", gjelder_fra=D(2024, 3, 1))
    v = services.versjon_adopt(versjon=v, sak=sak)
    assert v.vedtatt_i == sak and v.vedtatt_dato == D(2024, 2, 29)
    assert list(sak.avtaleversjoner.all()) == [v]
    assert v.history.first().history_change_reason == f"Vedtatt i sak {sak.saksnr}"
    assert v.history.count() == 2


def test_an_evaluation_is_planned_then_recorded_with_the_sak_that_treated_it(delavtale, mote):
    sak = Sak.objects.get(mote=mote, tittel="Årsmelding 2023")
    e = services.evaluering_plan(
        avtale=delavtale, tittel="Første evaluering", planlagt=D(2026, 5, 7)
    )
    assert e.status == Evaluering.Status.PLANLAGT
    e = services.evaluering_record(evaluering=e, behandlet_i=sak, utfall="Fungerer.")
    assert (e.status, e.behandlet_i, e.html.utfall) == ("gjennomfort", sak, "<p>Fungerer.</p>")
    with pytest.raises(ValidationError):
        services.evaluering_plan(avtale=delavtale, tittel="Uten tid")


def test_parties_are_recorded_with_their_signing_day(overordnet, parter):
    rader = {p.partner.kortnavn: p.signert for p in overordnet.avtaleparter.all()}
    assert rader == {"Tønsberg": D(2023, 6, 1), "SiV": None}
    services.avtalepart_set(avtale=overordnet, partner=parter[1], signert=D(2023, 9, 1))
    assert overordnet.avtaleparter.get(partner=parter[1]).signert == D(2023, 9, 1)
    assert overordnet.avtaleparter.count() == 2
