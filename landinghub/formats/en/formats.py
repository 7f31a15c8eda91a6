"""English date formats: one on every page and e-mail, ``{{ value|date:"SHORT_DATETIME_FORMAT" }}``
→ 4 Dec 2026, 17:01 (day first and the month spelled, so nobody reads 04/12 as April);
static/js/dashboard.js writes the same."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i"
