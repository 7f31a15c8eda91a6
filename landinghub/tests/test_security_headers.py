"""Security headers on every class of app response, and HSTS in production (issue 8, item 7)."""

import json
import re

import pytest

from .test_settings import PRODUCTION_ENV, _run_python

pytestmark = pytest.mark.django_db


APP_RESPONSES = [
    ("/", 200),  # templated page
    ("/api/marketplace", 200),  # JSON API
    ("/api/no-such-thing", 404),  # API error in the envelope
    ("/accounts/login/", 200),  # form page with CSRF
]


@pytest.mark.parametrize(("path", "status"), APP_RESPONSES)
def test_app_responses_carry_the_security_headers(client, path, status):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == status
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ):
        assert directive in policy
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


@pytest.mark.parametrize("path", ["/orders/sales/", "/dashboard/"])
def test_app_pages_run_no_inline_script(client, user, path):
    """Every script of the app's pages is a file, allowed by script-src 'self'; data comes in
    json_script blocks, which do not run. (A nonce is minted only for a template that asks.)"""
    client.force_login(user)
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script\b([^>]*)>", response.content.decode())
    inline = [a for a in scripts if "src=" not in a and 'type="application/json"' not in a]
    assert scripts and not inline


@pytest.mark.slow  # a Python process with the production settings
def test_production_sends_hsts_and_secure_cookies():
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.X_FRAME_OPTIONS, settings.SECURE_REFERRER_POLICY,"
        " 'csp.middleware.CSPMiddleware' in settings.MIDDLEWARE]))"
    )
    result = _run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    hsts, subdomains, redirect, session_secure, csrf_secure, frames, referrer, csp = json.loads(
        result.stdout
    )
    assert hsts >= 365 * 24 * 3600 and subdomains and redirect
    assert session_secure and csrf_secure
    assert frames == "DENY" and referrer == "strict-origin-when-cross-origin" and csp


@pytest.mark.slow  # a Python process with the production settings
def test_production_responses_carry_hsts_and_redirect_plain_http():
    """A response made by the production settings themselves, not just their values: HTTPS
    requests get HSTS and the other headers, plain HTTP is redirected to HTTPS."""
    code = (
        "import django, json; django.setup(); from django.test import Client;"
        "c = Client(HTTP_HOST='landinghub.vn');"
        "s = c.get('/healthz', secure=True); p = c.get('/healthz');"
        "print(json.dumps({'status': s.status_code, 'headers': dict(s.headers),"
        " 'plain': p.status_code, 'location': p.headers.get('Location')}))"
    )
    result = _run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    assert seen["status"] == 200
    hsts = headers["strict-transport-security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert seen["plain"] == 301 and seen["location"] == "https://landinghub.vn/healthz"
