"""How an order's amount is split between the platform and the seller (integer VND).

The platform fee is ``amount * percent / 100`` rounded **half up** to the đồng
(``Decimal.quantize(ROUND_HALF_UP)``), and the seller gets exactly the rest, so the two parts
always add up to the amount paid and no đồng is created or lost.
"""

from decimal import ROUND_HALF_UP, Decimal


def fee_split(*, amount: int, percent: int | Decimal) -> tuple[int, int]:
    if amount < 0:
        raise ValueError("amount must not be negative")
    if not 0 <= Decimal(percent) <= 100:
        raise ValueError("percent must be between 0 and 100")
    fee = int((Decimal(amount) * Decimal(percent) / 100).quantize(Decimal(1), ROUND_HALF_UP))
    return fee, amount - fee
