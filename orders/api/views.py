from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from landinghub.api.pagination import paginated, paginated_response
from orders import selectors
from orders.exports import revision_zip

from .serializers import OrderOutputSerializer, SalesTotalsSerializer


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
