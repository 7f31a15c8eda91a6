"""Messages the frameworks write (Django REST framework's validation, Simple JWT, Django's
admin) reach a Vietnamese user in Vietnamese: their own catalogues lack them, ours has them
(``landinghub/framework_strings.py``)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi-VN,vi;q=0.9"}


def test_an_api_validation_error_is_vietnamese(auth_client):
    response = auth_client.post("/api/pages", {"title": "x" * 201}, format="json", **VI)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Trường này không được dài quá 200 ký tự." in body
    assert "Ensure this field" not in body


def test_an_unauthenticated_api_call_is_answered_in_vietnamese():
    response = APIClient().get("/api/pages", **VI)
    assert response.status_code == 401
    assert "Bạn chưa đăng nhập" in response.content.decode()


def test_a_bad_token_is_answered_in_vietnamese():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    body = client.get("/api/pages", **VI).content.decode()
    assert "Mã đăng nhập không hợp lệ" in body


def test_the_admin_chrome_is_vietnamese(admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client = Client(headers={"accept-language": "vi"})
    client.force_login(admin_user)
    page = client.get("/admin/support/chatroom/").content.decode()
    assert "Chuyển đến nội dung chính" in page and "Skip to main content" not in page
    assert "Đổi giao diện (hiện tại: tự động)" in page
