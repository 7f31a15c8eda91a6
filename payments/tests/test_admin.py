import pytest

from payments.models import PaymentCallback

from .helpers import momo_ipn, post_momo, start

pytestmark = pytest.mark.django_db


def test_callbacks_are_read_only_and_searchable_in_the_admin(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    order, attempt = start("momo")
    post_momo(client, momo_ipn(attempt))
    client.force_login(admin_user)
    listing = client.get(
        "/admin/payments/paymentcallback/", {"q": order.order_id, "gateway": "momo"}
    )
    assert listing.status_code == 200 and attempt.reference.encode() in listing.content
    record = PaymentCallback.objects.get()
    detail = client.get(f"/admin/payments/paymentcallback/{record.pk}/change/")
    assert detail.status_code == 200 and b'name="_save"' not in detail.content
    assert client.post(f"/admin/payments/paymentcallback/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/payments/paymentcallback/add/").status_code == 403
    assert client.get("/admin/payments/paymentattempt/", {"q": order.order_id}).status_code == 200
