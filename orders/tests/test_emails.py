"""The receipt to the buyer and the sale notice to the seller of a delivered order: sent after
commit through a Celery task, exactly once whatever retries or duplicate IPNs do, never for an
order that was not delivered, and a mail failure never undoes the delivery."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from accounts.tests.factories import UserFactory
from landinghub.tests.mail_backends import FAILING, FailingEmailBackend
from marketplace.tests.factories import active_listing
from orders import services
from orders.models import Order
from orders.tasks import order_emails_send_task, order_emails_sweep_task

from .factories import pending_order

pytestmark = pytest.mark.django_db


def _deliver(order, committed, transaction_id="T1"):
    with committed(execute=True):
        return services.order_deliver(
            order_id=order.order_id, amount=order.amount, transaction_id=transaction_id
        )


def _to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def _html(message) -> str:
    (body, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return body


def test_delivery_sends_the_buyer_a_receipt_and_the_seller_a_sale_notice(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://landinghub.vn"
    settings.MARKETPLACE_PLATFORM_FEE_PERCENT = 10
    buyer = UserFactory(name="Chị Lan")
    order = pending_order(buyer=buyer, price=1_490_000, title="Bánh mì landing")
    delivered = _deliver(order, django_capture_on_commit_callbacks)

    (receipt,) = _to(mailoutbox, buyer.email)
    assert order.order_id in receipt.subject
    for shown in (order.order_id, "Bánh mì landing", "1.490.000\u00a0₫"):
        assert shown in receipt.body and shown in _html(receipt)
    assert f"https://landinghub.vn/orders/{order.pk}/" in receipt.body
    assert f"https://landinghub.vn/pages/{delivered.page_id}/edit" in receipt.body
    assert "134.100" not in receipt.body  # the seller's revenue is not the buyer's business

    (sale,) = _to(mailoutbox, order.seller.email)
    assert "Bánh mì landing" in sale.subject
    for shown in ("1.490.000\u00a0₫", "149.000\u00a0₫", "1.341.000\u00a0₫", "Chị Lan"):
        assert shown in sale.body and shown in _html(sale)
    assert "https://landinghub.vn/orders/sales/" in sale.body
    assert buyer.email not in sale.body and buyer.email not in _html(sale)
    assert len(mailoutbox) == 2


def test_duplicate_ipn_and_a_rerun_task_send_no_second_receipt(
    mailoutbox, django_capture_on_commit_callbacks
):
    order = pending_order(price=99_000)
    _deliver(order, django_capture_on_commit_callbacks)
    _deliver(order, django_capture_on_commit_callbacks)  # the gateway's duplicate IPN
    assert order_emails_send_task.delay(order.pk).get() == []  # a redelivered task message
    assert order_emails_send_task(order.pk) == []
    assert len(_to(mailoutbox, order.buyer.email)) == 1
    assert len(_to(mailoutbox, order.seller.email)) == 1


def test_nothing_is_sent_for_a_pending_order(mailoutbox):
    order = pending_order()
    assert order_emails_send_task(order.pk) == []
    assert mailoutbox == []


def test_a_free_listing_delivered_at_once_gets_a_receipt_of_zero(
    mailoutbox, django_capture_on_commit_callbacks
):
    buyer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        order, _ = services.order_create(
            buyer=buyer, listing_id=active_listing(price=0).pk, payment_method="momo"
        )
    assert order.status == Order.Status.DELIVERED
    (receipt,) = _to(mailoutbox, buyer.email)
    assert "0\u00a0₫" in receipt.body and order.order_id in receipt.body


def test_a_failing_mail_server_leaves_the_order_delivered_and_retries(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    FailingEmailBackend.attempts = 0
    order = pending_order(price=99_000)
    delivered = _deliver(order, django_capture_on_commit_callbacks)
    assert delivered.status == Order.Status.DELIVERED
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED and order.page_id is not None
    # Both e-mails were tried and their claims released, so the retry can still send them.
    assert FailingEmailBackend.attempts == 2
    assert order.receipt_emailed_at is None and order.sale_emailed_at is None
    with pytest.raises(Retry):  # a worker retries, with backoff, a bounded number of times
        order_emails_send_task.apply(args=[order.pk])
    assert 0 < order_emails_send_task.max_retries <= 10


def test_a_receipt_sent_before_a_failure_is_not_sent_again(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    order = pending_order(price=99_000)
    _deliver(order, django_capture_on_commit_callbacks)
    Order.objects.filter(pk=order.pk).update(sale_emailed_at=None)  # as if the notice failed
    mailoutbox.clear()
    assert order_emails_send_task(order.pk) == ["orders/sale"]
    assert [m.to for m in mailoutbox] == [[order.seller.email]]


def test_user_content_is_escaped_in_the_html_part(mailoutbox, django_capture_on_commit_callbacks):
    buyer = UserFactory(name='<img src=x onerror="alert(1)">')
    order = pending_order(buyer=buyer, title="<script>alert(1)</script> & Co")
    _deliver(order, django_capture_on_commit_callbacks)
    for message in mailoutbox:
        html = _html(message)
        assert "<script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    (sale,) = _to(mailoutbox, order.seller.email)
    assert "<script>alert(1)</script> & Co" in sale.subject  # plain text stays as typed


def test_another_users_order_never_appears_in_an_e_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    mine = pending_order(price=99_000, title="Mẫu của tôi")
    theirs = pending_order(price=55_000, title="Mẫu của người khác")
    _deliver(mine, django_capture_on_commit_callbacks, transaction_id="A")
    for message in mailoutbox:
        text = message.body + _html(message)
        assert theirs.order_id not in text and "người khác" not in text
    assert {tuple(m.to) for m in mailoutbox} == {(mine.buyer.email,), (mine.seller.email,)}


def test_the_receipt_is_in_vietnamese_by_default(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "vi"
    order = pending_order(price=99_000)
    _deliver(order, django_capture_on_commit_callbacks)
    (receipt,) = _to(mailoutbox, order.buyer.email)
    assert "Biên nhận" in receipt.subject and "99.000\u00a0₫" in receipt.body


def test_the_sweep_sends_what_the_task_could_not(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING  # SMTP down at delivery time, past the task's retries
    order = pending_order(price=99_000)
    _deliver(order, django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert order_emails_sweep_task() == 0  # the task's own retries come first
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(minutes=11))
    assert order_emails_sweep_task() == 1
    assert {m.to[0] for m in mailoutbox} == {order.buyer.email, order.seller.email}
    assert order_emails_sweep_task() == 0  # nothing missing any more
    old = pending_order(price=99_000)
    _deliver(old, django_capture_on_commit_callbacks, transaction_id="OLD")
    Order.objects.filter(pk=old.pk).update(
        delivered_at=timezone.now() - timedelta(days=2), receipt_emailed_at=None
    )
    assert order_emails_sweep_task() == 0  # too late to be useful
    assert "orders.order_emails_sweep" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
