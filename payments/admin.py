from django.contrib import admin

from .models import PaymentAttempt, PaymentCallback


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is written by the payment code only."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ["reference", "order", "gateway", "amount", "status", "created_at"]
    list_filter = ["gateway", "status"]
    search_fields = ["reference", "order__order_id", "request_id", "transaction_id"]
    list_select_related = ["order"]


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "gateway",
        "kind",
        "reference",
        "signature_valid",
        "result",
        "outcome",
        "reply",
        "order",
    ]
    list_filter = ["gateway", "kind", "result", "signature_valid"]
    search_fields = ["reference", "order__order_id", "transaction_id"]
    list_select_related = ["order"]
