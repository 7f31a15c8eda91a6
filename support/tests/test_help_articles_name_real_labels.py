"""The seeded help articles name buttons and pages as the site shows them (issue 11): every
label an article quotes (“…”) is one the templates render, in the article's language. An
article that sent people to a “Tải xuống” button in “Đơn hàng của tôi” (neither exists)
fails here."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from support.models import HelpArticle

pytestmark = pytest.mark.django_db

TEMPLATES = "\n".join(
    path.read_text(encoding="utf-8")
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def _rendered_msgids() -> set[str]:
    """The English labels the templates translate, and the statuses they show (choices)."""
    labels = set(re.findall(r"""{% (?:translate|trans) ["']([^"']+)["']""", TEMPLATES))
    with translation.override("en"):
        for model in apps.get_models():
            for field in model._meta.fields:
                labels |= {str(label) for _, label in field.choices or []}
    return labels


def _quoted(body: str) -> list[str]:
    return [q.strip() for q in re.findall(r"“([^”]+)”", body)]


def test_every_label_an_english_article_quotes_is_one_the_site_shows():
    shown = _rendered_msgids()
    articles = HelpArticle.objects.filter(language="en")
    assert articles.count() >= 5
    for article in articles:
        quoted = _quoted(article.body)
        assert quoted, f"{article.slug} names no button"
        assert set(quoted) <= shown, (article.slug, set(quoted) - shown)


def test_every_label_a_vietnamese_article_quotes_is_one_the_site_shows():
    with translation.override("vi"):
        shown = {translation.gettext(msgid) for msgid in _rendered_msgids()}
    articles = HelpArticle.objects.filter(language="vi")
    assert articles.count() >= 5
    for article in articles:
        quoted = _quoted(article.body)
        assert quoted, f"{article.slug} names no button"
        assert set(quoted) <= shown, (article.slug, set(quoted) - shown)
