"""The widget when the socket is down (docs/api.md, WebSocket): it says so, polls every 3 s and
still shows the admin's replies; when the socket comes back it catches up from its last id and is
live again.

The socket is taken down in the browser (Playwright's WebSocket routing closes it and refuses
reconnects), while HTTP keeps working, as behind a proxy that drops WebSockets."""

import re
import time

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from support import services
from support.models import ChatRoom
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    SocketSwitch,
    off_the_event_loop,
    signed_in_context,
    signed_in_page,
)
from tests.support import live_daphne

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne_url():
    live_daphne.fresh_channel_layer()
    yield live_daphne.daphne_url()
    live_daphne.fresh_channel_layer()


def test_widget_polls_while_the_socket_is_down_and_catches_up_after(browser, daphne_url):
    user = UserFactory(email="lan@example.com", name="Lan")
    admin = UserFactory(email="staff@example.com", name="Minh", role="admin")
    page = signed_in_page(browser, daphne_url, user)
    context = page.context
    switch = SocketSwitch(page)
    page.goto(f"{daphne_url}/")
    page.get_by_test_id("chat-launcher").click()
    page.get_by_test_id("chat-input").fill("Xin chào")
    page.get_by_test_id("chat-input").press("Enter")
    messages = page.get_by_test_id("chat-messages")
    expect(messages.locator("[data-sender-type=bot]")).to_have_count(1)  # live, over the socket
    room = ChatRoom.objects.get(user=user)
    off_the_event_loop(lambda: services.room_assign(actor=admin, room_id=room.pk))
    expect(messages).to_contain_text("Minh joined the conversation.")
    offline = page.get_by_test_id("chat-offline")
    expect(offline).to_be_hidden()

    switch.down()
    expect(offline).to_be_visible()
    off_the_event_loop(
        lambda: services.message_send(actor=admin, room_id=room.pk, text="Reply while you poll")
    )
    # Polling every 3 s shows it without the socket.
    expect(messages.locator("[data-sender-type=admin]")).to_have_text(
        [re.compile("Reply while you poll")], timeout=8000
    )
    page.screenshot(path=str(ARTIFACTS / "support_widget_offline.png"))

    last_seen = room.messages.order_by("-id").first().pk
    fetched: list[tuple[float, str]] = []
    page.on(
        "request",
        lambda r: fetched.append((time.monotonic(), r.url)) if "messages?after=" in r.url else None,
    )
    switch.up()  # the widget's next reconnect gets through
    expect(offline).to_be_hidden(timeout=30000)
    # Catch-up: once connected (when polling stops) it asks for what came after its last id.
    deadline = time.monotonic() + 5
    while not any(t >= switch.connected_at for t, _ in fetched) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    after_connect = [url for t, url in fetched if t >= switch.connected_at]
    assert after_connect, fetched
    assert int(re.search(r"after=(\d+)", after_connect[0]).group(1)) >= last_seen

    # Live again: a reply arrives pushed (polling has stopped).
    off_the_event_loop(
        lambda: services.message_send(actor=admin, room_id=room.pk, text="And now live")
    )
    expect(messages.locator("[data-sender-type=admin]")).to_have_count(2, timeout=2500)
    expect(messages.locator("[data-sender-type=admin]").last).to_contain_text("And now live")
    context.close()


def test_the_console_shows_message_times_on_vietnams_24_hour_clock(browser, daphne_url):
    """A staff member whose browser runs on UTC in English sees a message sent at 15:04 in
    Vietnam as 15:04, like every other time on the site (before: "8:04:54 AM", the browser's
    own clock and format)."""
    from datetime import UTC, datetime

    from support.models import ChatMessage

    user = UserFactory(email="lan@example.com", name="Lan")
    admin = UserFactory(email="staff@example.com", name="Minh", role="admin", is_superuser=True)
    room = off_the_event_loop(lambda: services.room_open(user=user, subject="Giờ"))
    message, _ = off_the_event_loop(
        lambda: services.message_send(actor=user, room_id=room.pk, text="Xin chào lúc 15:04")
    )
    sent = datetime(2026, 12, 5, 8, 4, 54, tzinfo=UTC)  # 15:04:54 in Asia/Ho_Chi_Minh
    ChatMessage.objects.filter(pk=message.pk).update(created_at=sent)
    context = signed_in_context(browser, daphne_url, admin, locale="en-US", timezone_id="UTC")
    staff = context.new_page()
    staff.goto(f"{daphne_url}/admin/support/chatroom/{room.pk}/change/")
    line = staff.get_by_test_id("console-message").filter(has_text="Xin chào lúc 15:04")
    meta = line.locator(".lh-msg-meta")
    expect(meta).to_have_text(re.compile(r"· 15:04$"))
    context.close()
