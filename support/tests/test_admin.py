"""The support console pages in the admin, and the widget on templated pages."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from support import services
from support.models import CannedResponse

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script>'


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff():
    return UserFactory(role="admin")


def test_room_list_filters_and_shows_live_unread_cells(staff, user, other_user):
    room = services.room_open(user=user, subject=XSS)
    services.message_send(actor=user, room_id=room.pk, text="hi")
    services.room_open(user=other_user)
    services.room_assign(actor=staff, room_id=room.pk)
    client = _client(staff)
    page = client.get("/admin/support/chatroom/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-room-unread="{room.pk}"' in html and XSS not in html
    assert "chat-stats" in html
    mine = client.get("/admin/support/chatroom/", {"assignee": "mine"}).content.decode()
    assert f'data-room-unread="{room.pk}"' in mine and mine.count("data-room-unread=") == 1
    unassigned = client.get("/admin/support/chatroom/", {"assignee": "unassigned"})
    assert f'data-room-unread="{room.pk}"' not in unassigned.content.decode()
    assert client.get("/admin/support/chatroom/", {"status__exact": "open"}).status_code == 200


def test_console_renders_room_json_escaped_with_canned_responses(staff, user):
    room = services.room_open(user=user, subject=XSS)
    CannedResponse.objects.create(title="Hello", shortcut="hi", body="Xin chào!")
    page = _client(staff).get(f"/admin/support/chatroom/{room.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="lh-room"' in html and "console.js" in html and "/hi Hello" in html
    assert XSS not in html  # json_script escapes <, > and &


def test_console_is_staff_only(user):
    room = services.room_open(user=user)
    response = _client(user).get(f"/admin/support/chatroom/{room.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_non_superuser_admin_can_work_the_desk(user):
    staff = UserFactory(role="admin", is_superuser=False)
    room = services.room_open(user=user)
    client = _client(staff)
    assert client.get("/admin/support/chatroom/").status_code == 200
    assert client.get(f"/admin/support/chatroom/{room.pk}/change/").status_code == 200


def test_widget_is_on_pages_for_signed_in_users_only(user):
    anonymous = Client().get("/").content.decode()
    assert "lh-chat" not in anonymous
    room = services.room_open(user=user)
    services.room_assign(actor=UserFactory(role="admin"), room_id=room.pk)
    html = _client(user).get("/").content.decode()
    assert 'data-testid="chat-launcher"' in html and "support/widget.js" in html
    assert f'data-room-id="{room.pk}"' in html and 'data-unread="1"' in html
