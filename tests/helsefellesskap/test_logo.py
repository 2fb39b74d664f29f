"""The site logo: only images, checked by content, and served as exactly that one image."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from helsefellesskap.models import Nettsted

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (4, 4), "#003283").save(ut, "PNG")
    return ut.getvalue()


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    return client


def _save_in_admin(client, navn: str, data: bytes):
    nettsted = Nettsted.objects.create(navn="Helsefellesskapet i Vestfold")
    url = reverse("admin:helsefellesskap_nettsted_change", args=[nettsted.pk])
    response = client.post(
        url,
        {
            "navn": nettsted.navn,
            "kortnavn": nettsted.kortnavn,
            "sted": nettsted.sted,
            "logo": SimpleUploadedFile(navn, data),
        },
    )
    nettsted.refresh_from_db()
    return response, nettsted


def test_an_html_file_named_logo_png_is_refused_in_the_admin(admin_client):
    response, nettsted = _save_in_admin(admin_client, "logo.png", HTML)
    assert response.status_code == 200
    assert "Logoen må være et bilde i PNG, JPEG eller WebP." in response.content.decode()
    assert not nettsted.logo


def test_an_svg_logo_is_refused_in_the_admin(admin_client):
    response, nettsted = _save_in_admin(admin_client, "logo.svg", SVG)
    assert response.status_code == 200
    assert "SVG kan ikke brukes som logo" in response.content.decode()
    assert not nettsted.logo


def test_a_png_logo_is_accepted_and_served_as_png(admin_client, client):
    response, nettsted = _save_in_admin(admin_client, "logo.png", _png())
    assert response.status_code == 302
    assert nettsted.logo.name.startswith("nettsted/")
    client.logout()
    forside = client.get("/").content.decode()
    assert f'src="{nettsted.logo.url}"' in forside
    bilde = client.get(nettsted.logo.url)
    assert bilde.status_code == 200
    assert bilde["Content-Type"] == "image/png"
    assert bilde["X-Content-Type-Options"] == "nosniff"
    assert b"".join(bilde.streaming_content) == _png()


def test_only_the_logo_is_served_from_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nettsted = Nettsted.objects.create()
    nettsted.logo.save("logo.png", ContentFile(_png()))
    # Another file in the same folder (an older logo, or one put there by other means).
    (tmp_path / "nettsted" / "angrep.html").write_bytes(HTML)
    (tmp_path / "hemmelig.pdf").write_bytes(b"%PDF-1.4")
    assert client.get(nettsted.logo.url).status_code == 200
    assert client.get("/media/nettsted/angrep.html").status_code == 404
    assert client.get("/media/nettsted/../hemmelig.pdf").status_code == 404
    assert client.get("/media/nettsted/%2e%2e/hemmelig.pdf").status_code == 404


def test_a_logo_that_is_not_an_image_is_never_served(client, settings, tmp_path):
    # Saved before the check existed (or past it): refused at serving time as well.
    settings.MEDIA_ROOT = tmp_path
    nettsted = Nettsted.objects.create()
    nettsted.logo.save("logo.png", ContentFile(HTML))
    assert client.get(nettsted.logo.url).status_code == 404


def test_the_check_belongs_to_the_model_not_only_the_admin():
    nettsted = Nettsted(logo=SimpleUploadedFile("logo.png", HTML))
    with pytest.raises(ValidationError) as feil:
        nettsted.full_clean()
    assert feil.value.message_dict["logo"][0].startswith("Logoen må være et bilde i PNG")
