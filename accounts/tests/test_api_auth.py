import pytest
from django.contrib.auth import get_user_model

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

REGISTER = "/api/auth/register"
LOGIN = "/api/auth/login"


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


def test_register_returns_user_and_tokens(api_client):
    response = api_client.post(
        REGISTER,
        {"name": "Lan Anh", "email": "Lan.Anh@Example.com", "password": "mango-Sticky-rice-42"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "lan.anh@example.com"
    assert body["user"]["role"] == "user"
    assert body["user"]["subscription"] == "free"
    assert body["access"] and body["refresh"]
    verify = api_client.get("/api/auth/verify", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert verify.json()["user"]["email"] == "lan.anh@example.com"


def test_register_stores_a_strong_hash_not_the_password(api_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    api_client.post(
        REGISTER,
        {"name": "A", "email": "a@example.com", "password": "mango-Sticky-rice-42"},
        format="json",
    )
    stored = User.objects.get(email="a@example.com").password
    assert stored.startswith("argon2$")
    assert "mango" not in stored


def test_register_duplicate_email_is_case_insensitive(api_client):
    UserFactory(email="taken@example.com")
    response = api_client.post(
        REGISTER,
        {"name": "B", "email": "TAKEN@example.com", "password": "mango-Sticky-rice-42"},
        format="json",
    )
    error = assert_envelope(response, 400, "email_taken")
    assert "email" in error["details"]["fields"]
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


@pytest.mark.parametrize(
    "password",
    ["short1", "password123", "12345678901", "x" * 1000, "Lan.Anh@Example.com"],
    ids=["too-short", "common", "numeric", "too-long", "same-as-email"],
)
def test_register_weak_password_is_rejected(api_client, password):
    response = api_client.post(
        REGISTER,
        {"name": "Lan", "email": "lan.anh@example.com", "password": password},
        format="json",
    )
    error = assert_envelope(response, 400, "validation_error")
    assert "password" in error["details"]["fields"]
    assert not User.objects.exists()


def test_register_keeps_spaces_and_accepts_64_chars(api_client):
    password = "  " + "mango-Sticky-rice-" * 3 + "xyz4 "
    response = api_client.post(
        REGISTER, {"name": "S", "email": "s@example.com", "password": password}, format="json"
    )
    assert response.status_code == 201
    login = api_client.post(LOGIN, {"email": "s@example.com", "password": password}, format="json")
    assert login.status_code == 200
    trimmed = api_client.post(
        LOGIN, {"email": "s@example.com", "password": password.strip()}, format="json"
    )
    assert trimmed.status_code == 401


def test_register_missing_fields(api_client):
    response = api_client.post(REGISTER, {}, format="json")
    error = assert_envelope(response, 400, "validation_error")
    assert set(error["details"]["fields"]) == {"name", "email", "password"}


def test_register_malformed_json(api_client):
    response = api_client.post(REGISTER, data="{not json", content_type="application/json")
    assert_envelope(response, 400, "parse_error")
    assert not User.objects.exists()


def test_register_rejects_mass_assigned_role(api_client):
    response = api_client.post(
        REGISTER,
        {
            "name": "M",
            "email": "m@example.com",
            "password": "mango-Sticky-rice-42",
            "role": "admin",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["user"]["role"] == "user"
    assert not User.objects.get(email="m@example.com").is_staff


def test_login_returns_tokens(api_client):
    UserFactory(email="u@example.com")
    response = api_client.post(
        LOGIN, {"email": "U@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "u@example.com"


def test_wrong_password_and_unknown_user_give_the_same_error(api_client):
    UserFactory(email="u@example.com")
    wrong = api_client.post(
        LOGIN, {"email": "u@example.com", "password": "nope-nope"}, format="json"
    )
    unknown = api_client.post(
        LOGIN, {"email": "ghost@example.com", "password": "nope-nope"}, format="json"
    )
    assert assert_envelope(wrong, 401, "invalid_credentials") == assert_envelope(
        unknown, 401, "invalid_credentials"
    )


def test_login_locks_out_after_repeated_failures(api_client, settings):
    UserFactory(email="u@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(LOGIN, {"email": "u@example.com", "password": "bad-guess"}, format="json")
    locked = api_client.post(
        LOGIN, {"email": "u@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert_envelope(locked, 429, "locked_out")
    # Another account from the same address is not locked by someone else's failures.
    UserFactory(email="v@example.com")
    other = api_client.post(
        LOGIN, {"email": "v@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert other.status_code == 200


def test_login_lockout_is_not_bypassed_by_x_forwarded_for(api_client, settings):
    UserFactory(email="u@example.com")
    for i in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(
            LOGIN,
            {"email": "u@example.com", "password": "bad-guess"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}",
        )
    locked = api_client.post(
        LOGIN,
        {"email": "u@example.com", "password": DEFAULT_PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="9.9.9.9",
    )
    assert_envelope(locked, 429, "locked_out")


def test_login_is_throttled_per_ip(api_client, settings):
    settings.AXES_FAILURE_LIMIT = 1000
    statuses = [
        api_client.post(
            LOGIN, {"email": f"spray{i}@example.com", "password": "x-y-z-1"}, format="json"
        ).status_code
        for i in range(35)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_inactive_user_cannot_log_in(api_client):
    UserFactory(email="off@example.com", is_active=False)
    response = api_client.post(
        LOGIN, {"email": "off@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert_envelope(response, 401, "invalid_credentials")


def test_trailing_slash_is_optional(api_client):
    UserFactory(email="u@example.com")
    for path in (LOGIN, LOGIN + "/"):
        response = api_client.post(
            path, {"email": "u@example.com", "password": DEFAULT_PASSWORD}, format="json"
        )
        assert response.status_code == 200, path


def test_profile_update_over_api(auth_client, user):
    response = auth_client.patch("/api/auth/me", {"name": "Trần Thị B"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.name == "Trần Thị B"
