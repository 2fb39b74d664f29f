"""What WeasyPrint may read while it makes a PDF: the stylesheets and fonts, and data: URLs (the
logo goes in as one), nothing from media, the rest of the disk or the network. A document's text
comes from people, so a stray <img src> in it must never pull in a file it should not."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from helsefellesskap.models import Nettsted
from moter import dokumenter


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (40, 20), "#003283").save(ut, "PNG")
    return ut.getvalue()


def test_the_fetcher_reads_stylesheets_but_not_media_other_files_or_the_network(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    vedlegg = tmp_path / "media" / "vedlegg" / "hemmelig.pdf"
    vedlegg.parent.mkdir(parents=True)
    vedlegg.write_bytes(b"%PDF-1.4 hemmelig")
    fetcher = dokumenter._style().fetcher
    stylesheet = Path(finders.find("css/dokument.css"))
    assert fetcher.fetch(stylesheet.as_uri()).read() == stylesheet.read_bytes()
    for url in (vedlegg.as_uri(), "file:///etc/passwd"):
        with pytest.raises(ValueError, match="Ikke tillatt"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://127.0.0.1:1/bilde.png")


@pytest.mark.django_db
def test_the_logo_in_a_pdf_is_read_through_the_storage(settings, tmp_path, publisert):
    settings.MEDIA_ROOT = tmp_path / "media"
    nettsted = Nettsted.get()
    nettsted.logo.save("logo.png", ContentFile(_png()))
    pdf = dokumenter.dokument_pdf(mote=publisert, art="innkalling", utgave="medlem").pdf
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    # A logo that is not an image (saved before the check existed) is left out, as on the page.
    nettsted.logo.save("logo.png", ContentFile(b"<svg><script>alert(1)</script></svg>"))
    pdf = dokumenter.dokument_pdf(mote=publisert, art="innkalling", utgave="medlem").pdf
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
