"""Checks and resizing for uploaded images (type by content, not by name; size; dimensions), and the copy
we store: every image is re-saved without its metadata, because photos carry EXIF (camera, owner, date)
and often GPS coordinates of where they were taken, and XMP or comments can hold the same.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# MPO is the multi-picture JPEG some phones write (a stereo pair, a depth map, a preview): accepted, and
# flattened to its first picture stored as a plain JPEG, since the other pictures are not what was meant
# and carry their own metadata.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
FLATTENED_FORMATS = {"MPO": "JPEG"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs well before Pillow's own limit
MAX_ANIMATION_PIXELS = 5 * MAX_PIXELS  # all frames together: re-saving decodes every one
MAX_FRAMES = 300  # an animation with more frames is refused whatever their size: each costs a decode
# What a re-saved image keeps from what it says about itself: colours and animation, nothing about who or where.
KEPT_INFO = {"icc_profile", "transparency", "background", "duration", "loop", "disposal"}


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
        with Image.open(upload) as image:  # reads the header only: the size is known before any decoding
            image_format = image.format
            _check_pixels(image)
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


def _check_pixels(image):
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    # Counting frames walks the file: only once the size of one frame is known to be reasonable.
    frames = getattr(image, "n_frames", 1)
    if image.format in FLATTENED_FORMATS:
        frames = 1  # only the first picture is ever decoded
    elif frames > MAX_FRAMES:
        raise ValidationError(
            _("The animation has too many frames (%(frames)d). Upload one of at most %(max)d frames.")
            % {"frames": frames, "max": MAX_FRAMES}, code="too_many_frames")
    if width * height * frames > MAX_ANIMATION_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width, height):
    return ValidationError(
        _("The image is too big to process (%(width)d × %(height)d pixels). Upload one of at most "
          "%(megapixels)d megapixels.") % {"width": width, "height": height, "megapixels": MAX_PIXELS // 10**6},
        code="too_many_pixels")


def without_metadata(upload) -> ContentFile:
    """The bytes to store for an already-checked image: the same format and pixels, turned the way the
    camera said (the orientation tag goes with the rest), without EXIF, GPS, XMP or comments."""
    upload.seek(0)
    out = BytesIO()
    with Image.open(upload) as image:
        image_format = FLATTENED_FORMATS.get(image.format, image.format)
        if getattr(image, "is_animated", False) and image.format not in FLATTENED_FORMATS:
            image.info = _kept(image.info)
            image.save(out, format=image_format, save_all=True, **_quality(image_format))
        else:
            upright = ImageOps.exif_transpose(image)
            upright.info = _kept(image.info)
            upright.save(out, format=image_format, **_quality(image_format))
    upload.seek(0)
    return ContentFile(out.getvalue())


def _kept(info):
    return {key: value for key, value in info.items() if key in KEPT_INFO}


def _quality(image_format):
    return {"quality": 90} if image_format in {"JPEG", "WEBP"} else {}


def square_thumbnail(upload, size=400) -> ContentFile:
    """A centred square crop of `upload`, `size` pixels wide, as WebP (photo metadata dropped)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, format="WEBP", quality=85)
    return ContentFile(out.getvalue())
