"""The published origin: answering ``<slug>.<PUBLISHED_PAGES_DOMAIN>`` and verified domains.

A host resolves to a ``Site`` (the page's current storage key and ETag) through the shared
cache, which publish/unpublish/slug and domain changes clear; the document bytes are cached
in-process by storage key, which is never reused, so they can never be stale. Responses set
no cookies and carry their own security headers and CSP, since they are answered before the
app's middleware runs.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import validate_host
from django.template.loader import render_to_string
from django.utils.http import http_date, parse_http_date_safe

from landinghub.exceptions import PAYLOAD_TOO_LARGE, THROTTLED

from . import counters, media, publishing, sanitize, services
from .hosts import HOSTNAME, pages_root, strip_port
from .models import CustomDomain, Page
from .reserved_hosts import Handler, reserved_host_handler
from .sitecache import site_cache_key

logger = logging.getLogger(__name__)

SITE_TTL = 300
MISS_TTL = 30
MISS = 0
FRAME_HOSTS = sanitize.iframe_frame_sources()  # the embeds the sanitiser keeps, host and path
PUBLISHED_STYLE_CSP = (
    "style-src 'unsafe-inline' https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com data:"
)


@dataclass(frozen=True)
class Site:
    page_id: int
    key: str
    etag: str
    last_modified: float


def _site_of(page: Page | None) -> Site | None:
    if page is None or not page.is_published:
        return None
    modified = (page.deployed_at or page.updated_at).timestamp()
    return Site(page.pk, page.published_key, page.published_etag, modified)


def _lookup(host: str, root: str) -> Site | None:
    published = Page.objects.filter(status=Page.Status.PUBLISHED).exclude(published_key="")
    if host.endswith("." + root):
        return _site_of(published.filter(slug=host[: -len(root) - 1]).first())
    domain = CustomDomain.objects.filter(domain=host, verified_at__isnull=False).first()
    return _site_of(published.filter(pk=domain.page_id).first()) if domain else None


def site_for_host(host: str) -> Site | None:
    root = pages_root()
    if host == root or not HOSTNAME.match(host):
        return None
    key = site_cache_key(host)
    site = cache.get(key)
    if site is None:
        site = _lookup(host, root) or MISS
        cache.set(key, site, SITE_TTL if site else MISS_TTL)
    return site or None


def is_published_host(host: str) -> bool:
    """Hosts under the pages domain, and any host that is not one of the app's.

    The app's hosts are its ``ALLOWED_HOSTS``; every other host can only be a customer's domain,
    so it is answered here (a page, or the 404 page) and never reaches the app. That keeps
    ``ALLOWED_HOSTS`` a strict list for the app while custom domains need no settings change.
    With ``ALLOWED_HOSTS = ["*"]`` only verified domains and the pages domain are taken.
    """
    root = pages_root()
    if host == root or host.endswith("." + root):
        return True
    allowed = settings.ALLOWED_HOSTS
    if "*" in allowed:
        return site_for_host(host) is not None
    return not validate_host(host, allowed)


@lru_cache(maxsize=256)
def _document(key: str) -> tuple[bytes, str]:
    body = publishing.document_read(key)
    return body, " ".join(publishing.script_hashes(body))


def _security_headers(response: HttpResponse, script_src: str = "'none'") -> HttpResponse:
    site = settings.SITE_URL.rstrip("/")
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src * data: blob:; media-src *; "
        f"{PUBLISHED_STYLE_CSP}; "
        f"script-src {script_src}; connect-src 'self'; form-action 'self'; "
        f"frame-src {FRAME_HOSTS}; base-uri 'none'; "
        f"frame-ancestors 'self' {site}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def not_found(status: int = 404) -> HttpResponse:
    body = render_to_string("pages/published/not_found.html", {"status": status})
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return _security_headers(response)


def _not_modified(request: HttpRequest, site: Site) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return (
            site.etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match == "*"
        )
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(site.last_modified) <= since


def serve_page(request: HttpRequest, site: Site) -> HttpResponse:
    try:
        body, script_src = _document(site.key)
    except Exception:
        logger.exception("pages: cannot read %s", site.key)
        return not_found(503)
    if request.method == "GET":
        counters.view_hit(site.page_id)
    if _not_modified(request, site):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body if request.method == "GET" else b"")
        response["Content-Type"] = "text/html; charset=utf-8"
        response["Content-Length"] = str(len(body))
    response["ETag"] = site.etag
    response["Last-Modified"] = http_date(site.last_modified)
    # Revalidate every time: a 304 is cheap, unpublish/republish show at once, views count.
    response["Cache-Control"] = "public, no-cache"
    return _security_headers(response, script_src or "'none'")


def client_ip(request: HttpRequest) -> str:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(ip: str) -> bool:
    minute = int(datetime.now(UTC).timestamp() // 60)
    key = f"pages:leads:{ip}:{minute}"
    if cache.add(key, 1, 120):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return False
    # With the cache down the count is unknown (None): a lead is never refused for that.
    return (count or 0) > settings.PAGES_LEAD_RATE_PER_MINUTE


def _lead_reply(request: HttpRequest, status: int, code: str = "") -> HttpResponse:
    wants_json = "application/json" in request.headers.get("Accept", "")
    if status < 400:
        response = (
            JsonResponse({"ok": True}, status=201) if wants_json else HttpResponse(status=303)
        )
        if not wants_json:
            response["Location"] = "/#lh-thanks"
    elif wants_json:
        response = JsonResponse(
            {"error": {"code": code, "message": code, "details": {}}}, status=status
        )
    else:
        response = not_found(status)
    response["Cache-Control"] = "no-store"
    return _security_headers(response)


def lead_post(request: HttpRequest, site: Site) -> HttpResponse:
    ip = client_ip(request)
    if _rate_limited(ip):
        return _lead_reply(request, 429, THROTTLED)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.PAGES_MAX_LEAD_BYTES:  # refused before the body is read
        return _lead_reply(request, 413, PAYLOAD_TOO_LARGE)
    try:
        fields = {key: request.POST.getlist(key) for key in request.POST}
    except (RequestDataTooBig, TooManyFieldsSent):
        return _lead_reply(request, 413, PAYLOAD_TOO_LARGE)
    if any(v.strip() for v in fields.pop(publishing.HONEYPOT_FIELD, [])):
        return _lead_reply(request, 201)  # a bot: look successful, store nothing
    services.lead_create(
        page_id=site.page_id,
        fields=fields,
        ip_address=ip or None,
        user_agent=request.headers.get("User-Agent", ""),
        referrer=request.headers.get("Referer", ""),
    )
    return _lead_reply(request, 201)


def _reserved(request: HttpRequest, handler: Handler) -> HttpResponse:
    """A registered handler's answer, held to the published origin's rules: no cookies, and a
    locked-down CSP unless the handler set its own."""
    response = handler(request)
    if response is None:
        return not_found()
    response.cookies.clear()
    if "Content-Security-Policy" not in response:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request: HttpRequest, host: str) -> HttpResponse:
    handler = reserved_host_handler(host)
    site = None if handler else site_for_host(host)
    if handler is None and site is None:
        return not_found()
    if request.path.startswith(settings.MEDIA_URL):  # the content's images (pages.media)
        return media.media_response(request, request.path) or not_found()
    if handler is not None:
        return _reserved(request, handler)
    if request.path in ("/", "/index.html") and request.method in ("GET", "HEAD"):
        return serve_page(request, site)
    if request.path == "/_leads" and request.method == "POST":
        return lead_post(request, site)
    if request.path == "/robots.txt":
        return _security_headers(
            HttpResponse("User-agent: *\nAllow: /\n", content_type="text/plain")
        )
    return not_found()


def request_host(request: HttpRequest) -> str:
    return strip_port(request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", ""))
