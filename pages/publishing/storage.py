"""Writing a rendered page to storage under a versioned, never-reused key.

The document is written at ``published/<page id>/v<version>-<token>/index.html``; the page row
is pointed at it only after the write succeeded, so a storage failure leaves the previous
version serving. With ``CLOUDFRONT_DISTRIBUTION_ID`` set, the stable copy the CDN serves is
written too (``pages.publishing.cdn``).
"""

import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pages.models import Page

from .cdn import stable_copy_key
from .render import document_render, etag_of

logger = logging.getLogger(__name__)


def document_write(page: Page, version: int) -> tuple[str, str]:
    """Write the rendered document; returns (storage key, ETag). Raises on storage failure."""
    document = document_render(page).encode()
    key = f"published/{page.pk}/v{version}-{secrets.token_hex(4)}/index.html"
    saved = default_storage.save(key, ContentFile(document))
    if settings.CLOUDFRONT_DISTRIBUTION_ID:
        stable = stable_copy_key(page.slug)
        if default_storage.exists(stable):
            default_storage.delete(stable)
        default_storage.save(stable, ContentFile(document))
    return saved, etag_of(document)


def document_read(key: str) -> bytes:
    with default_storage.open(key, "rb") as handle:
        return handle.read()


def document_delete(key: str) -> None:
    try:
        default_storage.delete(key)
    except Exception:  # an orphaned old version costs storage, never correctness
        logger.warning("pages: could not delete %s", key, exc_info=True)
