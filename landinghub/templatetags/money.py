"""``{{ amount|vnd }}`` → ``199.000 ₫``: VND the Vietnamese way in every language of the UI
(a dot between thousands, no decimals, the sign after a non-breaking space)."""

from django import template

register = template.Library()


@register.filter
def vnd(value: object) -> str:
    try:
        amount = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + "\u00a0₫"
