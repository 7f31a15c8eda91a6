"""Bad input and abuse against sign-in and tokens (rows of the bad-input catalogue,
tests/SECURITY.md)."""

import base64
import hashlib
import hmac
import json
import threading
from datetime import timedelta

import jwt
import pytest
from axes.models import AccessAttempt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .factories import DEFAULT_PASSWORD, UserFactory

VERIFY = "/api/auth/verify"
LOGIN = "/api/auth/login"
REFRESH = "/api/auth/refresh"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _assert_401(response) -> None:
    assert response.status_code == 401, response.content
    assert set(response.json()["error"]) >= {"code", "message", "details"}


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["jwk", "jku", "x5u", "kid"])
def test_token_naming_its_own_key_is_401(api_client, user, header):
    """Keys come from settings only: a token that carries (or points to) the key that signed
    it is refused, whether it is an attacker's RSA key or an HMAC secret."""
    claims = dict(AccessToken.for_user(user).payload)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    values = {
        "jwk": public_jwk,
        "jku": "https://evil.example/jwks.json",
        "x5u": "https://evil.example/cert.pem",
        "kid": "../../../../dev/null",
    }
    forged_rs = jwt.encode(claims, private, algorithm="RS256", headers={header: values[header]})
    _assert_401(api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {forged_rs}"))
    forged_hs = jwt.encode(
        claims, "attacker-secret-of-enough-length-0123456789", headers={header: values[header]}
    )
    _assert_401(api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {forged_hs}"))


@pytest.mark.django_db
def test_hs256_token_signed_with_a_public_key_is_401(api_client, user):
    """Algorithm confusion: the HS256 secret is never a public key the attacker can read."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    claims = dict(AccessToken.for_user(user).payload)
    header = _b64({"alg": "HS256", "typ": "JWT"})
    body = _b64(claims)
    signature = hmac.new(pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    token = f"{header}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    _assert_401(api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {token}"))


def _refresh_in_parallel(refresh: str, threads_n: int) -> list[int]:
    barrier = threading.Barrier(threads_n)
    statuses: list[int] = []

    def run():
        try:
            barrier.wait()
            response = APIClient().post(REFRESH, {"refresh": refresh}, format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_of_one_token_issue_one_pair():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    user = UserFactory()
    for _ in range(4):  # a race: several rounds (24 requests, under the 30/min auth throttle)
        refresh = str(RefreshToken.for_user(user))
        statuses = _refresh_in_parallel(refresh, threads_n=6)
        assert sorted(statuses) == [200] + [401] * 5, statuses
    # Each round: the original and exactly one rotated refresh token are on record.
    assert OutstandingToken.objects.filter(user=user).count() == 8


@pytest.mark.django_db
def test_access_token_dies_when_the_password_changes(api_client, user):
    token = str(AccessToken.for_user(user))
    assert api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    user.set_password("a-new-Password-that-is-long")
    user.save()
    _assert_401(api_client.get(VERIFY, HTTP_AUTHORIZATION=f"Bearer {token}"))


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(api_client, settings):
    UserFactory(email="u@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(LOGIN, {"email": "u@example.com", "password": "bad-guess"}, format="json")
    good = {"email": "u@example.com", "password": DEFAULT_PASSWORD}
    assert api_client.post(LOGIN, good, format="json").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert api_client.post(LOGIN, good, format="json").status_code == 200


@pytest.mark.django_db
def test_one_username_from_many_addresses_cannot_lock_its_owner_out(api_client, settings):
    """Lockout is per (e-mail, IP): failures from elsewhere do not lock the owner out (a DoS),
    while each of those addresses is itself locked."""
    UserFactory(email="u@example.com")
    bad = {"email": "u@example.com", "password": "bad-guess"}
    for i in range(10):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            api_client.post(LOGIN, bad, format="json", REMOTE_ADDR=f"198.51.100.{i}")
    good = {"email": "u@example.com", "password": DEFAULT_PASSWORD}
    locked = api_client.post(LOGIN, good, format="json", REMOTE_ADDR="198.51.100.3")
    assert locked.status_code == 429
    assert api_client.post(LOGIN, good, format="json", REMOTE_ADDR="203.0.113.9").status_code == 200


@pytest.mark.django_db
def test_emoji_only_password_round_trips(api_client):
    password = "🥭🍚🥥🍌🍍🍉🥭🍚🥥🍌🍍🍉"
    response = api_client.post(
        "/api/auth/register",
        {"name": "E", "email": "e@example.com", "password": password},
        format="json",
    )
    assert response.status_code == 201, response.content
    login = {"email": "e@example.com", "password": password}
    assert api_client.post(LOGIN, login, format="json").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.com",
        "//evil.com",
        "/\\evil.com",
        "https:evil.com",
        "javascript:alert(1)",
        "\\\\evil.com",
    ],
)
def test_login_never_redirects_to_another_site(client, target):
    UserFactory(email="u@example.com")
    response = client.post(
        f"{reverse('accounts:login')}?next={target}",
        {"username": "u@example.com", "password": DEFAULT_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:user")


@pytest.mark.django_db
def test_profile_patch_ignores_role_staff_and_email(auth_client, user):
    email = user.email
    response = auth_client.patch(
        "/api/auth/me",
        {
            "name": "N",
            "role": "admin",
            "is_staff": True,
            "is_superuser": True,
            "email": "x@evil.example",
            "subscription": "pro",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.name == "N" and user.email == email
    assert user.role == "user" and not user.is_staff and not user.is_superuser
    assert user.subscription == "free"
