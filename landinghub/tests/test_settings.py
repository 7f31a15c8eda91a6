"""The embedded default, production's deploy check, and the demo data command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from dashboard.management.commands import seed_demo

# Most of these start a Python process with other settings.
pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
# The variables production requires; nothing is connected to (no query, no cache call).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "landinghub.settings.production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "landinghub.vn",
    "DATABASE_URL": "postgres://lh@127.0.0.1:5432/lh",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://landinghub.vn",
    "PUBLISHED_PAGES_DOMAIN": "landinghub-pages.vn",
    "PAYMENT_RETURN_BASE_URL": "https://landinghub.vn",
}


def _environ_without(*prefixes: str) -> dict[str, str]:
    drop = (*prefixes, "DJANGO_ALLOW_ASYNC_UNSAFE")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def _run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = _environ_without("DATABASE_", "REDIS_")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_needs_no_environment():
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.DATABASES['default']['ENGINE'],"
        " settings.CHANNEL_LAYERS['default']['BACKEND'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.STORAGES['default']['BACKEND']]))"
    )
    result = _run_python(code, {"DJANGO_SETTINGS_MODULE": "landinghub.settings.local"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        True,
        "django.core.files.storage.FileSystemStorage",
    ]


def test_database_and_redis_urls_switch_to_the_real_services():
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.DATABASES['default']['ENGINE'],"
        " settings.CHANNEL_LAYERS['default']['BACKEND'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.CELERY_BROKER_URL]))"
    )
    result = _run_python(
        code,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "DATABASE_URL": "postgres://lh@127.0.0.1:5432/lh",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.postgresql",
        "landinghub.realtime.layers.BoundedRedisChannelLayer",
        False,
        "redis://127.0.0.1:6379/0",
    ]


def test_production_check_deploy_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **_environ_without("DJANGO_SETTINGS_MODULE"),
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.production",
            "SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 30,
            "ALLOWED_HOSTS": "landinghub.vn",
            "DATABASE_URL": "postgres://lh@127.0.0.1:5432/lh",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "SITE_URL": "https://landinghub.vn",
            "PUBLISHED_PAGES_DOMAIN": "landinghub-pages.vn",
            "PAYMENT_RETURN_BASE_URL": "https://landinghub.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    result = _run_python(
        "import django; django.setup()",
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.production",
            "DJANGO_READ_DOT_ENV_FILE": "0",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


_ADDRESSES = (
    "import django, json; from django.conf import settings; django.setup();"
    "print(json.dumps([settings.SITE_URL, settings.PUBLISHED_PAGES_DOMAIN,"
    " settings.PAYMENT_RETURN_BASE_URL,"
    " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]))"
)


def test_embedded_default_addresses_follow_the_served_port():
    # `PORT=9000 make run`: links, previews and the payment return point at :9000, and the
    # simulator's form may redirect to the return (CSP form-action).
    result = _run_python(
        _ADDRESSES,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "DJANGO_READ_DOT_ENV_FILE": "0",
            "PORT": "9000",
        },
    )
    assert result.returncode == 0, result.stderr
    site, pages, payment_return, form_action = json.loads(result.stdout)
    assert site == "http://localhost:9000"
    assert pages == "pages.localhost:9000"
    assert payment_return == "http://localhost:9000"
    assert "http://localhost:9000" in form_action


def test_embedded_default_without_port_serves_8000():
    result = _run_python(
        _ADDRESSES, {"DJANGO_SETTINGS_MODULE": "landinghub.settings.local", "PORT": ""}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[:3] == [
        "http://localhost:8000",
        "pages.localhost:8000",
        "http://localhost:8000",
    ]


def test_payment_return_elsewhere_is_allowed_by_form_action():
    result = _run_python(
        _ADDRESSES,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "PAYMENT_RETURN_BASE_URL": "https://pay.example.vn/base/",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "https://pay.example.vn" in json.loads(result.stdout)[3]


def test_the_checkout_may_redirect_to_the_real_gateways_payment_pages():
    # The checkout form's answer is a 302 to MoMo's payUrl or VNPay's payment page, and the
    # browser checks that redirect against form-action: without them the buyer never gets there.
    result = _run_python(
        _ADDRESSES,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "MOMO_ENDPOINT": "https://payment.momo.vn/v2/gateway/api/create",
            "VNPAY_PAYMENT_URL": "https://pay.vnpay.vn/vpcpay.html",
        },
    )
    assert result.returncode == 0, result.stderr
    form_action = json.loads(result.stdout)[3]
    assert {"https://payment.momo.vn", "https://pay.vnpay.vn"} <= set(form_action)


@pytest.mark.parametrize(
    "missing", ["SITE_URL", "PUBLISHED_PAGES_DOMAIN", "PAYMENT_RETURN_BASE_URL"]
)
def test_production_requires_its_public_addresses(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run_python("import django; django.setup()", {**env, "DJANGO_READ_DOT_ENV_FILE": "0"})
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_uses_a_strong_hasher():
    # The test settings use MD5 for speed; every other environment starts from base.
    result = _run_python(
        "from landinghub.settings import base; print(base.PASSWORD_HASHERS[0])",
        {"DJANGO_SETTINGS_MODULE": "landinghub.settings.local"},
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_seed_demo_creates_logins_and_is_idempotent(tmp_path, monkeypatch, capsys, settings):
    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert first.startswith("Demo pages, leads, listings and orders created.")
    assert first.endswith(second)  # the same logins; the activity is not created twice
    admin = User.objects.get(email="admin@landinghub.local")
    assert admin.is_staff and admin.is_superuser
    password = json.loads((tmp_path / "creds").read_text())["admin@landinghub.local"]
    assert password in first
    assert admin.check_password(password)
    assert (
        User.objects.filter(email__in=["admin@landinghub.local", "demo@landinghub.local"]).count()
        == 2
    )


def test_embedded_default_serves_without_debug_and_still_serves_static_files():
    # `make run`: DEBUG off (branded error pages, no URLconf listing), WhiteNoise serves /static/.
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "from django.test import Client; c = Client(HTTP_HOST='localhost');"
        "static = c.get('/static/css/app.css'); missing = c.get('/no-such-page/');"
        "api = c.get('/api/no-such-thing');"
        "print(json.dumps([settings.DEBUG, static.status_code, missing.status_code,"
        " 'URLconf' in missing.content.decode(), 'LandingHub' in missing.content.decode(),"
        " api.status_code, api.json()['error']['code']]))"
    )
    result = _run_python(
        code,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "DJANGO_READ_DOT_ENV_FILE": "0",
            "DJANGO_DEBUG": "",
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False,
        200,
        404,
        False,
        True,
        404,
        "not_found",
    ]


def test_make_dev_turns_debug_on_and_the_api_still_answers_the_envelope():
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "from django.test import Client;"
        "api = Client(HTTP_HOST='localhost').get('/api/no-such-thing');"
        "print(json.dumps([settings.DEBUG, api.status_code, api['Content-Type']]))"
    )
    result = _run_python(
        code,
        {
            "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
            "DJANGO_READ_DOT_ENV_FILE": "0",
            "DJANGO_DEBUG": "1",
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, 404, "application/json"]


def test_makefile_passes_the_port_and_has_run_and_dev():
    makefile = (ROOT / "Makefile").read_text()
    assert "export PORT" in makefile
    assert "serve DJANGO_DEBUG=0" in makefile and "serve DJANGO_DEBUG=1" in makefile


def test_production_tells_clients_apart_behind_the_proxy():
    """Behind the one documented proxy, two clients get two throttle buckets, and a spoofed
    left-most X-Forwarded-For entry does not buy a fresh one (DRF and django-axes)."""
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory, override_settings
    from rest_framework.throttling import AnonRateThrottle

    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.REST_FRAMEWORK['NUM_PROXIES'],"
        " settings.AXES_IPWARE_PROXY_COUNT, settings.AXES_CLIENT_IP_CALLABLE]))"
    )
    result = _run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    num_proxies, axes_count, axes_callable = json.loads(result.stdout)
    assert num_proxies == 1 and axes_count == 1

    proxy = "10.0.0.2"
    factory = RequestFactory()

    def request(xff):
        return factory.get("/api/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=xff)

    rest = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    with override_settings(
        REST_FRAMEWORK=rest,
        AXES_CLIENT_IP_CALLABLE=axes_callable,
    ):
        throttle = AnonRateThrottle()
        alice, bob = request("203.0.113.5"), request("198.51.100.7")
        spoofed = request("1.2.3.4, 203.0.113.5")
        assert throttle.get_ident(alice) != throttle.get_ident(bob)
        assert throttle.get_ident(spoofed) == throttle.get_ident(alice) == "203.0.113.5"
        assert get_client_ip_address(alice) == "203.0.113.5"
        assert get_client_ip_address(bob) == "198.51.100.7"
        assert get_client_ip_address(spoofed) == "203.0.113.5"
