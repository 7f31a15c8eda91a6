"""An access token signed with our key but naming no user id (``"abc"``, a list, a float, a
huge number) is a bad token: 401 over HTTP, 4401 at the socket handshake, never a 500."""

import pytest
from asgiref.sync import sync_to_async
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.tests.factories import UserFactory

from .test_realtime import _assert_closed_4401, _socket

BAD_IDS = ["abc", ["1"], [1], {"id": 1}, 1.5, True, "", "-1", "1e3", 2**70, "٣"]


def _token_claiming(user, user_id) -> str:
    token = AccessToken.for_user(user)  # a real user's password claim: only the id is wrong
    token["user_id"] = user_id
    return str(token)


@pytest.mark.django_db
@pytest.mark.parametrize("user_id", BAD_IDS)
def test_token_with_a_user_id_that_is_not_an_id_is_401(user_id):
    client = APIClient()
    client.raise_request_exception = True
    token = _token_claiming(UserFactory(), user_id)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/auth/verify")
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] in {"token_not_valid", "authentication_failed"}


@pytest.mark.django_db
def test_token_with_the_id_as_a_string_still_works():
    user = UserFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token_claiming(user, str(user.pk))}")
    response = client.get("/api/auth/verify")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == user.email


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("user_id", ["abc", ["1"], 1.5, 2**70])
async def test_socket_with_a_user_id_that_is_not_an_id_is_closed_4401(user_id):
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(_token_claiming)(user, user_id)
    await _assert_closed_4401(_socket(f"/ws/?token={token}"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/auth/refresh", "/api/auth/logout"])
@pytest.mark.parametrize("user_id", ["abc", ["1"], 1.5, 2**70])
def test_refresh_token_with_a_user_id_that_is_not_an_id_is_401(path, user_id):
    token = RefreshToken.for_user(UserFactory())
    token["user_id"] = user_id
    client = APIClient()
    client.raise_request_exception = True
    response = client.post(path, {"refresh": str(token)}, format="json")
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "token_not_valid"
