"""Orders: a buyer's purchase of a marketplace listing.

Money is integer VND. ``amount`` is the listing's price when the order was created;
``platform_fee`` and ``seller_revenue`` split it (see ``payments.fees``-style rule in
``orders.services.fee_split``). An order is delivered at most once: delivery is guarded by a
row lock and by the unique gateway transaction id.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PROCESSING = "processing", _("Processing")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class PaymentMethod(models.TextChoices):
        MOMO = "momo", "MoMo"
        VNPAY = "vnpay", "VNPay"
        FREE = "free", _("Free")

    order_id = models.CharField(max_length=32, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sales"
    )
    marketplace_page = models.ForeignKey(
        "marketplace.MarketplacePage", on_delete=models.PROTECT, related_name="orders"
    )
    revision = models.ForeignKey(
        "marketplace.ListingRevision", on_delete=models.PROTECT, related_name="orders"
    )
    page = models.ForeignKey(
        "pages.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="purchases"
    )
    amount = models.PositiveIntegerField()
    platform_fee = models.PositiveIntegerField()
    seller_revenue = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    transaction_id = models.CharField(max_length=64, blank=True, default="")
    cancel_reason = models.CharField(max_length=200, blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set by a conditional UPDATE just before the e-mail goes out, so a retried task or a
    # duplicate IPN never sends a second one (``orders.emails``).
    receipt_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sale_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="orders_buyer_recent"),
            models.Index(fields=["seller", "status", "-created_at"], name="orders_seller_recent"),
            models.Index(fields=["status", "created_at"], name="orders_status_age"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount=models.F("platform_fee") + models.F("seller_revenue")),
                name="orders_amount_is_split_exactly",
            ),
            models.UniqueConstraint(
                fields=["payment_method", "transaction_id"],
                condition=~models.Q(transaction_id=""),
                name="orders_unique_gateway_transaction",
            ),
            # At most one payable order per buyer and listing (``order_create`` cancels the
            # others under the listing's lock; this holds it whatever the code path).
            models.UniqueConstraint(
                fields=["buyer", "marketplace_page"],
                condition=models.Q(status="pending"),
                name="orders_one_pending_per_buyer_listing",
            ),
            # One delivered copy per buyer and listing.
            models.UniqueConstraint(
                fields=["buyer", "marketplace_page"],
                condition=models.Q(status="delivered"),
                name="orders_one_delivery_per_buyer_listing",
            ),
        ]

    def __str__(self) -> str:
        return self.order_id
