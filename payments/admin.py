from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from landinghub.exceptions import ApplicationError

from . import refunds
from .models import PaymentAttempt, PaymentCallback, Refund


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


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    """The queue of payments to give back. Staff refund in the gateway's merchant portal, then
    record it here with the portal's (or the bank's) reference: the action asks for one per
    selected refund."""

    list_display = [
        "created_at",
        "order",
        "gateway",
        "amount",
        "transaction_id",
        "reason",
        "status",
        "reference",
        "refunded_at",
    ]
    list_filter = ["status", "gateway", "reason"]
    search_fields = ["order__order_id", "transaction_id", "reference", "attempt__reference"]
    list_select_related = ["order"]
    actions = ["record_manual_refund"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Refund._meta.fields]

    # Every field is read-only: this action is the only write, for staff who may change refunds.
    @admin.action(description=gettext_lazy("Record a refund made by hand"), permissions=["change"])
    def record_manual_refund(self, request: HttpRequest, queryset) -> HttpResponse | None:
        due = list(queryset.filter(status=Refund.Status.DUE).select_related("order"))
        if not due:
            self.message_user(request, _("None of the selected refunds is due."), messages.WARNING)
            return None
        if request.POST.get("confirm") != "yes":
            return self._refund_form(request, due, errors={})
        errors, done = {}, 0
        for refund in due:
            try:
                refunds.refund_record_manual(
                    refund_id=refund.pk,
                    reference=request.POST.get(f"reference_{refund.pk}", ""),
                    note=request.POST.get(f"note_{refund.pk}", ""),
                    staff=request.user,
                )
                done += 1
            except ApplicationError as exc:
                errors[refund.pk] = exc.message
        if errors:
            return self._refund_form(request, [r for r in due if r.pk in errors], errors=errors)
        self.message_user(
            request,
            ngettext("Recorded %(n)d refund.", "Recorded %(n)d refunds.", done) % {"n": done},
            messages.SUCCESS,
        )
        return None

    def _refund_form(self, request: HttpRequest, due: list, *, errors: dict) -> HttpResponse:
        rows = [{"refund": r, "error": errors.get(r.pk, "")} for r in due]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a refund made by hand"),
            "rows": rows,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/payments/refund/record_refund.html",
            context,
            status=400 if errors else 200,
        )
