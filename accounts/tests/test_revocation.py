"""Revocation (issue 12, item 10): a password change ends refresh tokens and sockets; a
reused refresh token ends its whole family."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts.models import User
from landinghub.asgi import application

from .factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Banh-mi-Hoi-An-77"


def _login(email: str, password: str = DEFAULT_PASSWORD) -> dict:
    response = APIClient().post(
        "/api/auth/login", {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _refresh(token: str):
    return APIClient().post("/api/auth/refresh", {"refresh": token}, format="json")


@pytest.mark.django_db
def test_password_change_form_ends_old_refresh_tokens(client):
    user = UserFactory(email="lan@example.com")
    tokens = _login(user.email)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _refresh(tokens["refresh"]).status_code == 401
    assert client.get(reverse("accounts:profile")).status_code == 200  # this session stays
    assert _refresh(_login(user.email, NEW_PASSWORD)["refresh"]).status_code == 200


@pytest.mark.django_db
def test_password_reset_ends_old_refresh_tokens(client):
    user = UserFactory(email="lan@example.com")
    tokens = _login(user.email)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse(
        "accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
    )
    form_url = client.get(url).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _refresh(tokens["refresh"]).status_code == 401


@pytest.mark.django_db
def test_a_password_set_without_save_hooks_still_ends_refresh_tokens():
    """A queryset update bypasses ``password_changed``: the token's password hash still
    decides."""
    user = UserFactory(email="lan@example.com")
    tokens = _login(user.email)
    probe = User(password="")
    probe.set_password(NEW_PASSWORD)
    User.objects.filter(pk=user.pk).update(password=probe.password)
    assert _refresh(tokens["refresh"]).status_code == 401


@pytest.mark.django_db
def test_reusing_a_rotated_refresh_token_revokes_its_family_only():
    user = UserFactory(email="lan@example.com")
    stolen = _login(user.email)["refresh"]
    other_device = _login(user.email)["refresh"]
    rotated = _refresh(stolen).json()["refresh"]  # the owner rotates
    newer = _refresh(rotated).json()["refresh"]
    replay = _refresh(stolen)  # the thief replays the old one
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "token_not_valid"
    assert _refresh(newer).status_code == 401  # the family's live token is dead too
    assert _refresh(other_device).status_code == 200  # another sign-in is not


@pytest.mark.django_db(transaction=True)
async def test_password_change_closes_the_users_sockets_with_4401():
    user = await sync_to_async(UserFactory)(email="lan@example.com")
    tokens = await sync_to_async(_login)(user.email)
    ws = WebsocketCommunicator(
        application,
        f"/ws/?token={tokens['access']}",
        headers=[(b"origin", b"http://localhost:8000")],
    )
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"event": "pong", "data": {}}

    def change():
        fresh = User.objects.get(pk=user.pk)
        fresh.set_password(NEW_PASSWORD)
        fresh.save()

    await sync_to_async(change)()
    event = await ws.receive_json_from(timeout=5)
    assert event["event"] == "error" and event["data"]["code"] == "credentials_revoked"
    closed = await ws.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4401}
    await ws.disconnect()
