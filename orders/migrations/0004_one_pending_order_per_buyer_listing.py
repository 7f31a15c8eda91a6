from django.conf import settings
from django.db import migrations, models


def cancel_older_duplicates(apps, schema_editor):
    """Before the constraint: of several pending orders of one buyer for one listing, the
    newest stays payable and the others are cancelled (a payment still arriving for one of
    them is recorded and refunded or delivered by the payment code)."""
    Order = apps.get_model("orders", "Order")
    seen = set()
    pending = Order.objects.filter(status="pending").order_by("-created_at", "-pk")
    for order in pending.only("pk", "buyer_id", "marketplace_page_id"):
        key = (order.buyer_id, order.marketplace_page_id)
        if key in seen:
            Order.objects.filter(pk=order.pk).update(
                status="cancelled", cancel_reason="Replaced by a newer order."
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0006_verbose_names"),
        ("orders", "0003_verbose_names"),
        ("pages", "0003_page_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(cancel_older_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("buyer", "marketplace_page"),
                name="orders_one_pending_per_buyer_listing",
            ),
        ),
    ]
