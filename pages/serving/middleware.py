"""Answer requests for published pages before any of the app's middleware runs.

It sits first in ``MIDDLEWARE``: a published origin never reaches the session, CSRF or auth
middleware, so it sets no app cookie and reads none (docs/decisions.md 10: user HTML never
runs with the app's session). Which hosts are published hosts is explained in
``pages.serving.sites.is_published_host``.

Because it runs before ``SecurityMiddleware``, it applies that middleware's transport rules
itself: with ``SECURE_SSL_REDIRECT`` a plain-HTTP request is redirected to HTTPS on the same
published host (never to ``SECURE_SSL_HOST``, the app's host), and a secure response carries
``Strict-Transport-Security`` when ``SECURE_HSTS_SECONDS`` is set. ``request.is_secure()``
honours ``SECURE_PROXY_SSL_HEADER`` behind the proxy. No ``preload``: a customer's own
domain is not ours to submit to the preload list.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from . import origin, sites


class PublishedPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = origin.request_host(request)
        if host and sites.is_published_host(host):
            secure = request.is_secure()
            if settings.SECURE_SSL_REDIRECT and not secure:
                return HttpResponsePermanentRedirect(f"https://{host}{request.get_full_path()}")
            response = origin.respond(request, host)
            if secure and settings.SECURE_HSTS_SECONDS:
                value = f"max-age={settings.SECURE_HSTS_SECONDS}"
                if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                    value += "; includeSubDomains"
                response.headers.setdefault("Strict-Transport-Security", value)
            return response
        return self.get_response(request)
