"""JWT: lifetimes, rotation, blacklisting on logout, and every kind of bad token."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
VERIFY = "/api/auth/verify"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _verify(api_client, token: str):
    return api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {token}")


def _assert_401(response):
    assert response.status_code == 401, response.content
    error = response.json()["error"]
    assert error["code"] in {
        "token_not_valid",
        "not_authenticated",
        "authentication_failed",
        "user_inactive",
    }


def test_access_token_lives_one_hour(user):
    token = AccessToken.for_user(user)
    assert token["exp"] - token["iat"] == 3600


def test_verify_without_token_is_401(api_client):
    response = api_client.get(VERIFY)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_expired_token_is_401(api_client, user):
    token = AccessToken.for_user(user)
    token.set_exp(from_time=timezone.now() - timedelta(hours=2), lifetime=timedelta(hours=1))
    _assert_401(_verify(api_client, str(token)))


def test_tampered_token_is_401(api_client, user, other_user):
    token = str(AccessToken.for_user(user))
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["user_id"] = str(other_user.pk)
    _assert_401(_verify(api_client, f"{header}.{_b64(claims)}.{signature}"))


@pytest.mark.parametrize("alg", ["none", "None", "nOnE"])
def test_alg_none_token_is_401(api_client, user, alg):
    claims = dict(AccessToken.for_user(user).payload)
    token = f"{_b64({'alg': alg, 'typ': 'JWT'})}.{_b64(claims)}."
    _assert_401(_verify(api_client, token))


def test_token_signed_with_another_key_is_401(api_client, user):
    claims = dict(AccessToken.for_user(user).payload)
    forged = jwt.encode(claims, "another-secret-key-of-enough-length-xx", algorithm="HS256")
    _assert_401(_verify(api_client, forged))


def test_refresh_token_used_as_bearer_is_401(api_client, user):
    _assert_401(_verify(api_client, str(RefreshToken.for_user(user))))


def test_token_of_deactivated_user_is_401(api_client, user):
    token = str(AccessToken.for_user(user))
    user.is_active = False
    user.save()
    _assert_401(_verify(api_client, token))


def test_refresh_rotates_and_old_refresh_is_refused(api_client):
    UserFactory(email="r@example.com")
    login = api_client.post(
        "/api/auth/login", {"email": "r@example.com", "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    first = api_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json")
    assert first.status_code == 200
    pair = first.json()
    assert pair["access"] and pair["refresh"] and pair["refresh"] != login["refresh"]
    again = api_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json")
    _assert_401(again)
    assert _verify(api_client, pair["access"]).status_code == 200


def test_refresh_after_logout_is_401(api_client):
    UserFactory(email="r@example.com")
    login = api_client.post(
        "/api/auth/login", {"email": "r@example.com", "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    logout = api_client.post("/api/auth/logout", {"refresh": login["refresh"]}, format="json")
    assert logout.status_code == 204
    _assert_401(api_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json"))
    _assert_401(api_client.post("/api/auth/logout", {"refresh": login["refresh"]}, format="json"))


def test_logout_with_garbage_is_401(api_client):
    _assert_401(api_client.post("/api/auth/logout", {"refresh": "garbage"}, format="json"))


def test_jwt_algorithm_is_pinned():
    assert settings.SIMPLE_JWT["ALGORITHM"] == "HS256"
