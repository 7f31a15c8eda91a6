"""One error envelope for every API error: ``{"error": {"code", "message", "details"}}``.

DRF exceptions, Django's own 404/403/CSRF/500 responses on ``/api/`` paths and the domain
``ApplicationError`` all end up here. Unknown exceptions become a 500 whose body says nothing
about the internals.
"""

import logging
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from landinghub.exceptions import (
    BAD_REQUEST,
    CSRF_FAILED,
    NOT_FOUND,
    PAYLOAD_TOO_LARGE,
    PERMISSION_DENIED,
    SERVER_ERROR,
    VALIDATION_ERROR,
    ApplicationError,
)

logger = logging.getLogger(__name__)

_DEFAULT_MESSAGES = {
    400: _("The request is invalid."),
    401: _("Authentication credentials were not provided or are invalid."),
    403: _("You do not have permission to perform this action."),
    404: _("Not found."),
    405: _("Method not allowed."),
    413: _("The request is too large."),
    429: _("Too many requests. Try again later."),
    500: _("Something went wrong on our side. Please try again."),
}


def envelope(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The error body, its message in the request's language (``Accept-Language``, set by
    LocaleMiddleware; Vietnamese by default). A message raised as a plain string is looked up
    in the catalogue here, so an English msgid still reaches a Vietnamese client translated."""
    return {"error": {"code": code, "message": translated(message), "details": details or {}}}


def translated(message: Any) -> str:
    text = str(message)
    return gettext(text) if text else text


def _translated_fields(detail: Any) -> Any:
    """Field messages in the request's language, codes kept (DRF's ``ErrorDetail``)."""
    if isinstance(detail, dict):
        return {key: _translated_fields(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_translated_fields(item) for item in detail]
    if isinstance(detail, drf_exceptions.ErrorDetail):
        return drf_exceptions.ErrorDetail(translated(detail), code=detail.code)
    if isinstance(detail, str):
        return translated(detail)
    return detail


def _first_message(detail: Any) -> str | None:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_message(next(iter(detail.values())))
    if detail:
        return str(detail)
    return None


def _from_drf(exc: drf_exceptions.APIException) -> tuple[str, str, dict[str, Any]]:
    if isinstance(exc, drf_exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        detail = _translated_fields(detail)
        message = _first_message(detail) or _DEFAULT_MESSAGES[400]
        return VALIDATION_ERROR, message, {"fields": detail}
    detail = exc.detail
    details: dict[str, Any] = {}
    code = exc.default_code
    if isinstance(detail, dict):
        # simplejwt's InvalidToken carries {"detail", "code", "messages"}.
        code = str(detail.get("code") or code)
        message = str(detail.get("detail") or _first_message(detail) or exc.default_detail)
    else:
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
        message = str(detail)
    if isinstance(exc, drf_exceptions.Throttled) and exc.wait is not None:
        details["retry_after"] = int(exc.wait)
    return code, message, details


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        details = exc.details
        if isinstance(details.get("fields"), dict):
            details = {**details, "fields": _translated_fields(details["fields"])}
        return Response(envelope(exc.code, exc.message, details), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's handler500 answers, and the error is logged.
    code, message, details = _from_drf(exc)  # type: ignore[arg-type]
    response.data = envelope(code, message, details)
    return response


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json_error(status: int, code: str) -> JsonResponse:
    return JsonResponse(envelope(code, _DEFAULT_MESSAGES[status]), status=status)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
            return _json_error(413, PAYLOAD_TOO_LARGE)  # Django raises these as "400"
        return _json_error(400, BAD_REQUEST)
    return render(request, "errors/400.html", status=400)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return _json_error(403, PERMISSION_DENIED)
    return render(request, "errors/403.html", status=403)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return _json_error(404, NOT_FOUND)
    return render(request, "errors/404.html", status=404)


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The last ``/api/`` route: an unknown API path is the 404 envelope in every mode (with
    DEBUG on, Django would answer its technical HTML page listing the URLconf instead)."""
    return _json_error(404, NOT_FOUND)


def handler500(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return _json_error(500, SERVER_ERROR)
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the error page itself must never fail
        # e.g. ManifestStaticFilesStorage raises ValueError for a file missing from the
        # manifest (collectstatic not run): answer a plain page without {% static %}.
        logger.exception("The branded 500 page could not be rendered")
        title = escape(gettext("Something went wrong"))
        body = escape(gettext("An error occurred on our side. Please try again in a moment."))
        return HttpResponse(
            f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>{body}</p></body></html>",
            status=500,
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        return JsonResponse(
            envelope(CSRF_FAILED, _("CSRF verification failed. Reload the page and try again.")),
            status=403,
        )
    return render(request, "errors/403.html", {"csrf_failed": True}, status=403)
