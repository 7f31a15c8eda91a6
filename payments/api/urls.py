from landinghub.api.routes import api_path

from . import views

urlpatterns = [
    api_path("payment/momo/ipn", views.momo_ipn, "payment-momo-ipn"),
    api_path("payment/momo/return", views.momo_return, "payment-momo-return"),
    api_path("payment/vnpay/ipn", views.vnpay_ipn, "payment-vnpay-ipn"),
    api_path("payment/vnpay/callback", views.vnpay_return, "payment-vnpay-callback"),
]
