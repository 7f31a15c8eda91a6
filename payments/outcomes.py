"""What a gateway's result code means for an order, in one vocabulary for both gateways."""

from enum import StrEnum


class PaymentOutcome(StrEnum):
    PAID = "paid"
    PENDING = "pending"  # not final yet: wait for the IPN or query the gateway
    FAILED = "failed"
    CANCELLED = "cancelled"  # the customer (or the merchant) cancelled
    EXPIRED = "expired"  # the payment window or QR code ran out
