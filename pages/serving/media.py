"""Uploaded images served from the default storage when it is local (``MEDIA_URL`` is a path).

With S3 the storage hands out absolute URLs and nothing here runs. With the filesystem storage
(development, a single server) builder content refers to images as ``/media/<key>``: the
builder's canvas loads them from the app's origin, a published page and a marketplace preview
from their own. So both origins answer ``/media/`` here, images only: every upload was decoded
and re-encoded by Pillow (``pages.content.assets``), and anything else in storage (published
documents, exports) is never served by this path.
"""

import mimetypes
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest

_IMAGE_KEY = re.compile(r"^(?:[A-Za-z0-9_\-.]+/)*[A-Za-z0-9_\-.]+\.(?:png|jpe?g|webp|gif)$", re.I)
IMAGE_CSP = "default-src 'none'; sandbox"


def media_key(path: str) -> str | None:
    """The storage key behind ``/media/<key>``, or None when it is not a servable image."""
    prefix = settings.MEDIA_URL
    if not prefix.startswith("/") or not path.startswith(prefix):
        return None
    key = path[len(prefix) :]
    if ".." in key or not _IMAGE_KEY.match(key):
        return None
    return key


def media_response(request: HttpRequest, path: str) -> FileResponse | None:
    key = media_key(path)
    if key is None or request.method not in ("GET", "HEAD"):
        return None
    try:
        handle = default_storage.open(key, "rb")
    except (OSError, ValueError):
        return None
    response = FileResponse(handle, content_type=mimetypes.guess_type(key)[0])
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = IMAGE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
