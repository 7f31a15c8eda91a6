"""SPEC 7.3 in two browsers: a user chats with the bot, asks for a human, an admin assigns the
room in the admin console, and they exchange messages live both ways, then it is resolved.

Sockets need an ASGI server, so this test runs the real site under daphne (in a thread of the
test process, sharing its test database), with channels-redis when REDIS_URL is set.
"""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from support.models import CannedResponse, ChatMessage, ChatRoom
from support.tests import live_daphne
from support.tests.fake_openai import FakeOpenAI
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne_url():
    live_daphne.fresh_channel_layer()
    yield live_daphne.daphne_url()
    live_daphne.fresh_channel_layer()


@pytest.fixture(autouse=True)
def _patient_expect():
    # The bot's first answer loads the openai client in the server thread: allow for it.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def fake_ai(settings):
    with FakeOpenAI() as fake:
        fake.reply = "Open the builder, press Save, then Publish."
        settings.OPENAI_API_KEY = "sk-test"
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_TIMEOUT_SECONDS = 2.0
        yield fake


def test_user_bot_handoff_admin_live_chat(browser, daphne_url, fake_ai):
    user = UserFactory(email="lan@example.com", name="Lan")
    admin = UserFactory(email="staff@example.com", name="Minh", role="admin", is_superuser=True)
    base = daphne_url
    ARTIFACTS.mkdir(exist_ok=True)

    me = signed_in_page(browser, base, user)
    me.goto(f"{base}/")
    me.get_by_test_id("chat-launcher").click()
    me.get_by_test_id("chat-input").fill("How do I publish my page? <b>now</b>")
    me.get_by_test_id("chat-input").press("Enter")
    messages = me.get_by_test_id("chat-messages")
    expect(messages.locator("[data-sender-type=user]")).to_have_text(
        ["How do I publish my page? <b>now</b>"]  # HTML shown as text
    )
    expect(messages.locator("[data-sender-type=bot]")).to_contain_text("press Save, then Publish")
    me.get_by_test_id("chat-human").click()
    expect(me.get_by_test_id("chat-status")).to_contain_text("Waiting for a person")
    expect(messages).to_contain_text("by e-mail if you have left")  # "we'll e-mail you"
    room = ChatRoom.objects.get(user=user)
    assert room.handoff_requested_at is not None

    CannedResponse.objects.create(
        title="DNS help", shortcut="dns", body="Check the TXT record _landinghub at your DNS host."
    )
    staff = signed_in_page(browser, base, admin, width=1400, height=900)
    staff.goto(f"{base}/admin/support/chatroom/?assignee=unassigned")
    expect(staff.get_by_test_id("room-unread")).to_have_text("1")
    # The room list follows the socket: another message from Lan, no reload.
    me.get_by_test_id("chat-input").fill("Are you there?")
    me.get_by_test_id("chat-input").press("Enter")
    expect(staff.get_by_test_id("room-unread")).to_have_text("2")
    staff.get_by_role("link", name="Lan").click()
    console = staff.get_by_test_id("console-messages")
    expect(console).to_contain_text("How do I publish my page? <b>now</b>")
    expect(staff.locator("#lh-console-live")).to_have_text("● live")
    staff.get_by_test_id("console-assign").click()
    expect(staff.get_by_test_id("console-admin")).to_have_text("Minh")
    expect(messages).to_contain_text("Minh joined the conversation.")  # live, on the user side

    staff.get_by_test_id("console-input").fill("Chào Lan, mình là Minh. Bạn cần giúp gì?")
    staff.get_by_test_id("console-input").press("Enter")
    expect(messages.locator("[data-sender-type=admin]")).to_have_text(
        ["MinhChào Lan, mình là Minh. Bạn cần giúp gì?"]
    )
    # Typing over the socket is asserted in support/tests/test_sockets.py.
    me.get_by_test_id("chat-input").type("My domain does not verify")
    me.get_by_test_id("chat-input").press("Enter")
    expect(console).to_contain_text("My domain does not verify")

    # Priority, tags and a canned response from the console.
    staff.get_by_test_id("console-priority").select_option("high")
    staff.get_by_test_id("console-tags").fill("dns, domain")
    staff.get_by_test_id("console-save-tags").click()
    staff.get_by_test_id("console-canned").select_option(label="/dns DNS help")
    expect(staff.get_by_test_id("console-input")).to_have_value(
        "Check the TXT record _landinghub at your DNS host."
    )
    staff.get_by_test_id("console-input").press("Enter")
    expect(messages).to_contain_text("Check the TXT record _landinghub at your DNS host.")
    expect(staff.get_by_test_id("console-error")).to_have_text("")
    for _ in range(50):  # the console's PATCHes are asynchronous
        room.refresh_from_db()
        if room.priority == "high" and sorted(room.tags) == ["dns", "domain"]:
            break
        staff.wait_for_timeout(100)
    assert room.priority == "high" and sorted(room.tags) == ["dns", "domain"]

    staff.get_by_test_id("console-internal").check()
    staff.get_by_test_id("console-input").fill("internal: check DNS TXT")
    staff.get_by_test_id("console-input").press("Enter")
    expect(console).to_contain_text("internal: check DNS TXT")
    staff.get_by_test_id("console-resolve").click()
    expect(staff.get_by_test_id("console-status")).to_have_text("resolved")
    expect(messages).to_contain_text("marked as resolved")
    expect(messages).not_to_contain_text("check DNS TXT")

    me.screenshot(path=str(ARTIFACTS / "support_user_widget.png"))
    staff.screenshot(path=str(ARTIFACTS / "support_admin_console.png"))
    assert ChatMessage.objects.filter(room=room, sender_type="bot").count() == 1
    assert ChatRoom.objects.get(pk=room.pk).status == ChatRoom.Status.RESOLVED

    phone = signed_in_page(browser, base, user, width=390, height=740)
    phone.goto(f"{base}/")
    phone.get_by_test_id("chat-launcher").click()
    expect(phone.get_by_test_id("chat-messages")).to_contain_text("marked as resolved")
    phone.screenshot(path=str(ARTIFACTS / "support_widget_mobile.png"))

    # "#support", as in the link of the "we'll e-mail you" e-mail, opens the conversation on
    # any page. The other pages are closed first and a light page is used: their requests
    # would race this one's for the shared in-memory SQLite of this test.
    phone.context.close()
    staff.context.close()
    me.goto(f"{base}/orders/#support")
    expect(me.locator("#lh-chat-panel")).to_be_visible()
    expect(me.get_by_test_id("chat-messages")).to_contain_text("marked as resolved")
    me.context.close()  # its socket closes while the test database is still reachable
