"""The audit trail of payments: every attempt sent to a gateway and every callback received.

A ``PaymentAttempt`` is one try at paying an order with one gateway. Its ``reference`` is what
the gateway knows the payment by (MoMo ``orderId``, VNPay ``vnp_TxnRef``): a new one per
attempt, since both gateways refuse a reused one. ``request_id`` is MoMo's idempotency key,
stored before the first send so that a retry after a timeout resends the same request.

A ``PaymentCallback`` is one IPN or browser return, stored raw before anything is checked,
with the verification result and what was done with it. It is never edited afterwards except
to record that result.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gateway(models.TextChoices):
    MOMO = "momo", "MoMo"
    VNPAY = "vnpay", "VNPay"


class PaymentAttempt(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created, not sent yet")  # or the gateway did not answer
        PENDING = "pending", _("Waiting for the buyer")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Refused by the gateway")

    FINAL = frozenset({Status.PAID, Status.FAILED, Status.CANCELLED, Status.EXPIRED})

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="attempts")
    gateway = models.CharField(max_length=8, choices=Gateway.choices)
    reference = models.CharField(max_length=64, unique=True)
    request_id = models.CharField(max_length=64, blank=True, default="")
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    payment_url = models.TextField(blank=True, default="")
    request_data = models.JSONField(default=dict, blank=True)
    response_data = models.JSONField(default=dict, blank=True)
    transaction_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at"]
        constraints = [
            # A gateway transaction pays one attempt, whatever the callbacks replay.
            models.UniqueConstraint(
                fields=["gateway", "transaction_id"],
                condition=~models.Q(transaction_id=""),
                name="payments_unique_gateway_transaction",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentCallback(models.Model):
    class Kind(models.TextChoices):
        IPN = "ipn", "IPN"
        RETURN = "return", _("Browser return")
        QUERY = "query", _("Status query (reconciliation)")

    class Result(models.TextChoices):
        RECEIVED = "received", _("Received")  # processing did not finish (see the logs)
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Duplicate: nothing changed")
        DISPLAYED = "displayed", _("Shown to the buyer only")
        PENDING = "pending", _("Not final yet: asked again later")  # status queries only
        INVALID_SIGNATURE = "invalid_signature", _("Invalid signature")
        INVALID = "invalid", _("Malformed or for another merchant")
        UNKNOWN_ORDER = "unknown_order", _("Unknown order")
        AMOUNT_MISMATCH = "amount_mismatch", _("Amount mismatch")
        ERROR = "error", _("Error")

    gateway = models.CharField(max_length=8, choices=Gateway.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    raw_body = models.TextField(blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    signature_valid = models.BooleanField(default=False)
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.RECEIVED)
    outcome = models.CharField(max_length=10, blank=True, default="")
    reply = models.CharField(max_length=8, blank=True, default="")
    reference = models.CharField(max_length=200, blank=True, default="", db_index=True)
    transaction_id = models.CharField(max_length=64, blank=True, default="")
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    order = models.ForeignKey(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment_callbacks",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["gateway", "-created_at"], name="payments_cb_recent")]

    def __str__(self) -> str:
        return f"{self.get_gateway_display()} {self.kind} {self.reference}"


class Refund(models.Model):
    """A payment taken that must go back to the buyer: it arrived for an order that was
    cancelled or expired and could no longer be delivered at that amount, or for a template
    the buyer already owned. One per paid attempt (a repeated IPN queues nothing more). Staff
    refund it by hand in the gateway's merchant portal for now and record the reference."""

    class Status(models.TextChoices):
        DUE = "due", _("To refund")
        REFUNDED = "refunded", _("Refunded by hand")

    class Reason(models.TextChoices):
        ALREADY_OWNED = "already_owned", _("The buyer already owned the template")
        NOT_ON_SALE = "not_on_sale", _("Paid after the order closed; the template is off sale")
        PRICE_CHANGED = "price_changed", _("Paid after the order closed; the price changed")

    attempt = models.OneToOneField(PaymentAttempt, on_delete=models.PROTECT, related_name="refund")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    gateway = models.CharField(max_length=8, choices=Gateway.choices)
    amount = models.PositiveBigIntegerField()
    transaction_id = models.CharField(max_length=64, blank=True, default="")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    reference = models.CharField(_("refund reference"), max_length=100, blank=True, default="")
    note = models.TextField(blank=True, default="")
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="payments_refund_queue")]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.amount} VND"
