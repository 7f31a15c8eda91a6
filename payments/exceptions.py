"""Payment errors. Each is an ``ApplicationError``, so a view that lets one escape answers with
the one error envelope; IPN views catch them and answer the gateway's own way instead."""

from landinghub.exceptions import ApplicationError
from orders.exceptions import ORDER_NOT_FOUND

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
INVALID_CALLBACK = "invalid_callback"
INVALID_SIGNATURE = "invalid_signature"
AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
PAYMENT_GATEWAY_UNAVAILABLE = "payment_gateway_unavailable"
PAYMENT_GATEWAY_REJECTED = "payment_gateway_rejected"
PAYMENT_GATEWAY_NOT_CONFIGURED = "payment_gateway_not_configured"
MERCHANT_MISMATCH = "merchant_mismatch"
REFERENCE_MISMATCH = "reference_mismatch"
PARTNER_MISMATCH = "partner_mismatch"
REFUND_ALREADY_RECORDED = "refund_already_recorded"


class InvalidCallback(ApplicationError):
    """A callback (IPN or browser return) that must not be trusted: malformed, or for another
    merchant. Subclassed by ``InvalidSignature``, so callers can catch the two together."""

    default_code = INVALID_CALLBACK


class InvalidSignature(InvalidCallback):
    default_code = INVALID_SIGNATURE


class AmountOutOfRange(ApplicationError):
    """The amount is not a whole number of đồng within the gateway's limits."""

    default_code = AMOUNT_OUT_OF_RANGE


class GatewayUnavailable(ApplicationError):
    """The gateway did not answer (connection error, timeout, 5xx) after every retry. Nothing
    is known to have been created; the order stays pending and the same request may be sent
    again later with the same ``requestId``."""

    status_code = 503
    default_code = PAYMENT_GATEWAY_UNAVAILABLE


class GatewayRejected(ApplicationError):
    """The gateway answered and refused the request (bad signature, duplicate order id, amount
    out of range, ...). ``details`` carries the gateway's result code and message."""

    status_code = 502
    default_code = PAYMENT_GATEWAY_REJECTED


class GatewayNotConfigured(ApplicationError):
    """No merchant keys are set and the local simulator is switched off (production)."""

    status_code = 503
    default_code = PAYMENT_GATEWAY_NOT_CONFIGURED


class UnknownPayment(ApplicationError):
    """A verified callback for a payment reference this site never created."""

    status_code = 404
    default_code = ORDER_NOT_FOUND
