"""The bot's fallback tells the user which button to press by the name the widget shows."""

import pytest
from django.utils import translation

from support import bot

from .factories import HelpArticleFactory

pytestmark = pytest.mark.django_db


def _button(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Talk to a human")


@pytest.mark.parametrize(
    "question, language",
    [("Làm sao để xuất bản trang?", "vi"), ("How do I publish?", "en")],
)
def test_the_fallback_names_the_talk_to_a_human_button_as_the_widget_does(question, language):
    HelpArticleFactory(title="Publishing", keywords="xuất bản publish")
    with_article = bot._fallback(question, bot.selectors.help_article_search(query=question))
    without = bot._fallback(question, [])
    assert f"“{_button(language)}”" in with_article.text
    assert f"“{_button(language)}”" in without.text
