"""The dashboards' support block, read from the support app."""

import pytest
from django.utils import timezone

from support.models import ChatRoom

pytestmark = pytest.mark.django_db


def test_user_dashboard_shows_the_open_conversation_and_unread(auth_client, user, other_user):
    ChatRoom.objects.create(user=user, subject="Tên miền", unread_count_user=2)
    ChatRoom.objects.create(user=other_user, subject="Không phải của tôi", unread_count_user=5)
    support = auth_client.get("/api/dashboard/stats").json()["support"]
    assert support["open"] == 1 and support["unread"] == 2
    assert [r["subject"] for r in support["rooms"]] == ["Tên miền"]


def test_admin_dashboard_shows_the_queue(admin_client_api, user, other_user, admin_user):
    now = timezone.now()
    ChatRoom.objects.create(user=user, handoff_requested_at=now)
    ChatRoom.objects.create(user=other_user, status=ChatRoom.Status.ASSIGNED, admin=admin_user)
    support = admin_client_api.get("/api/dashboard/admin").json()["support"]
    assert support["open"] == 1
    assert support["waiting_for_human"] == 1
    assert support["assigned"] == 1
    assert support["rooms_in_range"] == 2
    assert support["handoff_rate"] == 0.5


def test_the_admin_page_renders_the_block(client, admin_user, user):
    ChatRoom.objects.create(user=user, handoff_requested_at=timezone.now())
    client.force_login(admin_user)
    response = client.get("/admin/dashboard/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b'data-stat="support.waiting_for_human">1<' in response.content
