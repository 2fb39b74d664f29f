"""Uploads are checked by content and size, never trusted by name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from saker.uploads import sjekk_vedlegg
from tests.conftest import PDF


def docx_bytes(ekstra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for navn, data in (ekstra or {}).items():
            z.writestr(navn, data)
    return buf.getvalue()


def feil(data: bytes, navn: str) -> str:
    with pytest.raises(ValidationError) as exc:
        sjekk_vedlegg(SimpleUploadedFile(navn, data))
    return exc.value.messages[0]


def test_real_files_pass_with_their_type():
    assert sjekk_vedlegg(SimpleUploadedFile("r.pdf", PDF)).innholdstype == "application/pdf"
    docx = sjekk_vedlegg(SimpleUploadedFile("notat.docx", docx_bytes()))
    assert docx.endelse == "docx"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    assert sjekk_vedlegg(SimpleUploadedFile("bilde.PNG", png)).innholdstype == "image/png"


def test_pdf_named_docx():
    assert feil(PDF, "notat.docx") == (
        "Filnavnet slutter på .docx, men innholdet er PDF. Kontroller at du har valgt riktig fil."
    )


def test_html_named_pdf():
    assert feil(b"<!doctype html><script>alert(1)</script>", "rapport.pdf").startswith(
        "Filtypen er ikke tillatt."
    )


def test_pdf_with_javascript():
    ondsinnet = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
    assert "JavaScript" in feil(ondsinnet, "rapport.pdf")


def test_zip_bomb_is_refused():
    bombe = docx_bytes({"word/media/fyll.bin": b"\0" * (60 * 1024 * 1024)})
    assert len(bombe) < 1024 * 1024  # small on disk ...
    assert "urimelig mye data" in feil(bombe, "notat.docx")  # ... huge unpacked


def test_too_large_file_is_refused_before_it_is_read(settings):
    settings.VEDLEGG_MAKS_MB = 1
    stor = SimpleUploadedFile("stor.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert "Filen er for stor (2 MB). Største tillatte størrelse er 1 MB." == feil(
        stor.read(), "stor.pdf"
    )


def test_empty_file():
    assert feil(b"", "tom.pdf") == "Filen er tom."


def test_plain_zip_is_not_an_office_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hemmelig.txt", "x")
    assert "ikke et Word-" in feil(buf.getvalue(), "arkiv.docx")
