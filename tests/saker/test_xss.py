"""Stored XSS attempts in text fields are inert in pages and PDFs."""

import re

import pytest

from moter import dokumenter
from saker import services

pytestmark = pytest.mark.django_db

ATTACKS = '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">'


def test_script_in_sak_fields_is_escaped_on_the_pages(client, publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(
        sak=sak,
        tittel=f"Tittel {ATTACKS}",
        hensikt=f"- punkt {ATTACKS}",
        forslag_til_vedtak=f"1. {ATTACKS}",
    )
    for url in (f"/mote/{publisert.pk}/", f"/sak/{sak.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert not re.search(r"<img[^>]*onerror", html)  # no live tag, only escaped text
        assert not re.search(r"<a [^>]*href=\"javascript:", html)
        assert "&lt;script&gt;alert" in html  # shown as text


def test_script_in_sak_fields_is_plain_text_in_the_pdf(publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, hensikt=ATTACKS)
    source = dokumenter.dokument_source(mote=publisert, art="innkalling", utgave="offentlig")
    assert "<script>" not in source.html and "&lt;script&gt;" in source.html
