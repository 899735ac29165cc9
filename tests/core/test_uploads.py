"""Shopper photo uploads: what Pillow accepts, what it refuses, and what survives re-encoding."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from storefront.core.uploads import MAX_BYTES, THUMBNAIL_SIZE, image_upload_clean

NOT_READABLE = "is not a photo we can read; please upload a JPEG, PNG or WebP image"
TOO_MANY_PIXELS = "has more than 25 megapixels; please upload a smaller photo"


def picture(fmt: str, size=(64, 48), mode: str = "RGB", colour="#c0392b", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def noise(fmt: str, size) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def opened(content) -> Image.Image:
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def message_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def camera_exif() -> Image.Exif:
    """EXIF as a phone writes it: maker, a GPS position, and "rotate 90° to view"."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    return exif


def one_bit_png(width: int, height: int) -> bytes:
    """A valid black one-bit PNG written row by row: huge in pixels, a few kB on disk
    (Pillow itself would need the whole canvas in memory to write it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # one-bit greyscale
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.mark.parametrize(
    ("fmt", "name"), [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp")]
)
def test_jpeg_png_and_webp_photos_are_accepted_and_re_encoded(fmt, name):
    original = picture(fmt, size=(64, 48))

    clean = image_upload_clean(upload(original, name), name="review")

    clean.content.seek(0)
    assert clean.content.read() != original
    image = opened(clean.content)
    assert image.format == "JPEG"
    assert clean.content.name == "review.jpg"
    assert (clean.width, clean.height) == image.size == (64, 48)


def test_transparent_photo_keeps_its_alpha_as_webp():
    original = picture("PNG", size=(32, 32), mode="RGBA", colour=(10, 20, 30, 0))

    clean = image_upload_clean(upload(original, "logo.png"), name="review")

    image = opened(clean.content)
    assert clean.content.name == "review.webp"
    assert image.format == "WEBP"
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0


def test_exif_with_gps_position_is_stripped_from_photo_and_thumbnail():
    original = picture("JPEG", size=(40, 20), exif=camera_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = image_upload_clean(upload(original), name="review")

    for content in (clean.content, clean.thumbnail):
        content.seek(0)
        raw = content.read()
        image = opened(content)
        assert "exif" not in image.info
        assert not image.getexif()
        assert b"SpyCam" not in raw


def test_photo_is_turned_upright_as_its_exif_orientation_says():
    original = picture("JPEG", size=(40, 20), exif=camera_exif())

    clean = image_upload_clean(upload(original), name="review")

    assert (clean.width, clean.height) == (20, 40)
    assert opened(clean.content).size == (20, 40)


def test_bytes_appended_after_the_picture_are_dropped():
    payload = b"PK\x03\x04<?php system($_GET['c']); ?>"
    original = picture("JPEG") + payload

    clean = image_upload_clean(upload(original), name="review")

    clean.content.seek(0)
    assert payload not in clean.content.read()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (picture("GIF"), "animation.gif"),
        (picture("BMP"), "scan.bmp"),
        (b"Dear shop, this is not a picture at all.\n" * 20, "notes.jpg"),
        (noise("JPEG", (400, 300))[:20_000], "cut-off.jpg"),
        (noise("PNG", (400, 300))[:20_000], "cut-off.png"),
    ],
    ids=["gif", "bmp", "text", "truncated-jpeg", "truncated-png"],
)
def test_files_that_are_not_jpeg_png_or_webp_pictures_are_refused(data, name):
    with pytest.raises(ValidationError) as error:
        image_upload_clean(upload(data, name), name="review")

    assert f"{name} {NOT_READABLE}" in message_of(error)


def test_file_over_five_megabytes_is_refused():
    data = noise("PNG", (1340, 1340))  # noise does not compress: just over the limit
    assert len(data) > MAX_BYTES

    with pytest.raises(ValidationError) as error:
        image_upload_clean(upload(data, "huge.png"), name="review")

    assert "huge.png is larger than 5 MB; please upload a smaller photo." in message_of(error)


def test_picture_over_25_megapixels_is_refused_even_when_small_on_disk():
    data = picture("PNG", size=(6000, 5000), mode="L", colour=200)
    assert len(data) < 1_000_000

    with pytest.raises(ValidationError) as error:
        image_upload_clean(upload(data, "poster.png"), name="review")

    assert f"poster.png {TOO_MANY_PIXELS}" in message_of(error)


@pytest.mark.parametrize(
    "side",
    [10_000, 20_000],
    ids=["past-pillow-warning", "past-pillow-error"],
)
def test_decompression_bomb_is_refused(side):
    data = one_bit_png(side, side)
    assert len(data) < 200_000

    with pytest.raises(ValidationError) as error:
        image_upload_clean(upload(data, "bomb.png"), name="review")

    assert f"bomb.png {TOO_MANY_PIXELS}" in message_of(error)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((1200, 800), (480, 320)), ((600, 1500), (192, 480)), ((100, 50), (100, 50))],
)
def test_thumbnail_fits_480_pixels_without_enlarging(size, expected):
    clean = image_upload_clean(upload(picture("PNG", size=size), "p.png"), name="review")

    thumbnail = opened(clean.thumbnail)
    assert thumbnail.size == expected
    assert max(thumbnail.size) <= max(THUMBNAIL_SIZE)
    assert clean.thumbnail.name == "review-thumb.jpg"
