"""The live client's contract (static/js/live.js), on two of the pages that use it: while the
socket is open the page does not poll; it catches up over REST once when the socket (re)opens;
while the socket is down it polls and still shows what changed; when the socket is back the
polling stops.

The socket is taken down in the browser (Playwright's WebSocket routing closes it and refuses
reconnects) while HTTP keeps working, as behind a proxy that drops WebSockets. Requests to the
page's REST endpoint are counted with their times."""

import re
import time

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from orders import services
from orders.tests.factories import pending_order

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .helpers import SocketSwitch, off_the_event_loop, shots, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_S = 3.0  # live.js's default poll interval
QUIET_S = POLL_S + 1.5  # longer than one poll interval without a request: not polling


class Requests:
    """When the page asked for URLs matching ``pattern``."""

    def __init__(self, page, pattern: str):
        self.times: list[float] = []
        page.on(
            "request",
            lambda r: self.times.append(time.monotonic()) if re.search(pattern, r.url) else None,
        )

    def since(self, moment: float) -> int:
        return len([t for t in self.times if t >= moment])


@pytest.fixture
def opened(browser, live_site):  # noqa: F811
    """Opens signed-in pages and closes them however the test ends, so that a page still
    polling cannot outlive its test (and its user)."""
    pages = []

    def open_page(user):
        pages.append(signed_in_page(browser, live_site, user))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def _wait(page, predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(100)


def _caught_up_then_quiet(page, requests: Requests, since: float, timeout: float = 30) -> None:
    """After ``since`` the page asked at least once (the catch-up) and then stopped asking for
    longer than a poll interval (not polling while the socket is open)."""
    _wait(
        page,
        lambda: requests.since(since) and time.monotonic() - requests.times[-1] > QUIET_S,
        timeout,
        "a catch-up and then no polling",
    )


def _polls_while_down(page, requests: Requests, switch: SocketSwitch) -> float:
    down_at = time.monotonic()
    switch.down()
    _wait(page, lambda: requests.since(down_at) >= 2, 3 * POLL_S, "polling while down")
    return down_at


def test_the_order_page_polls_only_while_the_socket_is_down(opened, live_site):  # noqa: F811
    order = off_the_event_loop(lambda: pending_order(title="Tiệm bánh mì", price=149_000))
    page = opened(order.buyer)
    switch = SocketSwitch(page)
    requests = Requests(page, rf"/api/orders/{order.pk}$")
    loaded_at = time.monotonic()
    page.goto(f"{live_site}/orders/{order.pk}/")
    expect(page.get_by_text("Waiting for the payment confirmation…")).to_be_visible()
    # Connected: one catch-up (what changed before the socket listened), then no polling.
    _caught_up_then_quiet(page, requests, loaded_at, timeout=15)
    assert requests.since(loaded_at) == 1

    _polls_while_down(page, requests, switch)

    up_at = time.monotonic()
    switch.up()  # the next reconnect gets through: one catch-up, and the polling stops
    _caught_up_then_quiet(page, requests, up_at)
    assert switch.open, "the socket did not reconnect"

    # Down again, the payment fails: the event is lost with the socket, the polling sees it.
    _polls_while_down(page, requests, switch)
    off_the_event_loop(lambda: services.order_cancel(order_id=order.order_id, reason="Declined"))
    expect(page.get_by_text("The payment did not go through")).to_be_visible(
        timeout=3 * POLL_S * 1000
    )


def test_my_sales_polls_only_while_the_socket_is_down(opened, live_site):  # noqa: F811
    def seed():
        seller = UserFactory(email="seller@example.com", name="Chị Mai")
        listing = active_listing(seller, title="Quán cà phê", price=59_000)
        return seller, pending_order(listing=listing)

    seller, order = off_the_event_loop(seed)
    page = opened(seller)
    switch = SocketSwitch(page)
    requests = Requests(page, r"/api/orders/seller\?")
    state = page.get_by_test_id("live-state")
    loaded_at = time.monotonic()
    page.goto(f"{live_site}/orders/sales/")
    expect(state).to_have_attribute("data-state", "live")
    _caught_up_then_quiet(page, requests, loaded_at, timeout=15)
    assert requests.since(loaded_at) == 1

    _polls_while_down(page, requests, switch)
    expect(state).to_have_attribute("data-state", "offline")
    expect(state).to_have_text("Reconnecting…")
    # A sale while the socket is down: `sale:new` is lost, the polling shows it.
    off_the_event_loop(
        lambda: services.order_deliver(
            order_id=order.order_id, amount=order.amount, transaction_id="LIVE-1"
        )
    )
    expect(page.get_by_test_id("sales-count")).to_have_text("1", timeout=3 * POLL_S * 1000)
    expect(state).to_have_attribute("data-state", "offline")  # the reloaded page: still down

    up_at = time.monotonic()
    switch.up()
    expect(state).to_have_attribute("data-state", "live", timeout=30000)
    _caught_up_then_quiet(page, requests, up_at)
    shots(page, "live-my-sales")
