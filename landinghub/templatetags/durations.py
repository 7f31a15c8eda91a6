"""``{{ seconds|duration }}`` → ``11 giây`` / ``2 phút 5 giây``; ``NONE`` when there is no value.

One way to show a duration, so the same number reads the same on every page (the support
rooms list and the admin dashboard both show the chat metrics with it)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()
NONE = "\u2013"  # an en dash: no value yet


@register.filter
def duration(value: object) -> str:
    if value is None or value == "":
        return NONE
    try:
        seconds = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return NONE
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}


@register.filter
def percent(value: object) -> str:
    """A rate from 0 to 1 as a whole percentage (``0.4`` → ``40%``); ``NONE`` if none."""
    if value is None or value == "":
        return NONE
    try:
        return f"{round(float(value) * 100)}%"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return NONE
