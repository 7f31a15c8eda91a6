import pytest

from orders.fees import fee_split


@pytest.mark.parametrize(
    ("amount", "percent", "fee"),
    [
        (100_000, 10, 10_000),
        (1_005, 10, 101),  # 100.5 rounds half up
        (1_004, 10, 100),  # 100.4 rounds down
        (1_000, 0, 0),
        (1_000, 100, 1_000),
        (0, 10, 0),
        (50_000_000, 10, 5_000_000),
        (99_999, 15, 15_000),  # 14,999.85 → 15,000
    ],
)
def test_fee_split_rounds_half_up_and_adds_up(amount, percent, fee):
    platform_fee, seller_revenue = fee_split(amount=amount, percent=percent)
    assert platform_fee == fee
    assert platform_fee + seller_revenue == amount


@pytest.mark.parametrize(("amount", "percent"), [(-1, 10), (100, -1), (100, 101)])
def test_fee_split_refuses_nonsense(amount, percent):
    with pytest.raises(ValueError):
        fee_split(amount=amount, percent=percent)
