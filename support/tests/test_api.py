import pytest

from accounts.tests.factories import UserFactory
from support import services
from support.models import ChatMessage, ChatRoom

pytestmark = pytest.mark.django_db
ROOMS = "/api/chat/rooms"


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code


def _open(client) -> dict:
    response = client.post(ROOMS, {}, format="json")
    assert response.status_code == 200
    return response.json()


def test_open_room_returns_room_and_recent_messages(auth_client, user):
    data = _open(auth_client)
    assert data["room"]["status"] == "open" and data["messages"] == []
    assert "unread_count_admin" not in data["room"]  # staff-only fields stay staff-only
    room = ChatRoom.objects.get(pk=data["room"]["id"])
    services.message_send(actor=user, room_id=room.pk, text="hi")
    again = _open(auth_client)
    assert again["room"]["id"] == room.pk
    assert [m["message"] for m in again["messages"]][:1] == ["hi"]


def test_send_message_201_then_same_client_id_200_same_message(auth_client):
    room_id = _open(auth_client)["room"]["id"]
    url = f"{ROOMS}/{room_id}/messages"
    first = auth_client.post(url, {"message": "Xin chào", "client_id": "c-1"}, format="json")
    assert first.status_code == 201
    again = auth_client.post(url, {"message": "Xin chào", "client_id": "c-1"}, format="json")
    assert again.status_code == 200
    assert again.json()["message"]["id"] == first.json()["message"]["id"]
    assert ChatMessage.objects.filter(sender_type="user").count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"message": ""}, "invalid_message"),
        ({"message": "   \n "}, "invalid_message"),
        ({"message": "x" * 4001}, "invalid_message"),
        ({}, "validation_error"),
        ({"message": "ok", "client_id": "bad id with spaces"}, "validation_error"),
    ],
)
def test_send_bad_message_is_400_and_stores_nothing(auth_client, body, code):
    room_id = _open(auth_client)["room"]["id"]
    _error(auth_client.post(f"{ROOMS}/{room_id}/messages", body, format="json"), 400, code)
    assert not ChatMessage.objects.exists()


def test_another_users_room_is_404_for_read_send_resolve_read_marker(auth_client, other_client):
    room_id = _open(other_client)["room"]["id"]
    base = f"{ROOMS}/{room_id}"
    _error(auth_client.get(base), 404, "room_not_found")
    _error(auth_client.get(f"{base}/messages"), 404, "room_not_found")
    _error(
        auth_client.post(f"{base}/messages", {"message": "hi"}, format="json"),
        404,
        "room_not_found",
    )
    _error(auth_client.post(f"{base}/resolve"), 404, "room_not_found")
    _error(auth_client.post(f"{base}/read"), 404, "room_not_found")
    request = auth_client.post("/api/chat/admin/request", {"room_id": room_id}, format="json")
    _error(request, 404, "room_not_found")
    assert not ChatMessage.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/chat/admin/rooms"),
        ("get", "/api/chat/admin/stats"),
        ("post", "/api/chat/admin/assign"),
        ("patch", "/api/chat/admin/rooms/1"),
    ],
)
def test_admin_endpoints_are_403_for_users(auth_client, method, path):
    _error(getattr(auth_client, method)(path, {}, format="json"), 403, "permission_denied")


def test_unauthenticated_is_401(api_client):
    _error(api_client.post(ROOMS, {}, format="json"), 401, "not_authenticated")


def test_messages_after_cursor_paged_oldest_first(auth_client, user):
    room_id = _open(auth_client)["room"]["id"]
    services.room_request_admin(actor=user, room_id=room_id)
    for i in range(5):
        services.message_send(actor=user, room_id=room_id, text=f"m{i}")
    url = f"{ROOMS}/{room_id}/messages"
    everything = auth_client.get(url).json()
    ids = [m["id"] for m in everything["messages"]]
    assert ids == sorted(ids) and len(ids) == 6 and not everything["has_more"]
    page = auth_client.get(url, {"after": ids[1], "limit": 2}).json()
    assert [m["id"] for m in page["messages"]] == ids[2:4] and page["has_more"]
    assert auth_client.get(url, {"after": ids[-1]}).json() == {"messages": [], "has_more": False}
    _error(auth_client.get(url, {"limit": 101}), 400, "validation_error")
    _error(auth_client.get(url, {"after": "abc"}), 400, "validation_error")


def test_html_is_stored_and_returned_as_text(auth_client):
    room_id = _open(auth_client)["room"]["id"]
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = auth_client.post(f"{ROOMS}/{room_id}/messages", {"message": text}, format="json")
    assert response.json()["message"]["message"] == text  # escaped by every renderer


def test_flood_of_messages_is_throttled_429(auth_client, settings):
    settings.SUPPORT_MESSAGE_RATE = "3/min"
    room_id = _open(auth_client)["room"]["id"]
    url = f"{ROOMS}/{room_id}/messages"
    for i in range(3):
        assert auth_client.post(url, {"message": f"m{i}"}, format="json").status_code == 201
    _error(auth_client.post(url, {"message": "again"}, format="json"), 429, "throttled")


def test_request_admin_assign_resolve_and_read_flow(auth_client, admin_client_api, admin_user):
    room_id = _open(auth_client)["room"]["id"]
    auth_client.post(f"{ROOMS}/{room_id}/messages", {"message": "help"}, format="json")
    response = auth_client.post("/api/chat/admin/request", {"room_id": room_id}, format="json")
    assert response.status_code == 200 and response.json()["room"]["handoff_requested"]
    rooms = admin_client_api.get("/api/chat/admin/rooms", {"assignee": "unassigned"}).json()
    assert [r["id"] for r in rooms["results"]] == [room_id]
    assert rooms["results"][0]["unread_count_admin"] == 1
    assign = admin_client_api.post("/api/chat/admin/assign", {"room_id": room_id}, format="json")
    assert assign.json()["room"]["admin"]["id"] == admin_user.pk
    mine = admin_client_api.get("/api/chat/admin/rooms", {"assignee": "mine"}).json()
    assert mine["count"] == 1
    reply = admin_client_api.post(
        f"{ROOMS}/{room_id}/messages", {"message": "Hi!"}, format="json"
    ).json()["message"]
    assert reply["sender_type"] == "admin"
    read = admin_client_api.post(f"{ROOMS}/{room_id}/read").json()
    assert read["room"]["unread_count_admin"] == 0
    resolved = auth_client.post(f"{ROOMS}/{room_id}/resolve").json()
    assert resolved["room"]["status"] == "resolved"
    stats = admin_client_api.get("/api/chat/admin/stats").json()
    assert stats["rooms_by_status"]["resolved"] == 1 and stats["handed_off"] == 1
    assert stats["first_response"]["count"] == 1


def test_internal_note_is_never_listed_for_the_user(auth_client, admin_client_api):
    room_id = _open(auth_client)["room"]["id"]
    admin_client_api.post(
        f"{ROOMS}/{room_id}/messages", {"message": "note", "is_internal": True}, format="json"
    )
    user_view = auth_client.get(f"{ROOMS}/{room_id}/messages").json()["messages"]
    admin_view = admin_client_api.get(f"{ROOMS}/{room_id}/messages").json()["messages"]
    assert "note" not in [m["message"] for m in user_view]
    assert "note" in [m["message"] for m in admin_view]


def test_users_cannot_post_internal_notes(auth_client):
    room_id = _open(auth_client)["room"]["id"]
    response = auth_client.post(
        f"{ROOMS}/{room_id}/messages", {"message": "x", "is_internal": True}, format="json"
    )
    assert response.json()["message"]["is_internal"] is False


def test_admin_room_filters_and_bad_filter(admin_client_api, user, other_user):
    services.room_open(user=user)
    urgent = services.room_open(user=other_user)
    ChatRoom.objects.filter(pk=urgent.pk).update(priority="urgent")
    data = admin_client_api.get("/api/chat/admin/rooms", {"priority": "urgent"}).json()
    assert [r["id"] for r in data["results"]] == [urgent.pk]
    found = admin_client_api.get("/api/chat/admin/rooms", {"search": user.email}).json()
    assert found["count"] == 1
    _error(
        admin_client_api.get("/api/chat/admin/rooms", {"status": "nope"}), 400, "validation_error"
    )
    page = admin_client_api.get("/api/chat/admin/rooms", {"page_size": 1000}).json()
    assert page["count"] == 2  # page_size is capped, never an error


def test_admin_room_list_query_count_is_constant(admin_client_api, django_assert_max_num_queries):
    for _ in range(8):
        services.room_open(user=UserFactory())
    with django_assert_max_num_queries(6):
        assert admin_client_api.get("/api/chat/admin/rooms").json()["count"] == 8


def test_admin_patch_priority_and_tags(admin_client_api, user):
    room = services.room_open(user=user)
    response = admin_client_api.patch(
        f"/api/chat/admin/rooms/{room.pk}", {"priority": "high", "tags": ["billing"]}, format="json"
    )
    assert response.json()["room"]["priority"] == "high"
    assert response.json()["room"]["tags"] == ["billing"]


def test_redis_down_the_message_is_stored_and_the_post_succeeds(
    auth_client, monkeypatch, django_capture_on_commit_callbacks
):
    class BrokenLayer:
        async def group_send(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr("landinghub.realtime.events.get_channel_layer", lambda: BrokenLayer())
    room_id = _open(auth_client)["room"]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(
            f"{ROOMS}/{room_id}/messages", {"message": "still here"}, format="json"
        )
    assert response.status_code == 201
    after = auth_client.get(f"{ROOMS}/{room_id}/messages", {"after": 0}).json()["messages"]
    assert [m["sender_type"] for m in after] == ["user", "bot"]  # the bot answered too


def test_read_up_to_over_the_api_and_bad_values(auth_client, admin_client_api):
    room_id = _open(auth_client)["room"]["id"]
    admin_client_api.post("/api/chat/admin/assign", {"room_id": room_id}, format="json")
    ids = [
        admin_client_api.post(
            f"{ROOMS}/{room_id}/messages", {"message": text}, format="json"
        ).json()["message"]["id"]
        for text in ("one", "two")
    ]
    for bad in ("abc", 0, -3, None, [1]):
        _error(
            auth_client.post(f"{ROOMS}/{room_id}/read", {"up_to": bad}, format="json"),
            400,
            "validation_error",
        )
    room = auth_client.post(f"{ROOMS}/{room_id}/read", {"up_to": ids[0]}, format="json").json()
    assert room["room"]["unread_count_user"] == 1
    room = auth_client.post(f"{ROOMS}/{room_id}/read", format="json").json()
    assert room["room"]["unread_count_user"] == 0
