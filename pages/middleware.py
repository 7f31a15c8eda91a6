"""Answer requests for published pages before any of the app's middleware runs.

It sits first in ``MIDDLEWARE``: a published origin never reaches the session, CSRF or auth
middleware, so it sets no app cookie and reads none (SPEC 8: user HTML never runs with the
app's session). Which hosts are published hosts is explained in
``pages.serving.is_published_host``.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import serving


class PublishedPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = serving.request_host(request)
        if host and serving.is_published_host(host):
            return serving.respond(request, host)
        return self.get_response(request)
