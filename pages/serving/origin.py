"""The published origin: answering a host that ``pages.serving.sites`` resolves to a page.

The document bytes are cached in-process by storage key, which is never reused, so they can
never be stale. Each GET counts a view (``pages.serving.view_counts``); ``/_leads`` takes the
page's form posts (``pages.leads.capture``); reserved hosts are answered by the handlers other
apps register (``pages.domains.reserved_hosts``).
"""

import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_http_date_safe

from pages.domains.reserved_hosts import Handler, reserved_host_handler
from pages.leads.capture import lead_post
from pages.publishing import render, storage

from . import media, view_counts
from .hosts import strip_port
from .responses import not_found, security_headers
from .sites import Site, site_for_host

logger = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def _document(key: str) -> tuple[bytes, str]:
    body = storage.document_read(key)
    return body, " ".join(render.script_hashes(body))


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
        view_counts.view_hit(site.page_id)
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
    return security_headers(response, script_src or "'none'")


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
    if request.path.startswith(settings.MEDIA_URL):  # the content's images (pages.serving.media)
        return media.media_response(request, request.path) or not_found()
    if handler is not None:
        return _reserved(request, handler)
    if request.path in ("/", "/index.html") and request.method in ("GET", "HEAD"):
        return serve_page(request, site)
    if request.path == "/_leads" and request.method == "POST":
        return lead_post(request, site)
    if request.path == "/robots.txt":
        return security_headers(
            HttpResponse("User-agent: *\nAllow: /\n", content_type="text/plain")
        )
    return not_found()


def request_host(request: HttpRequest) -> str:
    return strip_port(request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", ""))
