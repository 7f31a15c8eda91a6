"""One date format on every page and e-mail: Django's named formats, set per language in
landinghub/formats (issue 11, item 12)."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

WHEN = datetime(2026, 12, 4, 10, 1, tzinfo=ZoneInfo("UTC"))  # 17:01 in Hồ Chí Minh City
ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    ("language", "datetime_shown", "date_shown"),
    [("vi", "04/12/2026 17:01", "04/12/2026"), ("en", "4 Dec 2026, 17:01", "4 Dec 2026")],
)
def test_the_named_formats_read_the_same_everywhere(language, datetime_shown, date_shown):
    template = Template('{{ d|date:"SHORT_DATETIME_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"d": WHEN})) == f"{datetime_shown}|{date_shown}"
        assert Template('{{ d|date:"DATETIME_FORMAT" }}').render(Context({"d": WHEN})) == (
            datetime_shown
        )


def test_templates_use_only_the_named_date_formats():
    templates = [
        path
        for path in ROOT.glob("**/templates/**/*.*")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert templates
    literal = re.compile(r'\|date:"(?!(SHORT_)?DATE(TIME)?_FORMAT")')
    offenders = [str(p.relative_to(ROOT)) for p in templates if literal.search(p.read_text())]
    assert offenders == []
