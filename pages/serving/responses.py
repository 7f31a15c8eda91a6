"""The published origin's own response headers and its 404 page.

Published responses are answered before the app's middleware runs, so they set no cookies and
carry their own security headers and CSP: scripts only by hash, styles and fonts from Google
Fonts, frames only from the embeds the sanitiser keeps.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from pages.content import sanitize

FRAME_HOSTS = sanitize.iframe_frame_sources()  # the embeds the sanitiser keeps, host and path
PUBLISHED_STYLE_CSP = (
    "style-src 'unsafe-inline' https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com data:"
)


def security_headers(response: HttpResponse, script_src: str = "'none'") -> HttpResponse:
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
    return security_headers(response)
