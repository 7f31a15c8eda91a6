"""The support console in the Vietnamese admin, and the chat metrics read the same on the
rooms list and the admin dashboard (issue 11, items 10 and 12)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from support import services
from support.models import ChatRoom

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(role="admin", name="Lan"))
    return client


def _handed_off_room(user, *, first_response_after: float, resolved_after: float | None = None):
    room = services.room_open(user=user)
    start = timezone.now() - timedelta(hours=1)
    fields = {
        "handoff_requested_at": start,
        "first_response_at": start + timedelta(seconds=first_response_after),
    }
    if resolved_after is not None:
        fields |= {"resolved_at": start + timedelta(seconds=resolved_after), "status": "resolved"}
    ChatRoom.objects.filter(pk=room.pk).update(**fields)
    return room


def test_rooms_list_is_vietnamese(staff_client, user):
    services.room_open(user=user, subject="Xin giúp")
    html = staff_client.get("/admin/support/chatroom/", **VI).content.decode()
    for text in ("30 ngày qua:", "Phản hồi đầu tiên, trung vị / p90", "Khách hàng", "Chưa đọc"):
        assert text in html, text
    assert re.search(r'data-room-status="\d+">Mở<', html)  # the label, not "open"
    for english in ("Last 30 days", "first response median", "handoff rate"):
        assert english not in html


def test_console_is_vietnamese_and_gives_its_script_translated_strings(staff_client, user):
    room = services.room_open(user=user)
    html = staff_client.get(f"/admin/support/chatroom/{room.pk}/change/", **VI).content.decode()
    for text in ("Giao cho tôi", "Ghi chú nội bộ", "Mức ưu tiên", "chưa có người phụ trách"):
        assert text in html, text
    for english in ("Assign to me", "Internal note", "Reply…", ">Resolve<"):
        assert english not in html, english
    strings = re.search(r'id="lh-console-strings"[^>]*>(.*?)</script>', html).group(1)
    assert "\\u0111ang nh\\u1eadp" in strings or "đang nhập" in strings  # "is typing…"


def test_rooms_list_and_admin_dashboard_show_the_same_chat_numbers(staff_client, user, other_user):
    _handed_off_room(user, first_response_after=0.2, resolved_after=125)
    _handed_off_room(other_user, first_response_after=10.8)
    rooms = staff_client.get("/admin/support/chatroom/", **VI).content.decode()
    dashboard = staff_client.get("/admin/dashboard/", **VI).content.decode()

    def shown(html, testid):
        return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1).strip()

    first = shown(rooms, "stats-first-response")
    assert first == shown(dashboard, "support-first-response") == "0 giây / 11 giây"
    resolution = shown(rooms, "stats-resolution")
    assert resolution == shown(dashboard, "support-resolution") == "2 phút 5 giây / 2 phút 5 giây"
