"""The media storage settings read from the environment (settings.py): no S3_BUCKET keeps media
on the local disk; a bucket gives the private S3 storage; a bad value stops the portal with the
reason instead of starting with files in the wrong place or open to anyone."""

import re
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "helsefellesskap" / "settings.py"
S3 = {
    "S3_BUCKET": "moteportalen",
    "S3_ENDPOINT_URL": "http://minio:9000",
    "S3_ACCESS_KEY_ID": "moteportalen",
    "S3_SECRET_ACCESS_KEY": "hemmelig-nokkel",
}


def _settings(monkeypatch, tmp_path, **miljo) -> dict:
    for navn in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(navn, raising=False)
    for navn in ("S3_ACL", "S3_REGION", "S3_PREFIX", "S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(navn, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    for navn, verdi in miljo.items():
        monkeypatch.setenv(navn, verdi)
    return runpy.run_path(str(SETTINGS))


def test_without_a_bucket_media_stay_on_the_local_disk(monkeypatch, tmp_path):
    storage = _settings(monkeypatch, tmp_path)["STORAGES"]["default"]
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_gives_private_s3_storage_served_by_the_portal(monkeypatch, tmp_path):
    storage = _settings(monkeypatch, tmp_path, **S3, S3_PREFIX="/media/")["STORAGES"]["default"]
    assert storage["BACKEND"] == "helsefellesskap.storage.S3Storage"
    choices = storage["OPTIONS"]
    assert choices["bucket_name"] == "moteportalen"
    assert choices["endpoint_url"] == "http://minio:9000"
    assert (choices["access_key"], choices["secret_key"]) == ("moteportalen", "hemmelig-nokkel")
    assert choices["location"] == "media"
    assert choices["default_acl"] == "private"
    assert choices["querystring_auth"] is False and choices["file_overwrite"] is False
    # Credentials may come from boto3's own chain (an IAM role) instead; no ACL for buckets
    # that refuse them.
    choices = _settings(monkeypatch, tmp_path, S3_BUCKET="moteportalen", S3_ACL="")["STORAGES"][
        "default"
    ]["OPTIONS"]
    assert choices["access_key"] is None and choices["secret_key"] is None
    assert choices["default_acl"] is None and choices["endpoint_url"] is None


@pytest.mark.parametrize(
    ("miljo", "melding"),
    [
        ({"S3_ACL": "public-read"}, "S3_ACL must be one of"),
        ({"S3_SECRET_ACCESS_KEY": ""}, "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"),
        ({"S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL must be an http(s) URL"),
        ({"S3_ADDRESSING_STYLE": "sti"}, "S3_ADDRESSING_STYLE must be path, virtual or auto"),
    ],
)
def test_bad_storage_settings_stop_the_portal_with_the_reason(
    monkeypatch, tmp_path, miljo, melding
):
    with pytest.raises(ImproperlyConfigured, match=re.escape(melding)):
        _settings(monkeypatch, tmp_path, **(S3 | miljo))
