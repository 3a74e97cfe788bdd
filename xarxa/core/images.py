"""Checks and resizing for uploaded images (type by content, not by name; size; dimensions)."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs well before Pillow's own limit


def check_image_upload(upload, max_bytes=None):
    """Raise a translated ValidationError unless `upload` is a real, reasonably sized image."""
    max_bytes = max_bytes or settings.XARXA_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s). The largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF picture."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("This image type is not accepted. Upload a JPEG, PNG, WebP or GIF picture."),
            code="bad_type",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")


def square_thumbnail(upload, size=400) -> ContentFile:
    """A centred square crop of `upload`, `size` pixels wide, as WebP (photo metadata dropped)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, format="WEBP", quality=85)
    return ContentFile(out.getvalue())
