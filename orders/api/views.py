"""Orders over REST: the buyer's and the seller's lists, one order, its download, and
``POST /api/orders`` (and the seed's ``POST /api/payment/<gateway>/create``), which create or
reuse the buyer's pending order and answer where to pay it (``orders.checkout``)."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from landinghub.api.pagination import paginated, paginated_response
from landinghub.api.validation import validated
from landinghub.client_ip import client_ip
from orders import selectors
from orders.checkout import order_checkout
from orders.exports import revision_zip
from orders.models import Order

from .serializers import (
    GatewayCreateInputSerializer,
    OrderOutputSerializer,
    OrderPaymentStartSerializer,
    PaymentStartInputSerializer,
    SalesTotalsSerializer,
)


class MyOrdersApi(APIView):
    @extend_schema(responses={200: paginated(OrderOutputSerializer)})
    def get(self, request: Request) -> Response:
        orders = selectors.order_list_for_buyer(buyer=request.user)
        return paginated_response(request, self, orders, OrderOutputSerializer)


class SellerOrdersApi(APIView):
    @extend_schema(
        responses={
            200: paginated(
                OrderOutputSerializer, name="SellerOrder", extra={"totals": SalesTotalsSerializer()}
            )
        }
    )
    def get(self, request: Request) -> Response:
        totals = selectors.sales_totals(seller=request.user)
        orders = selectors.order_list_for_seller(seller=request.user)
        return paginated_response(
            request, self, orders, OrderOutputSerializer, extra={"totals": totals}
        )


class OrderDetailApi(APIView):
    @extend_schema(responses={200: OrderOutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        order = selectors.order_get_for_user(user=request.user, pk=pk)
        return Response(OrderOutputSerializer(order).data)


class OrderDownloadApi(APIView):
    @extend_schema(responses={(200, "application/zip"): OpenApiResponse(description="ZIP file")})
    def get(self, request: Request, pk: int) -> HttpResponse:
        order = selectors.order_get_delivered_for_buyer(buyer=request.user, pk=pk)
        response = HttpResponse(
            revision_zip(revision=order.revision), content_type="application/zip"
        )
        response["Content-Disposition"] = f'attachment; filename="{order.order_id}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response


def _payment_start_response(request: Request, *, listing_id: int, gateway: str) -> Response:
    start = order_checkout(
        buyer=request.user,
        listing_id=listing_id,
        gateway=gateway,
        client_ip=client_ip(request) or "",
    )
    order = selectors.order_get_for_user(user=request.user, pk=start.order.pk)
    return Response(
        {"order": OrderOutputSerializer(order).data, "payment_url": start.payment_url},
        status=status.HTTP_201_CREATED if start.created else status.HTTP_200_OK,
    )


_PAYMENT_START = {201: OrderPaymentStartSerializer, 200: OrderPaymentStartSerializer}


class OrderCreateApi(APIView):
    @extend_schema(request=PaymentStartInputSerializer, responses=_PAYMENT_START)
    def post(self, request: Request) -> Response:
        """Creates (201) or reuses (200) the buyer's pending order and returns the URL to pay
        it at; ``payment_url`` is null for a free template, delivered at once."""
        data = validated(PaymentStartInputSerializer, request.data)
        return _payment_start_response(
            request, listing_id=data["marketplace_page_id"], gateway=data["payment_method"]
        )


class GatewayCreateApi(APIView):
    """The seed's ``POST /api/payment/<gateway>/create {listing_id}``: the same as
    ``POST /api/orders`` with the gateway in the path."""

    gateway: str = ""

    def post(self, request: Request) -> Response:
        data = validated(GatewayCreateInputSerializer, request.data)
        return _payment_start_response(request, listing_id=data["listing_id"], gateway=self.gateway)


def _gateway_create_schema(name: str):
    return extend_schema(
        request=GatewayCreateInputSerializer,
        responses=_PAYMENT_START,
        operation_id=f"payment_{name.lower()}_create",
        description=(
            f"Creates (201) or reuses (200) the buyer's pending order for the listing and "
            f"returns the {name} URL to pay it at, as `POST /api/orders` with "
            f"`payment_method` {name.lower()}; `payment_url` is null for a free template."
        ),
    )


@extend_schema_view(post=_gateway_create_schema("MoMo"))
class MomoCreateApi(GatewayCreateApi):
    gateway = Order.PaymentMethod.MOMO


@extend_schema_view(post=_gateway_create_schema("VNPay"))
class VnpayCreateApi(GatewayCreateApi):
    gateway = Order.PaymentMethod.VNPAY
