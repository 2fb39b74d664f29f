"""The accessibility statement (/tilgjengelighet/): linked from every page's footer, with the
secretariat's address for feedback and the official statement in uustatus.no when set."""

import pytest

from helsefellesskap.models import Nettsted

pytestmark = pytest.mark.django_db


def test_every_page_links_the_statement_in_its_footer(client):
    html = client.get("/").content.decode()
    bunn = html[html.index('<footer class="bunn">') :]
    assert 'href="/tilgjengelighet/">Tilgjengelighetserklæring</a>' in bunn


def test_the_statement_names_the_standard_its_tests_and_limits(client):
    html = client.get("/tilgjengelighet/").content.decode()
    for tekst in ("WCAG 2.1 nivå A og AA", "axe-core", "390 piksler", "PDF/UA-1", "uustatus.no"):
        assert tekst in html, tekst
    assert "Vedlegg som lastes opp" in html
    # No official statement yet: the page says where it will be linked.
    assert "Lenken til erklæringen på uustatus.no kommer her" in html


def test_feedback_goes_to_the_secretariats_address_and_the_official_statement_is_linked(
    client, settings
):
    settings.TILGJENGELIGHET_URL = "https://uustatus.no/nb/erklaringer/publisert/eksempel"
    Nettsted.objects.create(epost="sekretariat@example.org")
    html = client.get("/tilgjengelighet/").content.decode()
    assert 'href="mailto:sekretariat@example.org"' in html
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/eksempel"' in html
    assert "kommer her" not in html
