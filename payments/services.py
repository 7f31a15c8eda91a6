"""Starting a payment: the pending order, one attempt per gateway try, the payment URL.

The gateway is called **outside** any transaction (MoMo may take 30 s): the attempt and its
MoMo ``requestId`` are committed first, so a timed-out create is retried later with the same
request (MoMo then answers with the first result, never a second payment).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from landinghub.exceptions import ApplicationError
from marketplace.models import MarketplacePage
from orders import services as order_services
from orders.checkout import PaymentStart
from orders.models import Order

from . import config
from .exceptions import AmountOutOfRange, GatewayRejected
from .gateways.momo import momo_create_request, momo_verify_create_request
from .gateways.momo_client import RetryPolicy, momo_create_payment
from .gateways.vnpay import vnpay_payment_url, vnpay_sent_dates
from .limits import gateway_limits, gateways_for_amount
from .models import Gateway, PaymentAttempt
from .simulator import momo_simulated_create

logger = logging.getLogger(__name__)
Status = PaymentAttempt.Status
# A payment URL younger than this is handed out again (double click, second tab).
REUSE_URL_FOR = timedelta(minutes=10)
_FALLBACK_IP = "127.0.0.1"
# Stored on the order, like the gateways' reasons.
GATEWAY_FAILED_REASON = "The payment gateway could not start the payment."


def payment_start(
    *, buyer: User, listing_id: int, gateway: str, client_ip: str = ""
) -> PaymentStart:
    """Creates or reuses the buyer's pending order and returns where to pay it. A gateway that
    cannot take the price is refused before any order exists; a gateway that fails (refuses,
    times out) cancels the order, so no pending order is left that nobody can pay."""
    gateway_check(listing_id=listing_id, gateway=gateway)
    order, created = order_services.order_create(
        buyer=buyer, listing_id=listing_id, payment_method=gateway
    )
    if order.status == Order.Status.DELIVERED:
        return PaymentStart(order=order, created=created, payment_url=None)
    try:
        attempt = payment_attempt_prepare(order_pk=order.pk, gateway=gateway, client_ip=client_ip)
        if attempt.status == Status.CREATED:
            attempt = _momo_send(attempt)
    except ApplicationError:
        order_services.order_cancel(order_id=order.order_id, reason=GATEWAY_FAILED_REASON)
        raise
    return PaymentStart(order=order, created=created, payment_url=attempt.payment_url)


def gateways_available(*, amount_vnd: int) -> list[str]:
    """The gateways the checkout offers for a price (``payments.limits``)."""
    return gateways_for_amount(amount_vnd=amount_vnd, momo_request_type=settings.MOMO_REQUEST_TYPE)


def gateway_check(*, listing_id: int, gateway: str) -> None:
    """Refuses (400) a gateway that cannot take the listing's price. A listing not on sale
    is left to ``order_create`` (404); a free one needs no gateway."""
    price = (
        MarketplacePage.objects.filter(pk=listing_id, status=MarketplacePage.Status.ACTIVE)
        .values_list("price", flat=True)
        .first()
    )
    if not price or gateway in gateways_available(amount_vnd=price):
        return
    limits = gateway_limits(momo_request_type=settings.MOMO_REQUEST_TYPE).get(gateway)
    message = (
        _("%(gateway)s takes %(minimum)s ₫ to %(maximum)s ₫: choose another way to pay.")
        % {
            "gateway": dict(Gateway.choices)[gateway],
            "minimum": intcomma(limits.minimum),
            "maximum": intcomma(limits.maximum),
        }
        if limits
        else _("Choose MoMo or VNPay.")
    )
    raise AmountOutOfRange(message, details={"fields": {"payment_method": [message]}})


def _reusable(attempt: PaymentAttempt | None, *, gateway: str, amount: int) -> bool:
    if attempt is None or attempt.gateway != gateway or attempt.amount != amount:
        return False
    if attempt.status == Status.CREATED:  # never answered: resend the same request
        return True
    fresh = attempt.created_at > timezone.now() - REUSE_URL_FOR
    return attempt.status == Status.PENDING and bool(attempt.payment_url) and fresh


@transaction.atomic
def payment_attempt_prepare(*, order_pk: int, gateway: str, client_ip: str) -> PaymentAttempt:
    """The attempt to pay with. The order row is locked, so two clicks at once get the same
    attempt. A new attempt gets a new gateway reference (``<order_id><nn>``): MoMo refuses a
    reused ``orderId`` and VNPay a ``vnp_TxnRef`` reused within the day."""
    order = Order.objects.select_for_update().select_related("revision").get(pk=order_pk)
    latest = order.attempts.order_by("-created_at", "-pk").first()
    if _reusable(latest, gateway=gateway, amount=order.amount):
        return latest
    reference = f"{order.order_id}{order.attempts.count() + 1:02d}"
    order_info = _order_info(order)
    if gateway == Gateway.MOMO:
        request = momo_create_request(
            credentials=config.momo_credentials(),
            order_id=reference,
            amount=order.amount,
            order_info=order_info,
            redirect_url=config.payment_callback_url(reverse("api:payment-momo-return")),
            ipn_url=config.payment_callback_url(reverse("api:payment-momo-ipn")),
            request_type=settings.MOMO_REQUEST_TYPE,
        )
        return PaymentAttempt.objects.create(
            order=order,
            gateway=gateway,
            reference=reference,
            request_id=request.request_id,
            amount=order.amount,
            request_data=request.body(),
        )
    url = vnpay_payment_url(
        credentials=config.vnpay_credentials(),
        base_url=_vnpay_base_url(),
        txn_ref=reference,
        amount_vnd=order.amount,
        order_info=order_info,
        return_url=config.payment_callback_url(reverse("api:payment-vnpay-callback")),
        ip_addr=client_ip if 7 <= len(client_ip) <= 45 else _FALLBACK_IP,
        expire_minutes=settings.VNPAY_EXPIRE_MINUTES,
    )
    return PaymentAttempt.objects.create(
        order=order,
        gateway=gateway,
        reference=reference,
        amount=order.amount,
        status=Status.PENDING,
        payment_url=url,
        request_data={"url": url, **vnpay_sent_dates(url)},
    )


def _order_info(order: Order) -> str:
    # MoMo signs orderInfo raw, so "&" and "=" would make the signed string ambiguous
    # (docs/payments.md 1.9.4); VNPay's copy is sanitised further by vnpay_payment_params.
    title = order.revision.title.replace("&", " ").replace("=", " ")
    return f"Thanh toán {order.order_id} {title}"[:255]


def _vnpay_base_url() -> str:
    if config.vnpay_simulated():
        return reverse("payments:simulator-vnpay")
    return settings.VNPAY_PAYMENT_URL


def _momo_policy() -> RetryPolicy:
    return RetryPolicy(read_timeout=settings.MOMO_TIMEOUT_SECONDS)


def _momo_send(attempt: PaymentAttempt) -> PaymentAttempt:
    """Sends the stored create request. ``GatewayUnavailable`` leaves the attempt CREATED (the
    next try resends it unchanged); ``GatewayRejected`` closes it (the next try is new)."""
    credentials = config.momo_credentials()
    request = momo_verify_create_request(attempt.request_data, credentials=credentials)
    try:
        if config.momo_simulated():
            page_url = reverse("payments:simulator-momo")
            response = momo_simulated_create(request, page_url=page_url, credentials=credentials)
        else:
            response = momo_create_payment(
                request=request,
                endpoint=settings.MOMO_ENDPOINT,
                credentials=credentials,
                policy=_momo_policy(),
            )
    except GatewayRejected as exc:
        PaymentAttempt.objects.filter(pk=attempt.pk, status=Status.CREATED).update(
            status=Status.REJECTED, response_data=exc.details, updated_at=timezone.now()
        )
        raise
    PaymentAttempt.objects.filter(pk=attempt.pk, status=Status.CREATED).update(
        status=Status.PENDING,
        payment_url=response.pay_url,
        response_data=response.raw,
        updated_at=timezone.now(),
    )
    attempt.refresh_from_db()
    return attempt
