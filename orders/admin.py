from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "order_id",
        "buyer",
        "seller",
        "amount",
        "platform_fee",
        "status",
        "payment_method",
        "created_at",
    ]
    list_filter = ["status", "payment_method"]
    search_fields = ["order_id", "transaction_id", "buyer__email", "seller__email"]
    list_select_related = ["buyer", "seller"]
    readonly_fields = [f.name for f in Order._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
