"""Request guards that apply to every app request (published pages have their own)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

from landinghub.api import errors

logger = logging.getLogger("django.request")

TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/")


class NulCharacterRejected(SuspiciousOperation):
    """NUL can be in no text the app stores (PostgreSQL refuses it in text columns)."""


class RejectNulCharactersMiddleware:
    """Answers 400 (the envelope on /api/) for a NUL character in the query string or in a
    JSON/form body, raw or escaped, before any view can hand it to the database.

    Serializer ``CharField``s already refuse NUL, but lookups (slug fields, filters, search)
    would otherwise reach PostgreSQL and fail there as a 500. Binary uploads (multipart) are
    left alone: image bytes contain NULs and never become text.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            raise NulCharacterRejected("NUL character in the URL")
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and content_type.startswith(TEXT_BODIES):
            body = request.body.lower()
            if b"\x00" in body or b"\\u0000" in body or b"%00" in body:
                raise NulCharacterRejected("NUL character in the request body")
        return self.get_response(request)


class ApiErrorPagesMiddleware:
    """``/api/`` answers the error envelope in every mode. With DEBUG off Django's handlers
    (``landinghub.api.errors``) already do; with DEBUG on it would show its technical HTML pages
    for a 404 or 403 a plain (non-DRF) view raises, or for a crash. The crash is still logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not errors.is_api_request(request):
            return None
        if isinstance(exception, Http404):
            return errors.handler404(request, exception)
        if isinstance(exception, PermissionDenied):
            return errors.handler403(request, exception)
        if not settings.DEBUG:
            return None  # Django's handlers answer and log as usual
        if isinstance(exception, SuspiciousOperation):
            return errors.handler400(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return errors.handler500(request)


class HtmlGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation), for HTML pages only: static files come
    pre-compressed from WhiteNoise, media and downloads are compressed already or streamed, and
    the API's clients are left as they are."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
