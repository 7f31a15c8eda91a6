"""Images uploaded from the builder's asset manager: checked by decoding, re-encoded, stored.

The bytes are decoded with Pillow (a renamed PDF or an HTML polyglot fails) and written again
in the same format, so nothing but pixels reaches storage. SVG is refused: it can carry script.

Decoding is the expensive part, so a request is judged on its headers first (``imaging.probe``)
and refused whole when one image is over ``MAX_PIXELS`` or all of them together are over
``MAX_REQUEST_PIXELS``; only then are the images decoded, outside the web process and with a
time bound (``imaging.reencode_all``). 25 MP takes a 24 MP camera photo; 60 MP per request
takes a handful of phone photos at once and bounds the decoding to a few seconds.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from landinghub.exceptions import ApplicationError
from pages.exceptions import FILE_TOO_LARGE, IMAGE_TIMEOUT
from pages.models import Page, PageAsset

from . import imaging

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"),
           "WEBP": ("webp", "image/webp"), "GIF": ("gif", "image/gif")}  # fmt: skip
MAX_FILES = 10
MAX_PIXELS = 25_000_000
MAX_REQUEST_PIXELS = 60_000_000


def _invalid(message: str, code: str = "invalid_image") -> ApplicationError:
    return ApplicationError(message, code=code, details={"fields": {"files": [message]}})


def _read_and_probe(uploads: list[UploadedFile]) -> list[bytes]:
    """The raw bytes of each upload, after the checks that need no decoding."""
    if not uploads or len(uploads) > MAX_FILES:
        message = _("Upload between 1 and 10 images.")  # MAX_FILES
        raise ApplicationError(message, details={"fields": {"files": [message]}})
    blobs, total = [], 0
    for upload in uploads:
        if upload.size is None or upload.size > settings.PAGES_MAX_ASSET_BYTES:
            limit = settings.PAGES_MAX_ASSET_BYTES // (1024 * 1024)
            message = _("Images can be at most %(limit)s MB.") % {"limit": limit}
            raise _invalid(message, code=FILE_TOO_LARGE)
        data = upload.read()
        found = imaging.probe(data)
        if found is None:
            raise _invalid(_("This file is not an image we can use."))
        if found.format not in FORMATS:
            raise _invalid(_("Upload a PNG, JPEG, WebP or GIF image."))
        if found.pixels > MAX_PIXELS:
            message = _("An image can have at most %(count)s megapixels.")
            raise _invalid(message % {"count": MAX_PIXELS // 1_000_000}, "image_too_large")
        total += found.pixels
        if total > MAX_REQUEST_PIXELS:
            message = _("Upload at most %(count)s megapixels at once; send fewer images.")
            raise _invalid(message % {"count": MAX_REQUEST_PIXELS // 1_000_000}, "too_many_pixels")
        blobs.append(data)
    return blobs


def asset_upload_many(*, page: Page, uploads: list[UploadedFile]) -> list[PageAsset]:
    """All the images of one request, or none of them (a refusal stores nothing)."""
    blobs = _read_and_probe(uploads)
    try:
        encoded = imaging.reencode_all(
            blobs, max_pixels=MAX_PIXELS, timeout=settings.PAGES_IMAGE_DECODE_SECONDS
        )
    except imaging.ImageRefused as exc:
        if exc.code == "image_timeout":
            message = _("These images took too long to process. Upload fewer or smaller ones.")
            raise _invalid(message, code=IMAGE_TIMEOUT) from exc
        raise _invalid(_("This file is not an image we can use.")) from exc
    with transaction.atomic():
        return [_store(page, upload, image) for upload, image in zip(uploads, encoded, strict=True)]


def _store(page: Page, upload: UploadedFile, image: imaging.Encoded) -> PageAsset:
    ext, content_type = FORMATS[image.format]
    asset = PageAsset(
        page=page,
        name=(upload.name or "image")[:200],
        content_type=content_type,
        size=len(image.data),
        width=image.width,
        height=image.height,
    )
    asset.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(image.data), save=False)
    asset.save()
    return asset
