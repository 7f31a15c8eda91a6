"""Google sign-in against keys served on loopback, signed the way Google signs ID tokens."""

import json
import time
from http.server import BaseHTTPRequestHandler

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from rest_framework.test import APIClient

from accounts.google import _jwks_client
from accounts.models import User
from tests.support.http import LoopbackHTTPServer

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
CLIENT_ID = "1234-test.apps.googleusercontent.com"


def _key(kid: str):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    public_jwk.update(kid=kid, alg="RS256", use="sig")
    return private, public_jwk


GOOGLE_KEY, GOOGLE_JWK = _key("google-1")
STRANGER_KEY, _ = _key("stranger")


@pytest.fixture(scope="module")
def jwks_url():
    body = json.dumps({"keys": [GOOGLE_JWK]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = LoopbackHTTPServer(Handler).start()
    yield f"http://127.0.0.1:{server.port}/oauth2/v3/certs"
    server.stop()


@pytest.fixture(autouse=True)
def google_settings(settings, jwks_url):
    settings.GOOGLE_OAUTH_CLIENT_ID = CLIENT_ID
    settings.GOOGLE_OAUTH_CERTS_URL = jwks_url
    _jwks_client.cache_clear()


def _token(key=GOOGLE_KEY, kid="google-1", **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": CLIENT_ID,
        "sub": "1099",
        "email": "Hoa@Gmail.com",
        "email_verified": True,
        "name": "Hoa Nguyen",
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def _post(api_client, credential):
    return api_client.post("/api/auth/google", {"credential": credential}, format="json")


def test_google_sign_in_creates_the_user_and_returns_tokens(api_client):
    response = _post(api_client, _token())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user"]["email"] == "hoa@gmail.com"
    assert body["access"] and body["refresh"]
    assert User.objects.get(email="hoa@gmail.com").google_sub == "1099"
    # Signing in again finds the same account.
    assert _post(api_client, _token()).json()["user"]["id"] == body["user"]["id"]


@pytest.mark.parametrize(
    "credential",
    [
        pytest.param(lambda: _token(aud="someone-else.apps.googleusercontent.com"), id="audience"),
        pytest.param(lambda: _token(exp=int(time.time()) - 10), id="expired"),
        pytest.param(lambda: _token(iss="https://evil.example.com"), id="issuer"),
        pytest.param(lambda: _token(key=STRANGER_KEY, kid="stranger"), id="unknown-key"),
        pytest.param(lambda: _token(key=STRANGER_KEY, kid="google-1"), id="forged-kid"),
        pytest.param(lambda: _token(email_verified=False), id="unverified-email"),
        pytest.param(lambda: "not-a-jwt", id="garbage"),
    ],
)
def test_bad_google_token_is_401_and_creates_nothing(api_client, credential):
    response = _post(api_client, credential())
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"].startswith(("invalid_google_token", "google_"))
    assert not User.objects.exists()


def test_google_token_for_an_email_linked_to_another_google_account(api_client):
    _post(api_client, _token())
    response = _post(api_client, _token(sub="2000"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "google_account_mismatch"


def test_google_sign_in_not_configured(api_client, settings):
    settings.GOOGLE_OAUTH_CLIENT_ID = ""
    response = _post(api_client, _token())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "google_not_configured"


# --- Issue 12, item 1: pre-hijack --------------------------------------------------------


@pytest.mark.parametrize("value", ["false", "true", "True", 1], ids=str)
def test_google_email_verified_must_be_the_boolean_true(api_client, value):
    response = _post(api_client, _token(email_verified=value))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "google_email_unverified"
    assert not User.objects.exists()


def test_google_sign_in_is_verified_for_a_new_account(api_client):
    assert _post(api_client, _token()).json()["user"]["email_verified"] is True


def test_google_takes_over_an_account_whose_email_nobody_confirmed(api_client, client):
    """The attacker registers the victim's address with a password before the victim ever
    comes; the victim then signs in with Google."""
    attacker = APIClient()
    registered = attacker.post(
        "/api/auth/register",
        {"name": "Mallory", "email": "hoa@gmail.com", "password": "attacker-Pass-1"},
        format="json",
    ).json()
    client.force_login(User.objects.get(email="hoa@gmail.com"))  # a session too
    assert client.get("/accounts/profile/").status_code == 200

    victim = _post(api_client, _token())
    assert victim.status_code == 200
    assert victim.json()["user"]["email_verified"] is True
    user = User.objects.get(email="hoa@gmail.com")
    assert user.google_sub == "1099" and not user.has_usable_password()
    # Everything the attacker held is dead: the password, the refresh and access tokens,
    # the session.
    login = attacker.post(
        "/api/auth/login",
        {"email": "hoa@gmail.com", "password": "attacker-Pass-1"},
        format="json",
    )
    assert login.status_code == 401
    refresh = attacker.post("/api/auth/refresh", {"refresh": registered["refresh"]}, format="json")
    assert refresh.status_code == 401
    attacker.credentials(HTTP_AUTHORIZATION=f"Bearer {registered['access']}")
    assert attacker.get("/api/auth/me").status_code == 401
    assert client.get("/accounts/profile/").status_code == 302  # back to the log-in page


def test_google_links_a_confirmed_account_and_keeps_its_password(api_client):
    owner = UserFactory(email="hoa@gmail.com")
    assert _post(api_client, _token()).status_code == 200
    owner.refresh_from_db()
    assert owner.google_sub == "1099" and owner.check_password(DEFAULT_PASSWORD)
