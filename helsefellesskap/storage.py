"""Where media live: the local disk (MEDIA_ROOT) on the embedded default, or a private bucket of
an S3-compatible object store (MinIO, Amazon S3, ...) when ``S3_BUCKET`` is set, so that web and
worker containers on different machines share the vedlegg, the rendered PDFs and the logo.

Code that reads or writes media goes through the storage API (``storage.open``, ``.save``,
``.size``, ``.delete``), never through a path on the disk: ``local_copy`` gives a temporary
file for the one program that needs a real path (pdftoppm)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import Storage
from django.utils.encoding import filepath_to_uri
from storages.backends import s3


class S3Storage(s3.S3Storage):
    """Media in a private bucket. The bucket is never shown to a browser: every file is served
    by the portal's own views, which check who may have it, so a file's URL is the portal's own
    (MEDIA_URL + name, as on the local disk), never a link to the bucket."""

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


@contextmanager
def local_copy(storage: Storage, name: str) -> Iterator[Path]:
    """A stored file as a temporary file on this machine, removed afterwards: for a program
    that reads a path. Python libraries get the stored file object instead."""
    with tempfile.TemporaryDirectory(prefix="moteportalen-") as mappe:
        sti = Path(mappe) / (PurePosixPath(name).name or "fil")
        with storage.open(name, "rb") as source, sti.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        yield sti
