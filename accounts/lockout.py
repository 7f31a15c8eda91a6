"""What a locked-out client sees (django-axes ``AXES_LOCKOUT_CALLABLE``)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.exceptions import LOCKED_OUT
from landinghub.api.errors import envelope, is_api_request

LOCKED_OUT_MESSAGE = "Too many failed sign-in attempts. Try again in a few minutes."


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse(envelope(LOCKED_OUT, LOCKED_OUT_MESSAGE), status=429)
    return render(request, "accounts/locked_out.html", status=429)


def client_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The e-mail being tried, whether it came from the API (``email``) or the log-in form
    (``username``), lowercased so that case changes do not reset the count."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None:
        value = request.POST.get("username") or request.POST.get("email")
    return value.strip().lower() if isinstance(value, str) else None
