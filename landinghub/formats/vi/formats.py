"""Vietnamese number and date formats.

Dates: one format on every page and e-mail, ``{{ value|date:"SHORT_DATETIME_FORMAT" }}`` →
04/12/2026 17:01 (``SHORT_DATE_FORMAT`` → 04/12/2026); static/js/dashboard.js writes the same.

Numbers: Django's own ``vi`` formats set the separators but no grouping
(``NUMBER_GROUPING = 0``), so ``intcomma`` printed 199000. Vietnamese groups by thousands with a
dot: 199.000 ₫ (``FORMAT_MODULE_PATH`` in settings points here)."""

from django.conf.locale.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

DATE_FORMAT = SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "d/m/Y H:i"
