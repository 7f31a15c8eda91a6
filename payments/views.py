"""Templated pages: checkout, and the local payment simulator (no merchant keys set).

The simulator plays the gateway's page. Its Pay / Cancel buttons build the callback the
gateway would send, signed with the simulator's keys, and hand it to the **same** IPN
processing the real IPN endpoint uses (``payments.callbacks``: signature, reference, amount,
row locks), then send the browser to the return URL, which verifies it again.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.exceptions import EmailUnverified
from landinghub.client_ip import client_ip
from landinghub.exceptions import ApplicationError
from marketplace import selectors as marketplace_selectors
from marketplace.models import MarketplacePage
from orders.exceptions import AlreadyOwned

from . import callbacks, config, services
from .exceptions import InvalidCallback
from .models import Gateway
from .simulator import (
    SimulatedResult,
    momo_return_query,
    momo_simulated_callback,
    momo_simulated_checkout,
    vnpay_simulated_callback,
    vnpay_simulated_checkout,
)


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        listing = marketplace_selectors.listing_get_visible(listing_id=pk, user=request.user)
    except ApplicationError as exc:
        raise Http404 from exc
    if listing.status != MarketplacePage.Status.ACTIVE:
        raise Http404
    viewer = marketplace_selectors.listing_viewer_get(listing=listing, user=request.user)
    if viewer.is_seller:
        messages.error(request, _("You cannot buy your own template."))
        return redirect("marketplace:detail", pk=listing.pk)
    if viewer.owns:
        messages.info(request, _("You already own this template: find it in My orders."))
        return redirect("orders:detail", pk=viewer.order_id)
    error = None
    if request.method == "POST":
        try:
            start = services.payment_start(
                buyer=request.user,
                listing_id=listing.pk,
                gateway=request.POST.get("gateway", ""),
                client_ip=client_ip(request) or "",
            )
        except AlreadyOwned as exc:
            messages.info(request, exc.message)
            return redirect("orders:my")
        except EmailUnverified as exc:
            error = exc.html_message()
        except ApplicationError as exc:
            error = exc.message
        else:
            return redirect(start.payment_url or f"/orders/{start.order.pk}/")
    # Only the gateways that can take this price (VNPay starts at 5,000 ₫: payments.limits).
    available = services.gateways_available(amount_vnd=listing.price)
    gateways = [(value, label) for value, label in Gateway.choices if value in available]
    return render(
        request,
        "payments/checkout.html",
        {"listing": listing, "gateways": gateways, "error": error},
        status=400 if error else 200,
    )


def _allowed_return(request: HttpRequest, url: str) -> bool:
    hosts = {request.get_host(), urlsplit(settings.PAYMENT_RETURN_BASE_URL).netloc}
    return url_has_allowed_host_and_scheme(url, allowed_hosts=hosts)


def _invalid(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "payments/return_invalid.html", {"error": exc}, status=400)


# Plain strings: a template would call the enum class itself.
_RESULTS = {result.name: result.value for result in SimulatedResult}


def _result(request: HttpRequest) -> SimulatedResult:
    try:
        return SimulatedResult(request.POST.get("result", ""))
    except ValueError as exc:
        raise InvalidCallback(_("Choose pay or cancel.")) from exc


@require_http_methods(["GET", "POST"])
def simulator_momo(request: HttpRequest) -> HttpResponse:
    if not (config.momo_simulated() and config.simulator_enabled()):
        raise Http404
    try:
        payment = momo_simulated_checkout(request.GET.dict())
        if not _allowed_return(request, payment.redirect_url):
            raise InvalidCallback(_("The return address is not this site."))
        if request.method == "POST":
            ipn = momo_simulated_callback(
                order_id=payment.order_id,
                request_id=payment.request_id,
                amount=payment.amount,
                result=_result(request),
                order_info=payment.order_info,
                extra_data=payment.extra_data,
            )
            callbacks.momo_ipn_process(data=ipn, raw_body=json.dumps(ipn, ensure_ascii=False))
            return redirect(f"{payment.redirect_url}?{momo_return_query(ipn)}")
    except ApplicationError as exc:
        return _invalid(request, exc)
    context = {
        "gateway": "MoMo",
        "amount": payment.amount,
        "reference": payment.order_id,
        "order_info": payment.order_info,
        "results": _RESULTS,
    }
    return render(request, "payments/simulator.html", context)


@require_http_methods(["GET", "POST"])
def simulator_vnpay(request: HttpRequest) -> HttpResponse:
    if not (config.vnpay_simulated() and config.simulator_enabled()):
        raise Http404
    try:
        params = vnpay_simulated_checkout(request.GET.dict())
        return_url = params.get("vnp_ReturnUrl", "")
        if not _allowed_return(request, return_url):
            raise InvalidCallback(_("The return address is not this site."))
        amount = int(params["vnp_Amount"]) // 100
        if request.method == "POST":
            query = vnpay_simulated_callback(
                txn_ref=params["vnp_TxnRef"],
                amount_vnd=amount,
                order_info=params["vnp_OrderInfo"],
                result=_result(request),
            )
            # Decoded exactly as Django decodes the real IPN's query string (request.GET).
            callbacks.vnpay_ipn_process(params=QueryDict(query).dict(), raw_query=query)
            return redirect(f"{return_url}?{query}")
    except ApplicationError as exc:
        return _invalid(request, exc)
    context = {
        "gateway": "VNPay",
        "amount": amount,
        "reference": params["vnp_TxnRef"],
        "order_info": params["vnp_OrderInfo"],
        "results": _RESULTS,
    }
    return render(request, "payments/simulator.html", context)
