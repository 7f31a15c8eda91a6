"""Google sign-in against keys served on loopback, signed the way Google signs ID tokens."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from accounts.google import _jwks_client
from accounts.models import User

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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/oauth2/v3/certs"
    server.shutdown()


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
