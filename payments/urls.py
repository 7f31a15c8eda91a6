from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("checkout/<int:pk>/", views.checkout, name="checkout"),
    path("simulator/momo/", views.simulator_momo, name="simulator-momo"),
    path("simulator/vnpay/", views.simulator_vnpay, name="simulator-vnpay"),
]
