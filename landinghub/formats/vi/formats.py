"""Vietnamese number format: Django's own ``vi`` formats set the separators but no grouping
(``NUMBER_GROUPING = 0``), so ``intcomma`` printed 199000. Vietnamese groups by thousands with a
dot: 199.000 ₫ (``FORMAT_MODULE_PATH`` in settings points here)."""

from django.conf.locale.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
