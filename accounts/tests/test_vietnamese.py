"""Accounts in the Vietnamese UI: sign-up's duplicate e-mail, the password-reset pages and its
e-mail (issue 11, item 10)."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import UserFactory

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
TAKEN_VI = "Đã có tài khoản dùng e-mail này."


def test_signup_page_with_a_taken_email_says_check_your_email_in_vietnamese(client):
    UserFactory(email="taken@example.com")
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Minh", "email": "taken@example.com", "password": "pho-Bo-tai-2026"},
        follow=True,
        **VI,
    )
    assert response.status_code == 200
    assert "Kiểm tra e-mail của bạn" in response.content.decode()
    assert TAKEN_VI not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", TAKEN_VI), ("en", "An account with this e-mail already exists.")],
)
def test_register_api_says_the_email_is_taken_in_the_clients_language(language, message):
    UserFactory(email="taken@example.com")
    response = APIClient().post(
        "/api/auth/register",
        {"name": "Minh", "email": "taken@example.com", "password": "pho-Bo-tai-2026"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["message"] == message
    assert error["details"]["fields"]["email"] == [message]


def test_password_reset_pages_and_email_are_vietnamese(client, mailoutbox):
    user = UserFactory(email="lan@example.com", name="Lan")
    page = client.get(reverse("accounts:password_reset"), **VI).content.decode()
    assert "Đặt lại mật khẩu" in page and "Tiếp tục" in page
    assert 'class="card' in page  # the site's styled card, not Django's admin template
    response = client.post(reverse("accounts:password_reset"), {"email": user.email}, **VI)
    sent = client.get(response.url, **VI).content.decode()
    assert "Kiểm tra e-mail của bạn" in sent
    (mail,) = mailoutbox
    assert mail.subject == "Đặt lại mật khẩu LandingHub của bạn"
    assert "Xin chào Lan," in mail.body and "Someone asked" not in mail.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.body).group(1)
    form = client.get(link, follow=True, **VI)
    assert "Chọn mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Banh-mi-2026-x", "new_password2": "Banh-mi-2026-x"},
        follow=True,
        **VI,
    )
    html = done.content.decode()
    assert "Đã đặt lại mật khẩu" in html and "Bây giờ bạn có thể đăng nhập." in html
