"""Shopper image uploads (review photos, return photos), checked and re-encoded with Pillow.

Only the pixels survive: the file is decoded, turned upright and encoded again, so EXIF
(camera, GPS position), ICC profiles and anything appended to the file are dropped.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
THUMBNAIL_SIZE = (480, 480)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded upload and its thumbnail, ready to be saved to a FileField."""

    content: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _encode(image: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        image.save(buffer, format="WEBP", quality=85)
        return ContentFile(buffer.getvalue(), name=f"{name}.webp")
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{name}.jpg")


def image_upload_clean(
    upload, *, name: str, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> CleanImage:
    """Decode ``upload`` (a file-like object with ``size``) and re-encode it without metadata;
    raises ValidationError, with a message for the shopper, for anything that is not a JPEG,
    PNG or WebP picture within the byte and pixel limits."""
    too_heavy = ValidationError(
        _("%(name)s is larger than %(limit)d MB; please upload a smaller photo.")
        % {"name": getattr(upload, "name", _("The file")), "limit": max_bytes // 2**20}
    )
    if getattr(upload, "size", 0) > max_bytes:
        raise too_heavy
    not_an_image = ValidationError(
        _("%(name)s is not a photo we can read; please upload a JPEG, PNG or WebP image.")
        % {"name": getattr(upload, "name", _("The file"))}
    )
    too_large = ValidationError(
        _("%(name)s has more than %(limit)d megapixels; please upload a smaller photo.")
        % {"name": getattr(upload, "name", _("The file")), "limit": max_pixels // 1_000_000}
    )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # the upload said it was smaller than it is
        raise too_heavy
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > max_pixels:
                    raise too_large
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_large from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise not_an_image from error
    thumbnail = upright.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    return CleanImage(
        content=_encode(upright, name),
        thumbnail=_encode(thumbnail, f"{name}-thumb"),
        width=upright.width,
        height=upright.height,
    )
