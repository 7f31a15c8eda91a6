"""Images uploaded from the builder's asset manager: checked by decoding, re-encoded, stored.

The bytes are decoded with Pillow (a renamed PDF or an HTML polyglot fails) and written again
in the same format, so nothing but pixels reaches storage. SVG is refused: it can carry script.
"""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from landinghub.exceptions import ApplicationError

from .models import Page, PageAsset

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"),
           "WEBP": ("webp", "image/webp"), "GIF": ("gif", "image/gif")}  # fmt: skip
MAX_PIXELS = 40_000_000


def _invalid(message: str, code: str = "invalid_image") -> ApplicationError:
    return ApplicationError(message, code=code, details={"fields": {"files": [message]}})


def _reencode(data: bytes) -> tuple[bytes, str, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise _invalid(_("Upload a PNG, JPEG, WebP or GIF image."))
        if image.width * image.height > MAX_PIXELS:
            raise _invalid(_("The image has too many pixels."))
        fmt = image.format
        if fmt == "GIF":
            return data, fmt, image.width, image.height  # verified; keep the animation
        out = io.BytesIO()
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format=fmt, quality=88) if fmt != "PNG" else image.save(out, format=fmt)
        return out.getvalue(), fmt, image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise _invalid(_("This file is not an image we can use.")) from exc


@transaction.atomic
def asset_upload(*, page: Page, upload: UploadedFile) -> PageAsset:
    if upload.size is None or upload.size > settings.PAGES_MAX_ASSET_BYTES:
        limit = settings.PAGES_MAX_ASSET_BYTES // (1024 * 1024)
        message = _("Images can be at most %(limit)s MB.") % {"limit": limit}
        raise _invalid(message, code="file_too_large")
    data, fmt, width, height = _reencode(upload.read())
    ext, content_type = FORMATS[fmt]
    asset = PageAsset(
        page=page,
        name=(upload.name or "image")[:200],
        content_type=content_type,
        size=len(data),
        width=width,
        height=height,
    )
    asset.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    asset.save()
    return asset
