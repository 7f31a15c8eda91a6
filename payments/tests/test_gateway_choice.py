"""VNPay minimum (issue 12, item 15): the listing minimum and the gateways' limits agree, the
checkout offers only the gateways that can take the price, and a failed gateway call leaves
no pending order behind."""

import pytest

from accounts.tests.factories import UserFactory
from marketplace.models import PRICE_MAX_VND, PRICE_MIN_VND
from marketplace.tests.factories import active_listing
from orders.models import Order
from payments.limits import MOMO_LIMITS, VNPAY_LIMITS, gateways_for_amount

from .test_start import _buy, _error, real_momo  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_every_price_a_listing_may_have_is_payable_by_some_gateway():
    # The listing bounds are the widest the default MoMo method (captureWallet) takes.
    limits = MOMO_LIMITS["captureWallet"]
    assert (limits.minimum, limits.maximum) == (PRICE_MIN_VND, PRICE_MAX_VND)
    assert VNPAY_LIMITS.minimum == 5_000
    for price in (PRICE_MIN_VND, 4_999, 5_000, PRICE_MAX_VND):
        assert gateways_for_amount(amount_vnd=price, momo_request_type="captureWallet")
    assert gateways_for_amount(amount_vnd=4_999, momo_request_type="captureWallet") == ["momo"]


def test_checkout_offers_only_momo_under_vnpays_minimum_and_refuses_a_forced_vnpay(client):
    listing = active_listing(price=2_000)
    client.force_login(UserFactory())
    page = client.get(f"/payments/checkout/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert b'data-testid="gateway-momo"' in page.content
    assert b'data-testid="gateway-vnpay"' not in page.content
    forced = client.post(
        f"/payments/checkout/{listing.pk}/", {"gateway": "vnpay"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert forced.status_code == 400
    assert "VNPay nhận từ 5.000 ₫" in forced.content.decode() or "VNPay nhận từ 5,000 ₫" in (
        forced.content.decode()
    )
    assert not Order.objects.exists()


def test_checkout_offers_both_gateways_from_5000(client):
    listing = active_listing(price=5_000)
    client.force_login(UserFactory())
    page = client.get(f"/payments/checkout/{listing.pk}/")
    assert b'data-testid="gateway-momo"' in page.content
    assert b'data-testid="gateway-vnpay"' in page.content


def test_momo_answering_an_error_leaves_no_pending_order(auth_client, real_momo):  # noqa: F811
    real_momo.script = ["500", "500", "500"]
    _error(_buy(auth_client, active_listing(price=149_000)), 503, "payment_gateway_unavailable")
    assert list(Order.objects.values_list("status", flat=True)) == ["cancelled"]
