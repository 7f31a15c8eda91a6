from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.my_orders, name="my"),
    path("sales/", views.my_sales, name="sales"),
    path("<int:pk>/", views.order_detail, name="detail"),
]
