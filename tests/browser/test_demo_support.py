"""The demo's support journey as the walk-through of issue 11 did it, on the seeded demo data:
the demo user, whose earlier conversation an admin answered and resolved, asks a new question;
the bot answers it, "Nói chuyện với nhân viên" works; the admin finds the room list whole at
1280 px, reads where the user wrote from, and replies. Desktop and phone screenshots of each
step go to test-artifacts/demo-support-*.png."""

from importlib import import_module

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from dashboard.management.commands import seed_demo
from support.models import HelpArticle
from tests.browser.helpers import off_the_event_loop, shots, signed_in_context
from tests.support import live_daphne

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne_url():
    live_daphne.fresh_channel_layer()
    yield live_daphne.daphne_url()
    live_daphne.fresh_channel_layer()


def _restore_migration_data() -> None:
    """Transactional tests before this one flushed what the data migrations seed (categories,
    help articles): put it back as `migrate` does on a fresh machine."""
    from django.apps import apps

    migrations = "marketplace.migrations.0004_category_tag_names_vi_en"
    import_module(migrations).create_categories(apps, None)
    import_module("support.migrations.0002_seed_help_articles").seed(apps, None)
    import_module("support.migrations.0005_help_articles_export_zip").seed(apps, None)
    import_module("support.migrations.0006_help_articles_real_labels").relabel(apps, None)


@pytest.fixture
def seeded(tmp_path, monkeypatch, settings):
    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MARKETPLACE_AUTO_SCREENSHOTS = False
    settings.OPENAI_API_KEY = ""  # the bot answers from the help articles
    _restore_migration_data()
    off_the_event_loop(lambda: call_command("seed_demo"))
    assert HelpArticle.objects.filter(slug="tai-trang-zip").exists()


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_the_demo_asks_again_after_a_resolved_chat_and_the_admin_answers(
    browser, daphne_url, seeded
):
    base = daphne_url
    demo = User.objects.get(email="demo@landinghub.local")
    admin = User.objects.get(email="admin@landinghub.local")
    me = signed_in_context(browser, base, demo, locale="vi-VN").new_page()
    staff = signed_in_context(browser, base, admin, locale="vi-VN").new_page()

    # The demo opens the chat on "Trang của tôi": the earlier, resolved conversation, in
    # Vietnamese.
    me.goto(f"{base}/pages/")
    me.get_by_test_id("chat-launcher").click()
    messages = me.get_by_test_id("chat-messages")
    expect(messages.locator("[data-sender-type=admin]")).to_contain_text("gói Pro của bạn")
    expect(messages).not_to_contain_text("Can I publish")
    expect(messages).not_to_contain_text("joined the conversation")
    expect(me.get_by_test_id("chat-human")).to_be_enabled()
    shots(me, "demo-support-01-resolved-history")

    # A new question: the bot answers it (it stayed silent before), and a person can be asked.
    me.get_by_test_id("chat-input").fill("Làm sao tải trang về dạng ZIP?")
    me.get_by_test_id("chat-send").click()
    bot = messages.locator("[data-sender-type=bot]").last
    expect(bot).to_contain_text("Tải trang về dưới dạng tệp ZIP")
    expect(bot).to_contain_text("“Đơn mua của tôi”")
    expect(bot).to_contain_text("“Tải ZIP”")
    human = me.get_by_test_id("chat-human")
    expect(human).to_be_enabled()
    shots(me, "demo-support-02-bot-answers")
    human.click()
    expect(me.get_by_test_id("chat-status")).to_contain_text("Đang chờ nhân viên")

    # The admin's room list at 1280 px: every column visible, none cut off.
    staff.goto(f"{base}/admin/support/chatroom/")
    results = staff.locator("#changelist-form .results")
    last_header = staff.locator("#result_list thead th").last
    expect(last_header).to_contain_text("Tin nhắn cuối", ignore_case=True)
    box, frame = last_header.bounding_box(), results.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, (box, frame)
    assert box["x"] + box["width"] <= 1280
    assert results.evaluate("e => e.scrollWidth <= e.clientWidth")
    shots(staff, "demo-support-03-admin-room-list")

    # The demo's room: where the user wrote from, readably; the reply, after the "joined" note.
    staff.locator("#result_list tbody tr", has_text="Nguyễn Văn Demo").get_by_role(
        "link", name="Nguyễn Văn Demo"
    ).click()
    context = staff.get_by_test_id("console-context")
    expect(context).to_have_text("Trang: /pages/")
    expect(staff.locator("aside")).not_to_contain_text("{'page'")
    expect(staff.locator("#lh-console-live")).to_contain_text("trực tiếp")
    staff.get_by_test_id("console-input").fill("Chào bạn, bạn cần tải trang nào?")
    staff.get_by_test_id("console-send").click()
    console = staff.get_by_test_id("console-messages").get_by_test_id("console-message")
    expect(console.last).to_contain_text("Chào bạn, bạn cần tải trang nào?")
    texts = console.all_inner_texts()
    joined = max(i for i, t in enumerate(texts) if "đã tham gia cuộc trò chuyện" in t)
    reply = max(i for i, t in enumerate(texts) if "Chào bạn, bạn cần tải trang nào?" in t)
    assert joined < reply, texts
    shots(staff, "demo-support-04-admin-replied")

    # The widget shows the same order, live.
    expect(messages.locator("[data-sender-type=admin]").last).to_contain_text("Chào bạn")
    widget = messages.get_by_test_id("chat-message").all_inner_texts()
    w_joined = max(i for i, t in enumerate(widget) if "đã tham gia cuộc trò chuyện" in t)
    w_reply = max(i for i, t in enumerate(widget) if "Chào bạn, bạn cần tải trang nào?" in t)
    assert w_joined < w_reply, widget
    shots(me, "demo-support-05-reply-arrives")
    staff.context.close()
    me.context.close()
