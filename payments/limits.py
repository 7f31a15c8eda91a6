"""Per-gateway amount limits in integer VND, checked before any gateway is called.

The figures and their sources are in ``docs/payments.md`` ("Amount limits"): MoMo
``captureWallet`` 1,000-50,000,000 VND; MoMo ``payWithMethod`` has no documented limit, so the
range valid for every method it may offer is used, 10,000-10,000,000 VND; VNPay 5,000 to under
1,000,000,000 VND, which also keeps ``vnp_Amount`` (x100) within its Numeric[1,12].
"""

from dataclasses import dataclass

from .exceptions import AmountOutOfRange


@dataclass(frozen=True)
class AmountLimits:
    minimum: int
    maximum: int  # inclusive


MOMO_CAPTURE_WALLET_LIMITS = AmountLimits(minimum=1_000, maximum=50_000_000)
MOMO_PAY_WITH_METHOD_LIMITS = AmountLimits(minimum=10_000, maximum=10_000_000)
MOMO_LIMITS = {
    "captureWallet": MOMO_CAPTURE_WALLET_LIMITS,
    "payWithMethod": MOMO_PAY_WITH_METHOD_LIMITS,
}
VNPAY_LIMITS = AmountLimits(minimum=5_000, maximum=999_999_999)


def amount_check(*, amount_vnd: object, limits: AmountLimits, gateway: str) -> int:
    """Returns the amount if it is an ``int`` (not a bool, float or string) within ``limits``,
    else raises ``AmountOutOfRange`` whose details name the limits."""
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool):
        raise AmountOutOfRange(
            "The amount must be a whole number of đồng.",
            details={"gateway": gateway},
        )
    if not limits.minimum <= amount_vnd <= limits.maximum:
        raise AmountOutOfRange(
            f"{gateway} accepts {limits.minimum:,} to {limits.maximum:,} VND.",
            details={"gateway": gateway, "minimum": limits.minimum, "maximum": limits.maximum},
        )
    return amount_vnd


def gateway_limits(*, momo_request_type: str) -> dict[str, AmountLimits]:
    """Each gateway's limits as configured (MoMo's depend on ``MOMO_REQUEST_TYPE``)."""
    return {"momo": MOMO_LIMITS[momo_request_type], "vnpay": VNPAY_LIMITS}


def gateways_for_amount(*, amount_vnd: int, momo_request_type: str) -> list[str]:
    """The gateways that can take ``amount_vnd``, in the order the checkout offers them."""
    limits = gateway_limits(momo_request_type=momo_request_type)
    return [name for name, lim in limits.items() if lim.minimum <= amount_vnd <= lim.maximum]
