"""The admin's support console speaks the admin's language (issue 11, item 10)."""

import pytest
from django.test import Client

from support import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_vi(admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client = Client(headers={"accept-language": "vi-VN,vi;q=0.9"})
    client.force_login(admin_user)
    return client


def test_the_room_list_and_console_are_vietnamese(staff_vi, user):
    room = services.room_open(user=user)
    services.message_send(actor=user, room_id=room.pk, text="Xin chào")

    queue = staff_vi.get("/admin/support/chatroom/").content.decode()
    assert "Quản trị LandingHub" in queue  # not "Django administration"
    assert '<a href="/admin/support/">Hỗ trợ</a>' in queue  # the app, in the breadcrumbs
    assert "30 ngày qua:" in queue and "Last 30 days" not in queue
    assert "Chưa phân công" in queue  # the assignee filter
    assert f'<span data-room-status="{room.pk}">Mở</span>' in queue  # the status's label

    console = staff_vi.get(f"/admin/support/chatroom/{room.pk}/change/").content.decode()
    assert f"Cuộc trò chuyện #{room.pk}" in console
    for english in ("Assign to me", "Internal note", "Reply… (Enter", ">Resolve<"):
        assert english not in console
    assert "Nhận xử lý" in console and "Ghi chú nội bộ" in console
    assert 'data-i18n-live="● trực tuyến"' in console  # the live label the script shows
    assert '<span data-testid="console-status">Mở</span>' in console
