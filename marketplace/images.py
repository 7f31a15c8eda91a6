"""Screenshot images: validated by their content, size-limited, re-encoded, thumbnailed.

The bytes a user uploads are never stored: Pillow decodes them (which refuses PDFs, scripts
renamed ``.png`` and decompression bombs), and what is stored is a fresh WebP encoding.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import IMAGE_TOO_LARGE, InvalidImage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a 24 MP camera photo; far below a bomb (issue 12)
MAX_SIDE = 2400
THUMB_SIZE = (640, 400)
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


@dataclass(frozen=True)
class EncodedImage:
    image: ContentFile
    thumbnail: ContentFile


def _encode(img: Image.Image, name: str, quality: int) -> ContentFile:
    buffer = io.BytesIO()
    img.save(buffer, format="WEBP", quality=quality, method=4)
    return ContentFile(buffer.getvalue(), name=name)


def image_validate_and_encode(*, data: bytes, stem: str) -> EncodedImage:
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidImage("The image is larger than 5 MB.", code=IMAGE_TOO_LARGE)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise InvalidImage(_("Upload a PNG, JPEG, WebP or GIF image."))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise InvalidImage(_("The image has too many pixels."), code=IMAGE_TOO_LARGE)
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img).convert("RGB")
    except InvalidImage:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise InvalidImage(_("The file is not a valid image.")) from exc
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = ImageOps.fit(img, THUMB_SIZE, method=Image.Resampling.LANCZOS)
    return EncodedImage(
        image=_encode(img, f"{stem}.webp", quality=85),
        thumbnail=_encode(thumb, f"{stem}-thumb.webp", quality=80),
    )
