"""Journey 3 of docs/testing.md in two browsers: a user chats with the bot, asks for a human, an
admin assigns the room in the admin console, and they exchange messages live both ways, then it is
resolved.

``test_support_journey_in_vietnamese`` is the journey as a person walks it (issue 11), through
the UI only, with a screenshot of every step at desktop and phone width; the English test after
it covers the console's other tools (priority, tags, canned replies, notes, resolve).

Sockets need an ASGI server, so this test runs the real site under daphne (in a thread of the
test process, sharing its test database), with channels-redis when REDIS_URL is set.
"""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from support.models import CannedResponse, ChatMessage, ChatRoom, HelpArticle
from support.tests.fake_openai import FakeOpenAI
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import shots, signed_in_context, signed_in_page
from tests.support import live_daphne

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


def test_support_journey_in_vietnamese(browser, daphne_url, settings):
    """A user opens the chat bubble, the bot answers from a help article, the user asks for a
    person; an admin, in the admin's support console in another browser, sees the request and
    replies; the reply arrives live in the user's widget. No AI key: the bot quotes articles."""
    settings.OPENAI_API_KEY = ""
    HelpArticle.objects.all().delete()
    HelpArticle.objects.create(
        slug="xuat-ban-trang",
        language="vi",
        title="Cách xuất bản trang đích",
        keywords="xuất bản publish tên miền",
        body="Mở trang trong trình soạn thảo, bấm “Lưu” rồi “Xuất bản”.",
    )
    HelpArticle.objects.create(
        slug="thanh-toan",
        language="vi",
        title="Thanh toán bằng MoMo hoặc VNPay",
        keywords="thanh toán momo vnpay",
        body="Chọn mẫu trong Chợ mẫu, bấm “Mua” và chọn MoMo hoặc VNPay.",
    )
    user = UserFactory(email="lan@example.com", name="Lan")
    admin = UserFactory(email="staff@example.com", name="Minh", role="admin", is_superuser=True)
    base = daphne_url
    # Both sessions are made before any page runs, so the test's own writes never race the
    # server's.
    me = signed_in_context(browser, base, user, locale="vi-VN").new_page()
    staff = signed_in_context(browser, base, admin, locale="vi-VN").new_page()

    # The user, in a Vietnamese browser, on the home page: the chat bubble.
    me.goto(f"{base}/")
    launcher = me.get_by_test_id("chat-launcher")
    expect(launcher).to_have_accessible_name("Mở trò chuyện hỗ trợ")
    shots(me, "support-01-home-with-chat-bubble")
    launcher.click()
    panel = me.locator("#lh-chat-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Hỗ trợ LandingHub")
    shots(me, "support-02-chat-open")

    # The bot answers from the help article that matches.
    me.get_by_test_id("chat-input").fill("Làm sao để xuất bản trang của tôi?")
    me.get_by_test_id("chat-send").click()
    messages = me.get_by_test_id("chat-messages")
    expect(messages.locator("[data-sender-type=user]")).to_have_text(
        ["Làm sao để xuất bản trang của tôi?"]
    )
    bot = messages.locator("[data-sender-type=bot]")
    expect(bot).to_contain_text("Cách xuất bản trang đích")
    expect(bot).to_contain_text("bấm “Lưu” rồi “Xuất bản”")
    shots(me, "support-03-bot-answers-from-an-article")

    # Not enough: the user asks for a person.
    me.get_by_test_id("chat-human").click()
    expect(me.get_by_test_id("chat-status")).to_contain_text("Đang chờ nhân viên")
    expect(messages).to_contain_text("Chúng tôi đang gọi nhân viên hỗ trợ")
    shots(me, "support-04-waiting-for-a-person")

    # An admin, in the admin site in another browser, finds the request in the support queue.
    staff.goto(f"{base}/admin/")
    staff.locator("a[href='/admin/support/chatroom/']").first.click()
    row = staff.locator("#result_list tbody tr", has_text="Lan")
    expect(row.get_by_test_id("room-unread")).to_have_text("1")
    shots(staff, "support-05-admin-sees-the-request")
    row.get_by_role("link", name="Lan").click()
    console = staff.get_by_test_id("console-messages")
    expect(console).to_contain_text("Làm sao để xuất bản trang của tôi?")
    expect(console).to_contain_text("Cách xuất bản trang đích")  # the bot's answer, for context
    expect(staff.locator("#lh-console-live")).to_contain_text("trực tiếp")
    shots(staff, "support-06-admin-console")

    # The admin takes the conversation and replies; the reply arrives live in the widget.
    staff.get_by_test_id("console-assign").click()
    expect(staff.get_by_test_id("console-admin")).to_have_text("Minh")
    # The "Assign to" list says who has the room now, not "—".
    expect(staff.get_by_test_id("console-assign-to")).to_have_value(str(admin.pk))
    staff.get_by_test_id("console-input").fill("Chào Lan, mình là Minh. Bạn đang kẹt ở bước nào?")
    staff.get_by_test_id("console-send").click()
    reply = messages.locator("[data-sender-type=admin]")
    expect(reply).to_contain_text("Chào Lan, mình là Minh. Bạn đang kẹt ở bước nào?")
    expect(reply).to_contain_text("Minh")
    shots(staff, "support-07-admin-replied")
    shots(me, "support-08-reply-arrives-live")
    me.reload()  # it was live, not loaded: the same conversation after a reload
    me.get_by_test_id("chat-launcher").click()
    expect(me.get_by_test_id("chat-messages").locator("[data-sender-type=admin]")).to_have_count(1)
    staff.context.close()
    me.context.close()  # its socket closes while the test database is still reachable


def test_user_bot_handoff_admin_live_chat(browser, daphne_url, fake_ai):
    user = UserFactory(email="lan@example.com", name="Lan")
    admin = UserFactory(email="staff@example.com", name="Minh", role="admin", is_superuser=True)
    base = daphne_url
    ARTIFACTS.mkdir(exist_ok=True)

    # Sessions and setup rows first, before any page runs (see the journey above).
    me = signed_in_page(browser, base, user)
    staff = signed_in_page(browser, base, admin, width=1400, height=900)
    phone = signed_in_page(browser, base, user, width=390, height=740)
    CannedResponse.objects.create(
        title="DNS help", shortcut="dns", body="Check the TXT record _landinghub at your DNS host."
    )
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

    staff.goto(f"{base}/admin/support/chatroom/?assignee=unassigned")
    expect(staff.get_by_test_id("room-unread")).to_have_text("1")
    # The room list follows the socket: another message from Lan, no reload.
    me.get_by_test_id("chat-input").fill("Are you there?")
    me.get_by_test_id("chat-input").press("Enter")
    expect(staff.get_by_test_id("room-unread")).to_have_text("2")
    staff.get_by_role("link", name="Lan", exact=True).click()
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

    # Priority, tags and a canned response from the console, each awaited before the next, as
    # a person would see it land.
    def patched(response):
        return "/admin/rooms/" in response.url and response.request.method == "PATCH"

    with staff.expect_response(patched):
        staff.get_by_test_id("console-priority").select_option("high")
    staff.get_by_test_id("console-tags").fill("dns, domain")
    with staff.expect_response(patched):
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
    expect(staff.get_by_test_id("console-status")).to_have_text("Resolved")
    expect(messages).to_contain_text("marked as resolved")
    expect(messages).not_to_contain_text("check DNS TXT")

    me.screenshot(path=str(ARTIFACTS / "support_user_widget.png"))
    staff.screenshot(path=str(ARTIFACTS / "support_admin_console.png"))
    assert ChatMessage.objects.filter(room=room, sender_type="bot").count() == 1
    assert ChatRoom.objects.get(pk=room.pk).status == ChatRoom.Status.RESOLVED

    phone.goto(f"{base}/")
    phone.get_by_test_id("chat-launcher").click()
    expect(phone.get_by_test_id("chat-messages")).to_contain_text("marked as resolved")
    phone.screenshot(path=str(ARTIFACTS / "support_widget_mobile.png"))

    # "#support", as in the link of the "we'll e-mail you" e-mail, opens the conversation on
    # any page. The other pages are closed first and a light page is used: their requests
    # would race this one's for the test database.
    phone.context.close()
    staff.context.close()
    me.goto(f"{base}/orders/#support")
    expect(me.locator("#lh-chat-panel")).to_be_visible()
    expect(me.get_by_test_id("chat-messages")).to_contain_text("marked as resolved")
    me.context.close()  # its socket closes while the test database is still reachable
