from landinghub.api.routes import api_path

from . import views

ID = r"(?P<pk>[0-9]+)"

urlpatterns = [
    api_path("orders", views.OrderCreateApi.as_view(), "orders-create"),
    api_path("orders/my", views.MyOrdersApi.as_view(), "orders-my"),
    api_path("orders/seller", views.SellerOrdersApi.as_view(), "orders-seller"),
    api_path(f"orders/{ID}", views.OrderDetailApi.as_view(), "orders-detail"),
    api_path(f"orders/{ID}/download", views.OrderDownloadApi.as_view(), "orders-download"),
    # The seed's aliases of POST /api/orders, the gateway in the path.
    api_path("payment/momo/create", views.MomoCreateApi.as_view(), "payment-momo-create"),
    api_path("payment/vnpay/create", views.VnpayCreateApi.as_view(), "payment-vnpay-create"),
]
