"""The gateways' callbacks (``POST /api/orders``, which starts paying, is in ``orders.api``).

They are plain Django views: no session, no JWT, no CSRF token (the gateways call
them server to server), and they answer the gateway's own way. The IPNs are capped in size and
rate-limited per address before anything is read or stored (``payments.api.ipn``).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from landinghub.api.errors import envelope
from landinghub.exceptions import PAYLOAD_TOO_LARGE, THROTTLED, ApplicationError
from payments import callbacks
from payments.gateways.vnpay import IpnCode, vnpay_ipn_reply
from payments.models import PaymentCallback

from .ipn import ipn_body, ipn_guard, ipn_json


def _momo_refusal(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse(envelope(code, message), status=status_code)


@csrf_exempt
@require_POST
@ipn_guard(
    too_large=lambda request: _momo_refusal(PAYLOAD_TOO_LARGE, _("The request is too large."), 413),
    throttled=lambda request: _momo_refusal(
        THROTTLED, _("Too many requests. Try again later."), 429
    ),
)
def momo_ipn(request: HttpRequest) -> HttpResponse:
    """MoMo's IPN: 204 once recorded (duplicates too); a 4xx envelope when rejected (400 for
    junk, recorded first)."""
    raw = ipn_body(request)
    if raw is None:
        return _momo_refusal(PAYLOAD_TOO_LARGE, _("The request is too large."), 413)
    try:
        callbacks.momo_ipn_process(data=ipn_json(raw), raw_body=raw)
    except ApplicationError as exc:
        return JsonResponse(envelope(exc.code, exc.message, exc.details), status=exc.status_code)
    return HttpResponse(status=204)


def _vnpay_refusal(request: HttpRequest, status_code: int) -> JsonResponse:
    # VNPay's shape; 99 ("unknown error") makes a real VNPay call retry later.
    return JsonResponse(vnpay_ipn_reply(IpnCode.UNKNOWN_ERROR), status=status_code)


@csrf_exempt
@require_GET
@ipn_guard(
    too_large=lambda request: _vnpay_refusal(request, 400),
    throttled=lambda request: _vnpay_refusal(request, 429),
)
def vnpay_ipn(request: HttpRequest) -> JsonResponse:
    """VNPay's IPN: HTTP 200 with ``{"RspCode", "Message"}`` (the same shape with 400 for an
    oversized query and 429 past the rate limit)."""
    code = callbacks.vnpay_ipn_process(
        params=request.GET.dict(), raw_query=request.META.get("QUERY_STRING", "")
    )
    return JsonResponse(vnpay_ipn_reply(code))


def _after_return(request: HttpRequest, process) -> HttpResponse:
    """The buyer's browser back from a gateway: to the order's page (which shows the live
    status), never to a URL taken from the query (no open redirect)."""
    try:
        record: PaymentCallback = process(
            params=request.GET.dict(), raw_query=request.META.get("QUERY_STRING", "")
        )
    except ApplicationError as exc:
        return render(
            request, "payments/return_invalid.html", {"error": exc}, status=exc.status_code
        )
    return redirect("orders:detail", pk=record.order_id)


@require_GET
def momo_return(request: HttpRequest) -> HttpResponse:
    return _after_return(request, callbacks.momo_return_process)


@require_GET
def vnpay_return(request: HttpRequest) -> HttpResponse:
    return _after_return(request, callbacks.vnpay_return_process)
