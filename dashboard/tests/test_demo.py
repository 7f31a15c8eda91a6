"""The demo data makes a first run look alive: every dashboard block and the home page have
something to show."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from dashboard.management.commands import seed_demo
from marketplace.models import MarketplacePage

# Each test seeds the whole demo site, its images included.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_seed_demo_fills_the_dashboard_and_the_home_page(
    tmp_path, monkeypatch, settings, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):  # the bot answers after commit
        call_command("seed_demo")
    demo = User.objects.get(email="demo@landinghub.local")
    client = Client()
    client.force_login(demo)
    stats = client.get("/api/dashboard/stats").json()
    assert stats["totals"]["published_pages"] == 3
    assert sum(1 for v in stats["per_day"]["views"] if v) >= 25  # views over the 30 days
    assert stats["totals"]["leads"] > 10 and sum(stats["per_day"]["leads"]) > 10
    assert stats["sales"]["count"] == 5 and sum(stats["sales"]["per_day"]["revenue"]) > 0
    assert stats["recent_orders"] and stats["recent_leads"]
    active = MarketplacePage.objects.filter(status="ACTIVE")
    assert active.count() == 5 and all(listing.main_screenshot_id for listing in active)
    home = Client().get("/").content.decode()
    assert home.count('data-testid="listing-card"') == 4
    # Support has a conversation in each state: bot-answered, waiting for a person, resolved.
    from support.models import ChatRoom

    rooms = ChatRoom.objects.all()
    bot_only = rooms.get(status="open", handoff_requested_at__isnull=True)
    waiting = rooms.get(status="open", handoff_requested_at__isnull=False)
    resolved = rooms.get(status="resolved")
    assert bot_only.messages.filter(sender_type="bot").exists()
    assert waiting.unread_count_admin >= 1 and waiting.admin_id is None
    assert resolved.messages.filter(sender_type="admin").exists()
    # The demo's own conversation is the resolved one, written in Vietnamese (the UI's
    # language), and README's "waiting chat" is buyer2's.
    assert resolved.user == demo and waiting.user.email == "buyer2@landinghub.local"
    for message in resolved.messages.filter(sender_type__in=["user", "admin"]):
        assert re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", message.message)
        assert "Can I" not in message.message and "your Pro plan" not in message.message
    admin = User.objects.get(email="admin@landinghub.local")
    staff = Client()
    staff.force_login(admin)
    queue = staff.get("/api/chat/admin/rooms", {"assignee": "unassigned"}).json()
    assert waiting.pk in [room["id"] for room in queue["results"]]


def test_seed_demo_sends_no_e_mail(
    tmp_path, monkeypatch, settings, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert mailoutbox == []  # the demo's past sales are history, not news
