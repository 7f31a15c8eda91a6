"""Vietnamese and English: the compiled catalogue is current, vi browsers get Vietnamese,
the language switcher works, and VND reads the Vietnamese way."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def _translations() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("vi_translations", LOCALE / "vi_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.VI


def test_committed_mo_has_every_translation():
    """Fails when vi_translations.py or the .po changed without ``python locale/fill_po.py``."""
    with translation.override("vi"):
        for msgid, msgstr in _translations().items():
            if "%(n)s" in msgid or "%(limit)d" in msgid:
                continue  # plural entries, checked below
            assert translation.gettext(msgid) == msgstr, msgid
        assert translation.ngettext("%(n)s published page", "%(n)s published pages", 3) == (
            "%(n)s trang được xuất bản"
        )


def test_vietnamese_browsers_get_vietnamese_and_others_english(client):
    vi = client.get("/", headers={"accept-language": "vi-VN,vi;q=0.9"}).content.decode()
    assert '<html lang="vi">' in vi and "Bảng giá đơn giản" in vi
    en = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="en">' in en and "Simple pricing" in en


def test_language_switcher_sets_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert response.status_code == 302
    assert "Bảng giá đơn giản" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "value, shown",
    [(199000, "199.000\u00a0₫"), (0, "0\u00a0₫"), (1234567, "1.234.567\u00a0₫"), ("x", "")],
)
def test_vnd_filter_formats_the_vietnamese_way_in_any_language(value, shown):
    template = Template("{% load money %}{{ value|vnd }}")
    with translation.override("en"):
        assert template.render(Context({"value": value})) == shown


def test_intcomma_groups_thousands_with_a_dot_in_vietnamese():
    template = Template("{% load humanize %}{{ value|intcomma }}")
    with translation.override("vi"):
        assert template.render(Context({"value": 199000})) == "199.000"
