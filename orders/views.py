"""Templated pages: the buyer's orders and the seller's sales (with revenue over time)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from landinghub.exceptions import ApplicationError

from . import selectors


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    orders = selectors.order_list_for_buyer(buyer=request.user)[:200]
    return render(request, "orders/my_orders.html", {"orders": orders})


@login_required
def my_sales(request: HttpRequest) -> HttpResponse:
    totals = selectors.sales_totals(seller=request.user)
    return render(
        request,
        "orders/my_sales.html",
        {
            "sales": selectors.order_list_for_seller(seller=request.user)[:200],
            "totals": totals,
            # For static/js/my-sales.js: the count shown and where to ask for a newer one.
            "live": {"count": totals["count"], "api": reverse("api:orders-seller")},
        },
    )


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        order = selectors.order_get_for_user(user=request.user, pk=pk)
    except ApplicationError as exc:
        raise Http404 from exc
    # For static/js/order.js: the status shown and where to ask for a newer one.
    live = {"id": order.pk, "status": order.status, "api": reverse("api:orders-detail", args=[pk])}
    return render(request, "orders/order_detail.html", {"order": order, "live": live})
