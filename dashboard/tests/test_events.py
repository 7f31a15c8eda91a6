"""The writes that move a dashboard announce it after commit: publishing and sale (the lead is
covered in pages' and this package's socket tests)."""

import pytest

from marketplace.tests.factories import active_listing
from orders import services as order_services
from orders.tests.factories import pending_order
from pages.publishing.publish import page_version_publish
from pages.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "landinghub.realtime.events.group_send", lambda *args: calls.append(args) or True
    )
    return calls


def test_publish_updates_the_owners_and_the_admin_dashboard(
    sent, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    page = PageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert page_version_publish(page_id=page.pk).ok
    assert (
        f"user.{page.owner_id}",
        "dashboard:update",
        {"kind": "deploy", "page_id": page.pk},
    ) in sent
    assert ("admins", "dashboard:update", {"scope": "admin", "kind": "deploy"}) in sent


def test_sale_updates_the_sellers_and_the_admin_dashboard(sent, django_capture_on_commit_callbacks):
    order = pending_order(listing=active_listing(price=99_000))
    with django_capture_on_commit_callbacks(execute=True):
        order_services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T9")
    updates = [
        (group, data.get("kind")) for group, event, data in sent if event == "dashboard:update"
    ]
    assert (f"user.{order.seller_id}", "sale") in updates
    assert ("admins", "sale") in updates
