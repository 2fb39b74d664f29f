"""Uploads are checked by content and size, never trusted by name."""

import io
import os
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from saker.uploads import MB, LimitedUpload, check_vedlegg
from tests.factories import OrganFactory
from tests.support.files import PDF


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
        check_vedlegg(SimpleUploadedFile(navn, data))
    return exc.value.messages[0]


def test_real_files_pass_with_their_type():
    assert check_vedlegg(SimpleUploadedFile("r.pdf", PDF)).innholdstype == "application/pdf"
    docx = check_vedlegg(SimpleUploadedFile("notat.docx", docx_bytes()))
    assert docx.extension == "docx"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    assert check_vedlegg(SimpleUploadedFile("bilde.PNG", png)).innholdstype == "image/png"


def test_pdf_named_docx():
    assert feil(PDF, "notat.docx") == (
        "Filnavnet slutter på .docx, men innholdet er PDF. Kontroller at du har valgt riktig fil."
    )


def test_html_named_pdf():
    assert feil(b"<!doctype html><script>alert(1)</script>", "rapport.pdf").startswith(
        "Filtypen er ikke tillatt."
    )


def test_pdf_with_javascript():
    malicious = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
    assert "JavaScript" in feil(malicious, "rapport.pdf")


def test_zip_bomb_is_refused():
    bomb = docx_bytes({"word/media/fyll.bin": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk ...
    assert "urimelig mye data" in feil(bomb, "notat.docx")  # ... huge unpacked


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


class ZerosAfterPdfHead:
    """A multipart body with one huge PDF of zeros, produced as it is read (the test client
    would otherwise build the whole body in memory)."""

    def __init__(self, felter: dict[str, str], file_field: str, filename: str, storrelse: int):
        self.limit = "----grense7MA4YWxkTrZu0gW"
        parts = []
        for navn, verdi in felter.items():
            parts.append(
                f'--{self.limit}\r\nContent-Disposition: form-data; name="{navn}"\r\n\r\n'
                f"{verdi}\r\n".encode()
            )
        parts.append(
            f'--{self.limit}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        self.head = b"".join(parts) + PDF
        self.zeros = storrelse - len(PDF)
        self.tail = f"\r\n--{self.limit}--\r\n".encode()
        self.lengde = len(self.head) + self.zeros + len(self.tail)
        self._head, self._zeros, self._tail = self.head, self.zeros, self.tail

    def read(self, size: int = -1) -> bytes:
        size = 1024 * 1024 if size is None or size < 0 else size
        if self._head:
            ut, self._head = self._head[:size], self._head[size:]
            return ut
        if self._zeros:
            n = min(size, self._zeros)
            self._zeros -= n
            return bytes(n)
        ut, self._tail = self._tail[:size], self._tail[size:]
        return ut

    def readline(self, size: int = -1) -> bytes:  # LimitedStream wants it; the parser reads
        raise NotImplementedError


class MaaltOpplasting(LimitedUpload):
    """The real handler, measuring on disk what it wrote before the request closes the file."""

    on_disk: list[int] = []

    def file_complete(self, file_size):
        fil = super().file_complete(file_size)
        MaaltOpplasting.on_disk.append(os.path.getsize(fil.file.name))
        return fil


@pytest.mark.django_db
def test_200_mb_upload_is_refused_without_writing_200_mb(client, sekretariat, settings, tmp_path):
    from saker import services
    from saker.models import Sak, Vedlegg
    from tests.factories import oslo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    settings.FILE_UPLOAD_HANDLERS = [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "tests.saker.test_uploads.MaaltOpplasting",
    ]
    MaaltOpplasting.on_disk = []
    ssu = OrganFactory(kortnavn="SSU")
    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), sted="Tønsberg"
    )
    saker_for = Sak.objects.count()
    client.force_login(sekretariat)
    body = ZerosAfterPdfHead(
        {
            "tittel": "Budsjett 2027",
            "hensikt": "Teksten jeg skrev før opplastingen.",
            "vedlegg_tittel": "Stor rapport",
            "vedlegg_offentlig": "on",
        },
        "vedlegg_fil",
        "rapport.pdf",
        200 * MB,
    )
    response = client.generic(
        "POST",
        f"/mote/{utkast.pk}/sak/ny/",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.lengde),
            "CONTENT_TYPE": f"multipart/form-data; boundary={body.limit}",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p class="ds-validation-message" data-color="danger" id="id_vedlegg_fil_feil">'
        "Filen er for stor (200 MB). Største tillatte størrelse er 25 MB.</p>"
    ) in html
    assert 'value="Budsjett 2027"' in html and "Teksten jeg skrev før opplastingen." in html
    assert 'value="Stor rapport"' in html
    assert Sak.objects.count() == saker_for and not Vedlegg.objects.exists()
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))
    # The handler kept the limit (plus the one byte that shows it was passed), not 200 MB ...
    assert MaaltOpplasting.on_disk == [25 * MB + 1]
    # ... and the temporary file is gone with the request.
    assert not any(p.is_file() for p in tmp_path.glob("*.upload*"))


def test_a_cut_off_upload_can_be_measured_but_not_stored():
    handler = LimitedUpload()
    handler.new_file("vedlegg_fil", "stor.pdf", "application/pdf", None)
    for start in range(0, 27 * MB, MB):
        handler.receive_data_chunk(bytes(MB), start)
    fil = handler.file_complete(27 * MB)
    try:
        assert fil.size == 27 * MB and fil.truncated
        with pytest.raises(RequestDataTooBig):
            fil.read()
        with pytest.raises(RequestDataTooBig):
            fil.temporary_file_path()
        with pytest.raises(ValidationError) as exc:
            check_vedlegg(fil)
        assert exc.value.messages == [
            "Filen er for stor (27 MB). Største tillatte størrelse er 25 MB."
        ]
    finally:
        fil.close()


def test_a_file_under_the_limit_is_kept_whole():
    handler = LimitedUpload()
    handler.new_file("vedlegg_fil", "r.pdf", "application/pdf", None)
    handler.receive_data_chunk(PDF, 0)
    handler.receive_data_chunk(bytes(3 * MB), len(PDF))
    fil = handler.file_complete(len(PDF) + 3 * MB)
    try:
        assert not fil.truncated
        assert fil.read() == PDF + bytes(3 * MB)
        assert check_vedlegg(fil).storrelse == len(PDF) + 3 * MB
    finally:
        fil.close()


@pytest.mark.django_db
def test_a_file_over_the_in_memory_size_uploads_whole(client, sekretariat, settings, tmp_path):
    """Past 2.5 MB Django streams the upload to disk through the limiting handler."""
    from saker import services
    from saker.models import Vedlegg
    from tests.factories import oslo

    settings.MEDIA_ROOT = tmp_path
    ssu = OrganFactory(kortnavn="SSU")
    utkast = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), sted="Tønsberg"
    )
    client.force_login(sekretariat)
    innhold = PDF + bytes(4 * MB)
    response = client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {"tittel": "Rapport", "vedlegg_fil": SimpleUploadedFile("rapport.pdf", innhold)},
    )
    assert response.status_code == 302
    vedlegg = Vedlegg.objects.get()
    assert vedlegg.storrelse == len(innhold)
    with vedlegg.fil.open("rb") as fil:
        assert fil.read() == innhold


# --- Active content in PDFs, found by parsing the file (pypdf), not by searching its bytes ----


class EscapedNavn(NameObject):
    """A PDF name written with #xx escapes for every letter: «/JS» as «/#4A#53»."""

    def renumber(self) -> bytes:
        return ("/" + "".join(f"#{ord(c):02X}" for c in self[1:])).encode()


def _pdf(med) -> bytes:
    """A one-page PDF from pypdf's writer; ``med(writer, page)`` adds the active content."""
    writer = PdfWriter()
    side = writer.add_blank_page(595, 842)
    med(writer, side)
    ut = io.BytesIO()
    writer.write(ut)
    return ut.getvalue()


def _javascript(kode: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): EscapedNavn("/JavaScript"),
            EscapedNavn("/JS"): TextStringObject(kode),
        }
    )


def _old_check_passes_through(data: bytes) -> None:
    # The check this replaces: a search of the raw bytes.
    assert not re.search(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b", data)


def _pdf_with_object_stream(fri: dict[int, bytes], in_stream: dict[int, bytes]) -> bytes:
    """A PDF 1.5 whose objects ``in_stream`` lie compressed in an object stream, with a
    cross-reference stream (as Acrobat and Word write them). Object 1 is the catalog."""
    stream_nr, xref_nr = max([*fri, *in_stream]) + 1, max([*fri, *in_stream]) + 2
    head, body = [], b""
    for nr, tekst in in_stream.items():
        head.append(f"{nr} {len(body)}")
        body += tekst + b"\n"
    first = (" ".join(head) + "\n").encode()
    packed = zlib.compress(first + body)
    ut = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    place: dict[int, tuple[int, int, int]] = {}
    for nr, tekst in fri.items():
        place[nr] = (1, len(ut), 0)
        ut += f"{nr} 0 obj\n".encode() + tekst + b"\nendobj\n"
    place[stream_nr] = (1, len(ut), 0)
    ut += (
        (
            f"{stream_nr} 0 obj\n<< /Type /ObjStm /N {len(in_stream)} /First {len(first)} "
            f"/Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
        ).encode()
        + packed
        + b"\nendstream\nendobj\n"
    )
    for index, nr in enumerate(in_stream):
        place[nr] = (2, stream_nr, index)
    place[xref_nr] = (1, len(ut), 0)
    storrelse = xref_nr + 1
    rader = b"".join(struct.pack(">BIH", *place.get(nr, (0, 0, 65535))) for nr in range(storrelse))
    start = len(ut)
    ut += (
        (
            f"{xref_nr} 0 obj\n<< /Type /XRef /Size {storrelse} /W [1 4 2] /Root 1 0 R "
            f"/Length {len(rader)} >>\nstream\n"
        ).encode()
        + rader
        + b"\nendstream\nendobj\n"
    )
    ut += f"startxref\n{start}\n%%EOF\n".encode()
    return bytes(ut)


def _open_action(writer, side):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_javascript("app.alert(1)"))


def _launch_in_page(writer, side):
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/#4caunch"), NameObject("/F"): TextStringObject("calc")}
    )
    side[NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})


def _launch_with_escaped_key(writer, side):
    launch = DictionaryObject(
        {NameObject("/S"): EscapedNavn("/Launch"), NameObject("/F"): TextStringObject("calc")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)


def _link_with_javascript(writer, side):
    lenke = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
            NameObject("/A"): _javascript("this.submitForm('https://example.org')"),
        }
    )
    side[NameObject("/Annots")] = ArrayObject([writer._add_object(lenke)])


def _navnetre_med_javascript(writer, side):
    tre = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("hei"), writer._add_object(_javascript("app.alert(2)"))]
            )
        }
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({EscapedNavn("/JavaScript"): tre})


def _vedlagt_fil(writer, side):
    writer.add_attachment("virus.exe", b"MZ\x90\x00")


@pytest.mark.parametrize(
    "med",
    [
        _open_action,
        _launch_in_page,
        _launch_with_escaped_key,
        _link_with_javascript,
        _navnetre_med_javascript,
    ],
)
def test_pdf_actions_written_with_hex_escapes_are_refused(med):
    data = _pdf(med)
    _old_check_passes_through(data)
    melding = feil(data, "rapport.pdf")
    assert melding.startswith("PDF-filen inneholder JavaScript, innebygde filer eller handlinger")


def test_pdf_with_an_attached_file_is_refused():
    assert "innebygde filer" in feil(_pdf(_vedlagt_fil), "rapport.pdf")


def test_javascript_in_a_compressed_object_stream_is_refused():
    data = _pdf_with_object_stream(
        fri={
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        },
        in_stream={
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            4: b"<< /S /JavaScript /JS (app.launchURL('https://example.org')) >>",
        },
    )
    _old_check_passes_through(data)
    assert PdfReader(io.BytesIO(data)).xref_objStm  # the action really is in the stream
    assert "JavaScript" in feil(data, "rapport.pdf")


def test_javascript_in_a_form_field_inside_an_object_stream_is_refused():
    data = _pdf_with_object_stream(
        fri={
            1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>",
        },
        in_stream={
            5: b"<< /FT /Tx /T (navn) /Subtype /Widget /Rect [0 0 9 9] /P 3 0 R /#41A 6 0 R >>",
            6: b"<< /K << /S /JavaScript /JS (1) >> >>",
        },
    )
    _old_check_passes_through(data)
    assert feil(data, "skjema.pdf").startswith("PDF-filen inneholder")


def test_ordinary_pdfs_are_accepted():
    from weasyprint import HTML

    weasyprint = HTML(
        string='<h1>Saksframlegg</h1><p><a href="https://example.org">Lenke</a> '
        '<a href="#vedtak">Til vedtaket</a></p><h2 id="vedtak">Vedtak</h2>'
    ).write_pdf()
    assert check_vedlegg(SimpleUploadedFile("sak.pdf", weasyprint)).extension == "pdf"

    # «Open at page 1» is an /OpenAction too, and harmless.
    def first_page(writer, side):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [side.indirect_reference, NameObject("/Fit")]
        )

    assert check_vedlegg(SimpleUploadedFile("notat.pdf", _pdf(first_page))).extension == "pdf"
    plain = _pdf_with_object_stream(
        fri={1: b"<< /Type /Catalog /Pages 2 0 R >>"},
        in_stream={
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        },
    )
    assert check_vedlegg(SimpleUploadedFile("rent.pdf", plain)).extension == "pdf"


def test_a_pdf_that_cannot_be_parsed_is_checked_on_its_bytes():
    # As before: a broken PDF is accepted (the meeting documents show it as unreadable) ...
    assert check_vedlegg(SimpleUploadedFile("r.pdf", PDF)).extension == "pdf"
    # ... unless its bytes name active content, also with #xx escapes.
    skadet = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/Java#53cript/JS(x)>>"
    assert feil(skadet, "r.pdf").startswith("PDF-filen inneholder")
