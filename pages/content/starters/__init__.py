"""Starter templates a new page can begin from: HTML + CSS files beside this module.

Each starter is ordinary builder content (sanitised like any save) that the editor imports as
components; ``base.css`` is shared, ``<key>.css`` sets the starter's own look. ``<key>.html``
is the Vietnamese content, ``<key>.en.html`` the same page in English.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landinghub.exceptions import ApplicationError
from pages.exceptions import TEMPLATE_UNKNOWN

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Starter:
    key: str
    name: Promise  # lazy: shown in the language of the request
    description: Promise
    accent: str


STARTERS = [
    Starter(
        "product-launch",
        gettext_lazy("Product launch"),
        gettext_lazy("Launch a product with a pre-order offer."),
        "#5b4bdb",
    ),
    Starter(
        "event",
        gettext_lazy("Event"),
        gettext_lazy("A conference: schedule and sign-up."),
        "#e8590c",
    ),
    Starter(
        "app-download",
        gettext_lazy("App download"),
        gettext_lazy("Get the app: a download link by SMS."),
        "#0ca678",
    ),
    Starter(
        "consulting",
        gettext_lazy("Consulting"),
        gettext_lazy("Business consulting: book a session."),
        "#1c7ed6",
    ),
    Starter(
        "restaurant",
        gettext_lazy("Restaurant"),
        gettext_lazy("A restaurant: menu and table booking."),
        "#c2255c",
    ),
]
BY_KEY = {s.key: s for s in STARTERS}


def starter_content(key: str, language: str = "vi") -> dict[str, str]:
    """``html_content``/``css_content`` of a starter in ``language`` (Vietnamese unless English
    content exists); 400 for an unknown key."""
    if key not in BY_KEY:
        keys = ", ".join(BY_KEY)
        raise ApplicationError(
            _("Unknown template."),
            code=TEMPLATE_UNKNOWN,
            details={"fields": {"template": [_("Choose one of: %(keys)s.") % {"keys": keys}]}},
        )
    translated = HERE / f"{key}.{language}.html"
    html = (translated if translated.exists() else HERE / f"{key}.html").read_text(encoding="utf-8")
    css = (HERE / "base.css").read_text(encoding="utf-8") + (HERE / f"{key}.css").read_text(
        encoding="utf-8"
    )
    return {"html_content": html, "css_content": css}
