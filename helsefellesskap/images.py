"""The site logo: accepted only as a PNG, JPEG or WebP image, checked by its content with Pillow
(never by its name), and served with the content type of the format found."""

from __future__ import annotations

import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
LOGO_MAX_MB = 5
# Pillow's format name → the content type the logo is served with.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def image_format(fil) -> str | None:
    """The format of an image Pillow can read and verify (PNG, JPEG, WebP), else None."""
    fil.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fil, formats=list(LOGO_FORMATS)) as bilde:
                format_ = bilde.format
                bilde.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        return None
    finally:
        fil.seek(0)
    return format_ if format_ in LOGO_FORMATS else None


def _ser_ut_som_svg(fil) -> bool:
    fil.seek(0)
    start = fil.read(1024).lstrip().lower()
    fil.seek(0)
    navn = (getattr(fil, "name", "") or "").lower()
    return navn.endswith((".svg", ".svgz")) or b"<svg" in start


def validate_logo(fil) -> None:
    """Model validator for Nettsted.logo: used by the admin's form and by full_clean()."""
    storrelse = getattr(fil, "size", None)
    if storrelse is not None and storrelse > LOGO_MAX_MB * MB:
        raise ValidationError(
            f"Logoen er for stor. Største tillatte størrelse er {LOGO_MAX_MB} MB.",
            code="for_stor",
        )
    if image_format(fil) is not None:
        return
    if _ser_ut_som_svg(fil):
        raise ValidationError(
            "SVG kan ikke brukes som logo, fordi en SVG-fil kan inneholde skript. Lagre logoen "
            "som PNG, JPEG eller WebP og last den opp på nytt.",
            code="svg",
        )
    raise ValidationError(
        "Logoen må være et bilde i PNG, JPEG eller WebP. Denne filen er ikke et slikt bilde, "
        "uansett hva filnavnet sier.",
        code="ikke_bilde",
    )
