"""E-mails of a payment seen from the gateway's side: a duplicate IPN sends one receipt, a
failed or cancelled payment none (the e-mails themselves: ``orders/tests/test_emails.py``)."""

import pytest

from orders.models import Order
from orders.tasks import order_emails_send_task
from payments.simulator import SimulatedResult

from .helpers import get_vnpay, momo_ipn, post_momo, start, vnpay_query

pytestmark = pytest.mark.django_db


def _to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def test_duplicate_ipn_through_the_endpoint_sends_one_receipt(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    order, attempt = start("momo")
    body = momo_ipn(attempt)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_momo(client, body).status_code == 204
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert len(_to(mailoutbox, order.buyer.email)) == 1
    assert len(_to(mailoutbox, order.seller.email)) == 1


@pytest.mark.parametrize("result", [SimulatedResult.FAILED, SimulatedResult.CANCELLED])
def test_nothing_is_sent_for_a_failed_or_cancelled_payment(
    client, mailoutbox, django_capture_on_commit_callbacks, result
):
    order, attempt = start("momo")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_momo(client, momo_ipn(attempt, result=result)).status_code == 204
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order_emails_send_task(order.pk) == []  # even if a task ran for it
    assert mailoutbox == []


def test_duplicate_vnpay_ipn_sends_one_receipt(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    order, attempt = start("vnpay")
    query = vnpay_query(attempt)
    codes = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            codes.append(get_vnpay(client, query).json()["RspCode"])
    assert codes == ["00", "02"]
    assert len(_to(mailoutbox, order.buyer.email)) == 1
    assert len(_to(mailoutbox, order.seller.email)) == 1
