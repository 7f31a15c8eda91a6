"""Google's sign-in button on the log-in and sign-up pages when GOOGLE_OAUTH_CLIENT_ID is set,
and its credential signing into the session (keys served on loopback, as Google signs)."""

import pytest
from django.test import Client

from accounts.models import User

from .test_api_google import CLIENT_ID, STRANGER_KEY, _token, google_settings, jwks_url  # noqa: F401

pytestmark = pytest.mark.django_db
PAGES = ["/accounts/login/", "/accounts/signup/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_button_and_googles_script_show_when_configured(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert f'data-client-id="{CLIENT_ID}"' in html and 'data-testid="google-button"' in html
    assert 'src="https://accounts.google.com/gsi/client"' in html
    assert 'id="lh-google-form"' in html and 'name="csrfmiddlewaretoken"' in html
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    frame_src = next(d for d in policy.split(";") if d.strip().startswith("frame-src"))
    assert "https://accounts.google.com/gsi/client" in script_src
    assert "https://accounts.google.com/gsi/" in frame_src


@pytest.mark.parametrize("path", PAGES)
def test_no_button_and_no_google_in_the_policy_when_not_configured(client, settings, path):
    settings.GOOGLE_OAUTH_CLIENT_ID = ""
    response = client.get(path)
    assert "accounts.google.com" not in response.content.decode()
    assert "accounts.google.com" not in response["Content-Security-Policy"]


def test_other_pages_do_not_allow_google_scripts(client):
    assert "accounts.google.com" not in client.get("/")["Content-Security-Policy"]


def test_the_credential_signs_into_the_session():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/google/", {"credential": _token(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response.url == "/dashboard/"
    user = User.objects.get(email="hoa@gmail.com")
    assert user.google_sub == "1099"
    assert client.get("/accounts/profile/").status_code == 200


def test_the_credential_goes_to_a_safe_next_only(client):
    safe = client.post("/accounts/google/", {"credential": _token(), "next": "/pages/"})
    assert safe.url == "/pages/"
    client.logout()
    evil = client.post(
        "/accounts/google/", {"credential": _token(), "next": "https://evil.example/"}
    )
    assert evil.url == "/dashboard/"


def test_a_forged_credential_signs_nobody_in(client):
    response = client.post(
        "/accounts/google/", {"credential": _token(key=STRANGER_KEY)}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 302 and response.url == "/accounts/login/"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Không xác minh được thông tin đăng nhập Google." in page
    assert client.get("/accounts/profile/").status_code == 302
    assert not User.objects.filter(email="hoa@gmail.com").exists()


def test_the_sign_in_post_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/google/", {"credential": _token()}).status_code == 403
    assert client.get("/accounts/google/").status_code == 405
