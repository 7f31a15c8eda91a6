"""Journey 2 of docs/testing.md in a real browser: a buyer finds a listing, pays with MoMo through
the local simulator, then buys another with VNPay; each order is delivered through the signed IPN,
the copy opens in the builder, the ZIP downloads; the seller's sales page updates by itself."""

import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from orders.models import Order
from payments.models import PaymentCallback

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .helpers import off_the_event_loop, shots, signed_in_page, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots(page, f"checkout-{name}")


def _buy(page, base: str, search: str, gateway: str, shots: bool = False) -> None:
    page.goto(f"{base}/marketplace/?search={search}")
    page.get_by_test_id("listing-card").first.click()
    page.get_by_test_id("buy").click()
    expect(page.get_by_test_id("licence")).to_be_visible()
    page.get_by_test_id(f"gateway-{gateway}").click()
    if shots:
        _shot(page, "checkout")
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("simulator-banner")).to_be_visible()
    if shots:
        _shot(page, f"simulator-{gateway}")
    page.get_by_test_id("simulator-pay").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    expect(page.get_by_text("Payment received. It's yours!")).to_be_visible()


def _seed():
    seller = UserFactory(email="seller@example.com", name="Chị Mai")
    buyer = UserFactory(email="buyer@example.com", name="Anh Tuấn")
    active_listing(seller, title="Tiệm bánh mì", description="Bánh mì nóng giòn", price=149_000)
    active_listing(seller, title="Quán cà phê", description="Cà phê sữa đá", price=59_000)
    return seller, buyer


def test_buy_with_momo_and_vnpay_through_the_simulator(
    live_site,  # noqa: F811
    browser,
    settings,
):
    base = live_site
    seller, buyer = off_the_event_loop(_seed)

    sales = signed_in_page(browser, base, seller)
    sales.goto(f"{base}/orders/sales/")
    expect(sales.get_by_test_id("sales-count")).to_have_text("0")
    # Connected: the page does not poll, so the sale below can only arrive as `sale:new`.
    expect(sales.get_by_test_id("live-state")).to_have_attribute("data-state", "live")

    shopper = signed_in_page(browser, base, buyer)
    _buy(shopper, base, "banh+mi", "momo", shots=True)
    _shot(shopper, "delivered")
    momo = Order.objects.get(marketplace_page__title="Tiệm bánh mì")
    assert (momo.status, momo.payment_method) == ("delivered", "momo")

    # The seller's page picks the sale up by itself, pushed over the socket.
    expect(sales.get_by_test_id("sales-count")).to_have_text("1", timeout=10000)
    expect(sales.get_by_test_id("sales-revenue")).to_have_text("134.100 ₫")
    # The chart's days read as on the dashboard (07/11), not ISO dates.
    wait_for_js(sales, "window.Chart && Chart.getChart(document.getElementById('revenue-chart'))")
    labels = sales.evaluate("Chart.getChart(document.getElementById('revenue-chart')).data.labels")
    assert labels and all(re.fullmatch(r"\d\d/\d\d", label) for label in labels), labels

    # The buyer's copy opens in the builder with the snapshot's content.
    shopper.get_by_test_id("open-copy").click()
    wait_for_js(shopper, "window.lhEditor && window.lhEditor.getWrapper()")
    heading = shopper.frame_locator("#gjs iframe.gjs-frame").locator("h1")
    expect(heading).to_contain_text("Bánh mì Cô Ba")

    _buy(shopper, base, "ca+phe", "vnpay")
    vnpay = Order.objects.get(marketplace_page__title="Quán cà phê")
    assert (vnpay.status, vnpay.payment_method) == ("delivered", "vnpay")
    with shopper.expect_download() as download:
        shopper.get_by_test_id("download").click()
    archive = zipfile.ZipFile(download.value.path())
    assert "index.html" in archive.namelist()
    assert "Bánh mì Cô Ba" in archive.read("index.html").decode()

    shopper.goto(f"{base}/orders/")
    rows = shopper.get_by_test_id("order-row")
    expect(rows).to_have_count(2)
    expect(rows.get_by_test_id("open-copy")).to_have_count(2)
    _shot(shopper, "my-orders")
    expect(sales.get_by_test_id("sales-count")).to_have_text("2", timeout=10000)
    _shot(sales, "my-sales")

    # Every payment went through a verified, signed IPN, and the returns only displayed it.
    ipns = PaymentCallback.objects.filter(kind="ipn")
    assert sorted(ipns.values_list("gateway", "result", "signature_valid")) == [
        ("momo", "applied", True),
        ("vnpay", "applied", True),
    ]
    assert set(PaymentCallback.objects.filter(kind="return").values_list("result", flat=True)) == {
        "displayed"
    }

    # Each order: one receipt to the buyer, one sale notice to the seller (docs/features.md,
    # E-mail).
    receipts = sorted(m.subject for m in mail.outbox if m.to == [buyer.email])
    assert receipts == sorted(f"Your receipt for order {o.order_id}" for o in (momo, vnpay))
    assert len([m for m in mail.outbox if m.to == [seller.email]]) == 2
    # Their sockets close now, while the test database is still reachable.
    sales.context.close()
    shopper.context.close()
