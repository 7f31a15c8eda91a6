"""Payment errors. Each is an ``ApplicationError``, so a view that lets one escape answers with
the one error envelope; IPN views catch them and answer the gateway's own way instead."""

from landinghub.exceptions import ApplicationError


class InvalidCallback(ApplicationError):
    """A callback (IPN or browser return) that must not be trusted: malformed, or for another
    merchant. Subclassed by ``InvalidSignature``, so callers can catch the two together."""

    default_code = "invalid_callback"


class InvalidSignature(InvalidCallback):
    default_code = "invalid_signature"


class AmountOutOfRange(ApplicationError):
    """The amount is not a whole number of đồng within the gateway's limits."""

    default_code = "amount_out_of_range"


class GatewayUnavailable(ApplicationError):
    """The gateway did not answer (connection error, timeout, 5xx) after every retry. Nothing
    is known to have been created; the order stays pending and the same request may be sent
    again later with the same ``requestId``."""

    status_code = 503
    default_code = "payment_gateway_unavailable"


class GatewayRejected(ApplicationError):
    """The gateway answered and refused the request (bad signature, duplicate order id, amount
    out of range, ...). ``details`` carries the gateway's result code and message."""

    status_code = 502
    default_code = "payment_gateway_rejected"


class GatewayNotConfigured(ApplicationError):
    """No merchant keys are set and the local simulator is switched off (production)."""

    status_code = 503
    default_code = "payment_gateway_not_configured"


class UnknownPayment(ApplicationError):
    """A verified callback for a payment reference this site never created."""

    status_code = 404
    default_code = "order_not_found"
