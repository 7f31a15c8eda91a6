"""The branded 500 page speaks the visitor's language (it was English under lang="vi")."""

from django.test import RequestFactory
from django.utils import translation

from landinghub.api.errors import handler500


def test_the_500_page_is_vietnamese_for_a_vietnamese_visitor():
    with translation.override("vi"):
        response = handler500(RequestFactory().get("/pages/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in body
    assert "Đã xảy ra lỗi" in body and "Something went wrong" not in body


def test_the_500_page_is_english_for_an_english_visitor():
    with translation.override("en"):
        body = handler500(RequestFactory().get("/pages/")).content.decode()
    assert '<html lang="en">' in body and "Something went wrong" in body
