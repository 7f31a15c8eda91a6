"""A cancelled order's reason is stored in English and shown in the reader's language: a buyer
reading Vietnamese sees why the payment did not go through in Vietnamese (the walk-through
found "The payment was cancelled." on a Vietnamese order page)."""

import pytest
from django.test import Client

from orders import services
from orders.tests.factories import pending_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown"),
    [("vi", "Thanh toán đã bị hủy."), ("en", "The payment was cancelled.")],
)
def test_the_cancel_reason_is_shown_in_the_readers_language(language, shown):
    order = pending_order()
    services.order_cancel(order_id=order.order_id, reason="The payment was cancelled.")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(order.buyer)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert f'data-testid="cancel-reason">{shown}</p>' in page


def test_every_stored_reason_has_a_vietnamese_translation():
    from django.utils import translation

    from payments.callbacks import _CANCEL_REASONS

    reasons = [*_CANCEL_REASONS.values(), services.REPLACED_REASON, services.REFUND_REASON,
               "You already own this template.", "Payment not received in time.",
               "Replaced by a newer order."]  # fmt: skip
    with translation.override("vi"):
        untranslated = [r for r in reasons if translation.gettext(r) == r]
    assert untranslated == []
