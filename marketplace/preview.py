"""Signed, sandboxed previews of a frozen listing revision, served from the published origin.

The snapshot is user HTML, so it is never served on the app's origin: it is answered at
``preview.<PUBLISHED_PAGES_DOMAIN>/<token>`` (registered with pages' reserved hosts in
``MarketplaceConfig.ready``), where no app cookie is sent or set. It goes out with
``Content-Security-Policy: sandbox`` (an opaque origin even when opened directly), no scripts,
and only the app may frame it, inside an ``<iframe sandbox>`` with no allow tokens. The URL
carries a signed revision id, so it needs no session and cannot be guessed for someone else's
pending revision.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from pages.content.sanitize import css_clean, html_clean
from pages.domains.reserved_hosts import reserved_host_url
from pages.serving.responses import FRAME_HOSTS, PUBLISHED_STYLE_CSP

from .models import ListingRevision

_SALT = "marketplace.preview"
PREVIEW_HOST_LABEL = "preview"
# No looser than a published page's policy: the same style, font and frame sources.
PREVIEW_CSP = (
    "sandbox; default-src 'none'; img-src * data: blob:; "
    f"{PUBLISHED_STYLE_CSP}; media-src *; frame-src {FRAME_HOSTS}; form-action 'none'; "
    "base-uri 'none'; frame-ancestors {site}"
)


PRIVATE_MAX_AGE = 60 * 60  # seconds a seller's or moderator's preview link stays valid


def preview_url(*, revision_id: int) -> str:
    token = signing.dumps(revision_id, salt=_SALT, compress=True)
    return reserved_host_url(label=PREVIEW_HOST_LABEL, path=f"/{token}")


def preview_revision_from_token(*, token: str) -> ListingRevision | None:
    """The revision behind a token. What is on sale is public for as long as it is on sale;
    anything else (pending, rejected, withdrawn) only while the link is fresh."""
    try:
        revision_id = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    revision = ListingRevision.objects.select_related("listing").filter(pk=revision_id).first()
    if revision is None:
        return None
    listing = revision.listing
    if listing.status == listing.Status.ACTIVE and listing.approved_revision_id == revision.pk:
        return revision
    try:
        signing.loads(token, salt=_SALT, max_age=PRIVATE_MAX_AGE)
    except signing.BadSignature:
        return None
    return revision


def preview_response(*, revision: ListingRevision) -> HttpResponse:
    html = render_to_string(
        "marketplace/preview_document.html",
        # Cleaned again with today's rules: a revision frozen before a sanitiser fix is safe too.
        {
            "revision": revision,
            "html": html_clean(revision.html_content),
            "css": css_clean(revision.css_content),
        },
    )
    response = HttpResponse(html)
    response["Content-Security-Policy"] = PREVIEW_CSP.format(site=settings.SITE_URL.rstrip("/"))
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


def preview_serve(request: HttpRequest) -> HttpResponse | None:
    """The handler of ``preview.<pages root>``: ``GET /<token>``; None is a 404 there."""
    if request.method not in ("GET", "HEAD"):
        return None
    revision = preview_revision_from_token(token=request.path.strip("/"))
    if revision is None:
        return None
    return preview_response(revision=revision)
