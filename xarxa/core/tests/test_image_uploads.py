"""Stored images carry no EXIF, GPS, XMP or comments, and huge images are refused before they are decoded."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, PngImagePlugin

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.content.tests.factories import ContentFactory
from xarxa.content.uploads import check_attachment_upload
from xarxa.core.images import check_image_upload, square_thumbnail
from xarxa.messaging import services as messaging_services
from xarxa.spaces.services import cover_image

SECRET = b"Calle Secreta 7"
GPS_INFO, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def photo(fmt="JPEG", size=(60, 30)):
    """A photo as a phone writes it: camera, GPS position, XMP, a comment, and 'turn me 90°' (orientation 6)."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (40.0, 25.0, 1.5), 3: "W", 4: (3.0, 42.0, 9.0)})
    out = BytesIO()
    extra = {"comment": SECRET} if fmt == "JPEG" else {}
    if fmt == "PNG":  # PNG keeps XMP in a text chunk
        extra = {"pnginfo": PngImagePlugin.PngInfo()}
        extra["pnginfo"].add_itxt("XML:com.adobe.xmp", SECRET.decode())
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt, exif=exif.tobytes(),
                                                xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>", **extra)
    return SimpleUploadedFile(f"foto.{fmt.lower()}", out.getvalue())


def assert_clean(data: bytes, size=None):
    assert SECRET not in data and b"PhoneCam" not in data
    with Image.open(BytesIO(data)) as image:
        assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
        if size:
            assert image.size == size


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_attached_photo_is_stored_upright_without_its_metadata(fmt):
    upload = photo(fmt)
    assert SECRET in upload.read() and upload.seek(0) == 0
    checked = check_attachment_upload(upload)
    data = checked.file.read()
    assert_clean(data, size=(30, 60))  # turned as the camera said, since the tag that said so is gone
    assert Image.open(BytesIO(data)).format == fmt


@pytest.mark.django_db
def test_photos_attached_to_content_and_messages_are_stored_clean():
    author = UserFactory()
    attachment = content_services.attach_file(author, ContentFactory(author=author), photo())
    assert_clean(attachment.file.read(), size=(30, 60))
    assert attachment.size == attachment.file.size
    talk = messaging_services.start_conversation(author, [UserFactory().username], "Mira", photo())
    stored = talk.messages.get().attachments.get()
    assert_clean(stored.file.read(), size=(30, 60))


def test_profile_photos_and_covers_are_stored_clean():
    assert_clean(square_thumbnail(photo()).read(), size=(400, 400))
    assert_clean(cover_image(photo()).read(), size=(1200, 400))


def png_header_only(width, height):
    """A PNG that announces width × height pixels and holds almost nothing: decoding it would allocate them."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 10))


def test_a_pixel_bomb_is_refused_before_it_is_decoded(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    upload = SimpleUploadedFile("bomb.png", png_header_only(8_000, 6_000))
    with pytest.raises(ValidationError) as refused:
        check_image_upload(upload, max_bytes=10**6)
    assert refused.value.code == "too_many_pixels"
    with pytest.raises(ValidationError) as refused:
        check_attachment_upload(SimpleUploadedFile("bomb.png", png_header_only(8_000, 6_000)))
    assert refused.value.code == "too_many_pixels"


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment():
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], comment=SECRET, duration=100, loop=0)
    data = check_attachment_upload(SimpleUploadedFile("baile.gif", out.getvalue())).file.read()
    assert SECRET not in data
    with Image.open(BytesIO(data)) as image:
        assert image.n_frames == 3 and image.info["loop"] == 0


def mpo_photo():
    """A multi-picture JPEG as some phones write it: the photo, then a second picture, each with metadata."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (40.0, 25.0, 1.5), 3: "W", 4: (3.0, 42.0, 9.0)})
    out = BytesIO()
    first, second = Image.new("RGB", (60, 30), (10, 120, 200)), Image.new("RGB", (60, 30), (200, 10, 10))
    first.save(out, format="MPO", save_all=True, append_images=[second], exif=exif.tobytes(), comment=SECRET)
    assert Image.open(BytesIO(out.getvalue())).format == "MPO"
    return SimpleUploadedFile("foto.jpg", out.getvalue())


@pytest.mark.django_db
def test_a_multi_picture_jpeg_is_stored_as_its_first_picture_without_metadata():
    author = UserFactory()
    attachment = content_services.attach_file(author, ContentFactory(author=author), mpo_photo())
    data = attachment.file.read()
    assert_clean(data, size=(30, 60))
    with Image.open(BytesIO(data)) as image:
        assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((15, 30))[2] > 150  # the first picture (blue), not the second
    assert attachment.mime_type == "image/jpeg"
    assert_clean(square_thumbnail(mpo_photo()).read(), size=(400, 400))
    assert_clean(cover_image(mpo_photo()).read(), size=(1200, 400))


def test_an_animation_of_too_many_frames_is_refused():
    frames = [Image.new("RGB", (4, 4), (index % 256, index // 256, 0)) for index in range(400)]
    out = BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=20)
    assert Image.open(BytesIO(out.getvalue())).n_frames > 300
    with pytest.raises(ValidationError) as refused:
        check_attachment_upload(SimpleUploadedFile("bomba.gif", out.getvalue()))
    assert refused.value.code == "too_many_frames"


def test_an_animation_whose_frames_add_up_to_a_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("xarxa.core.images.MAX_ANIMATION_PIXELS", 20 * 20 * 5)
    frames = [Image.new("RGB", (20, 20), (index * 30, 0, 0)) for index in range(8)]
    out = BytesIO()
    frames[0].save(out, format="WEBP", save_all=True, append_images=frames[1:], duration=20)
    with pytest.raises(ValidationError) as refused:
        check_attachment_upload(SimpleUploadedFile("bomba.webp", out.getvalue()))
    assert refused.value.code == "too_many_pixels"
