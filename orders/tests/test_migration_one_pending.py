"""Migration 0004: of several pending orders of one buyer for one listing (possible before it),
the newest stays payable and the others are cancelled, so the unique index can be built."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from orders.models import Order
from orders.tests.factories import pending_order

BEFORE = [("orders", "0003_verbose_names")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_older_duplicate_pending_orders_are_cancelled_before_the_constraint():
    latest_schema = MigrationExecutor(connection).loader.graph.leaf_nodes()
    first = pending_order(price=100_000)
    fields = {
        f.attname: getattr(first, f.attname)
        for f in Order._meta.concrete_fields
        if f.attname not in ("id", "order_id", "created_at", "updated_at")
    }
    try:
        _migrate(BEFORE)
        Order.objects.bulk_create([Order(**fields, order_id="LHNEWER00001")])
    finally:
        _migrate(latest_schema)
    first.refresh_from_db()
    newer = Order.objects.get(order_id="LHNEWER00001")
    assert (first.status, newer.status) == ("cancelled", "pending")
    assert first.cancel_reason == "Replaced by a newer order."
