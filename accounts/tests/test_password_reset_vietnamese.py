"""The password-reset pages and e-mail speak the UI's language (issue 11, item 10), including
the title Django gives a used or invalid link, whose Vietnamese in Django's catalogue is wrong."""

import re

import pytest
from django.test import Client

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def vi():
    return Client(headers={"accept-language": "vi-VN,vi;q=0.9"})


def test_reset_pages_are_vietnamese(vi, mailoutbox):
    UserFactory(email="lan@example.com", name="Lan")
    assert "Đặt lại mật khẩu" in _text(vi.get("/accounts/password/reset/"))
    sent = vi.post("/accounts/password/reset/", {"email": "lan@example.com"}, follow=True)
    page = _text(sent)
    assert "Kiểm tra e-mail của bạn" in page
    assert "chúng tôi đã gửi một liên kết để đặt lại mật khẩu" in page
    assert "Check your e-mail" not in page

    (mail,) = mailoutbox
    assert mail.subject == "Đặt lại mật khẩu LandingHub của bạn"
    assert mail.body.startswith("Xin chào Lan,")
    assert "Có người đã yêu cầu đặt lại mật khẩu tài khoản LandingHub của bạn" in mail.body
    assert "mật khẩu của bạn vẫn giữ nguyên" in mail.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.body).group(1)

    choose = _text(vi.get(link, follow=True))
    assert "Chọn mật khẩu mới" in choose and "Mật khẩu mới" in choose
    done = vi.post(
        vi.get(link, follow=True).redirect_chain[-1][0],
        {"new_password1": "a-long-Passw0rd!", "new_password2": "a-long-Passw0rd!"},
        follow=True,
    )
    assert "Bây giờ bạn có thể đăng nhập." in _text(done)


def test_a_used_reset_link_says_unsuccessful_in_vietnamese(vi):
    page = _text(vi.get("/accounts/password/reset/MQ/not-a-token/"))
    assert "Đặt lại mật khẩu không thành công" in page
    assert "Liên kết không hợp lệ" in page


def test_the_reset_pages_stay_english_for_english_browsers():
    en = Client(headers={"accept-language": "en"})
    assert "Reset your password" in _text(en.get("/accounts/password/reset/"))
