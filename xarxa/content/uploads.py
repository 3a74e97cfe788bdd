"""Checks for attached files: size, and type judged by the first bytes, not by the name alone."""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from xarxa.core.images import check_image_upload, without_metadata

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif"}
# Office documents are zip files inside: the extension says which kind.
ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_TYPES = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown"}


@dataclass
class CheckedUpload:
    name: str
    mime_type: str
    is_image: bool
    file: object = field(repr=False)  # what to store: the upload, or an image's copy without its metadata


def max_attachment_bytes():
    return settings.XARXA_ATTACHMENT_MAX_BYTES


def _not_accepted():
    return ValidationError(
        _("This type of file is not accepted. Attach a PDF, an office document (Word, Excel, PowerPoint, "
          "OpenDocument), a text or CSV file, or a JPEG, PNG, WebP or GIF picture."),
        code="bad_type",
    )


def check_attachment_upload(upload) -> CheckedUpload:
    """Raise a translated ValidationError unless `upload` is an accepted file of acceptable size."""
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    name = PurePath(upload.name or "file").name[-200:]
    extension = PurePath(name).suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension in IMAGE_TYPES:
        check_image_upload(upload, max_bytes=limit)
        return CheckedUpload(name, IMAGE_TYPES[extension], True, without_metadata(upload))
    if extension == ".pdf" and head.startswith(b"%PDF-"):
        return CheckedUpload(name, "application/pdf", False, upload)
    if extension in ZIP_TYPES and head.startswith(b"PK\x03\x04"):
        return CheckedUpload(name, ZIP_TYPES[extension], False, upload)
    if extension in TEXT_TYPES and _is_text(upload):
        return CheckedUpload(name, TEXT_TYPES[extension], False, upload)
    raise _not_accepted()


def _is_text(upload):
    upload.seek(0)
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:  # a cut multi-byte character at the end is fine
        return error.start >= len(sample) - 3
    return True
