"""The audit trail of payments: every attempt sent to a gateway and every callback received.

A ``PaymentAttempt`` is one try at paying an order with one gateway. Its ``reference`` is what
the gateway knows the payment by (MoMo ``orderId``, VNPay ``vnp_TxnRef``): a new one per
attempt, since both gateways refuse a reused one. ``request_id`` is MoMo's idempotency key,
stored before the first send so that a retry after a timeout resends the same request.

A ``PaymentCallback`` is one IPN or browser return, stored raw before anything is checked,
with the verification result and what was done with it. It is never edited afterwards except
to record that result.
"""

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
