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
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from landinghub.exceptions import ApplicationError

logger = logging.getLogger(__name__)

_DEFAULT_MESSAGES = {
    400: "The request is invalid.",
    401: "Authentication credentials were not provided or are invalid.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request is too large.",
    429: "Too many requests. Try again later.",
    500: "Something went wrong on our side. Please try again.",
}


def envelope(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


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
        message = _first_message(detail) or _DEFAULT_MESSAGES[400]
        return "validation_error", message, {"fields": detail}
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
        return Response(envelope(exc.code, exc.message, exc.details), status=exc.status_code)
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
            return _json_error(413, "payload_too_large")  # Django raises these as "400"
        return _json_error(400, "bad_request")
    return render(request, "errors/400.html", status=400)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return _json_error(403, "permission_denied")
    return render(request, "errors/403.html", status=403)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return _json_error(404, "not_found")
    return render(request, "errors/404.html", status=404)


def handler500(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return _json_error(500, "server_error")
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        return JsonResponse(
            envelope("csrf_failed", "CSRF verification failed. Reload the page and try again."),
            status=403,
        )
    return render(request, "errors/403.html", {"csrf_failed": True}, status=403)
