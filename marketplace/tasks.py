import logging

from celery import shared_task
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from . import services
from .models import ListingRevision, ListingScreenshot

logger = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No socket may leave the renderer, not even a speculative pre-connection (which
    # page.route() cannot see): every host resolves to nothing, IP literals included.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://0.0.0.0:1",
    "--proxy-bypass-list=<-loopback>",
]


def _render_png(html: str) -> bytes:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=settings.CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            # Only the document itself: no request leaves the machine while rendering.
            page.route("http*://**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load", timeout=15_000)
            return page.screenshot(type="png")
        finally:
            browser.close()


@shared_task(name="marketplace.listing_screenshot_generate", bind=True, max_retries=2)
def listing_screenshot_generate_task(self, revision_id: int) -> str:
    """Generates a screenshot from a submitted snapshot when the seller gave none.
    Idempotent: a listing that already has a screenshot is left alone."""
    revision = ListingRevision.objects.select_related("listing").filter(pk=revision_id).first()
    if revision is None:
        return "gone"
    listing = revision.listing
    if listing.screenshots.exists():
        return "has-screenshots"
    document = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{revision.css_content}</style>"
        f"</head><body>{revision.html_content}</body></html>"
    )
    try:
        png = _render_png(document)
    except PlaywrightError:
        logger.warning("screenshot of revision %s failed", revision_id, exc_info=True)
        return "failed"
    services.screenshot_add(listing=listing, data=png, source=ListingScreenshot.Source.GENERATED)
    return "generated"


@shared_task(name="marketplace.listing_views_flush")
def listing_views_flush_task() -> int:
    """Moves listing views counted in the cache into the database. Idempotent."""
    return services.listing_views_flush()
