"""The offline bot answers from the article in the question's language, and knows how to
export a page as a ZIP (issue 11, item 12)."""

import pytest

from support import bot, selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("How do I export my page as a ZIP?", "export-page-zip"),
        ("Can I download my page as a zip file?", "export-page-zip"),
        ("Làm sao để tải trang về dạng ZIP?", "tai-trang-zip"),
        ("How do I publish my page?", "publish-a-page"),
        ("Làm thế nào để xuất bản trang?", "xuat-ban-trang"),
        ("How do I pay with MoMo?", "pay-with-momo-vnpay"),
        ("Thanh toán bằng VNPay thế nào?", "thanh-toan-momo-vnpay"),
    ],
)
def test_the_bot_answers_from_the_article_in_the_questions_language(question, slug):
    answer = bot.compose_answer(history=[], question=question)
    article = selectors.help_article_search(
        query=question, language="vi" if bot._is_vietnamese(question) else "en"
    )[0]
    assert article.slug == slug
    assert answer.source == "articles" and answer.text.startswith(article.title)


def test_an_english_question_gets_no_vietnamese_article_when_an_english_one_matches():
    found = selectors.help_article_search(query="export zip", language="en")
    assert found and {a.language for a in found} == {"en"}


def test_without_an_article_in_its_language_the_search_falls_back_to_any():
    found = selectors.help_article_search(query="momo", language="fr")
    assert found
