import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from orders import services

from .factories import pending_order

pytestmark = pytest.mark.django_db


def test_my_orders_lists_only_mine(client, user):
    mine = pending_order(user, title="Mine template")
    pending_order(title="Someone else's")
    client.force_login(user)
    response = client.get(reverse("orders:my"))
    assert mine.order_id.encode() in response.content
    assert b"Someone else" not in response.content


def test_order_page_of_someone_else_is_404(client):
    order = pending_order()
    client.force_login(UserFactory())
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 404


def test_sales_page_shows_totals_and_a_chart(client, user):
    listing = active_listing(user, price=100_000)
    order = pending_order(listing=listing)
    services.order_deliver(order_id=order.order_id, amount=100_000, transaction_id="T-S")
    client.force_login(user)
    response = client.get(reverse("orders:sales"))
    content = response.content.decode()
    assert 'id="revenue-chart"' in content
    assert "90.000\u00a0₫" in content  # revenue after the 10 % fee
    assert "chart.umd.min.js" in content


def test_sales_page_without_sales_says_what_to_do(client, user):
    client.force_login(user)
    response = client.get(reverse("orders:sales"))
    assert b"No sales yet" in response.content


@pytest.mark.parametrize("view", ["orders:my", "orders:detail"])
def test_open_my_copy_link_opens_the_copy_in_the_builder(client, user, view):
    order = pending_order(user)
    services.order_deliver(order_id=order.order_id, amount=order.amount, transaction_id="T-C")
    order.refresh_from_db()
    client.force_login(user)
    args = [order.pk] if view == "orders:detail" else []
    content = client.get(reverse(view, args=args)).content.decode()
    href = re.search(r'href="([^"]+)"[^>]*data-testid="open-copy"', content).group(1)
    assert href == reverse("pages:builder", args=[order.page_id])
    builder = client.get(href)
    assert builder.status_code == 200
    assert builder.context["page"].pk == order.page_id
