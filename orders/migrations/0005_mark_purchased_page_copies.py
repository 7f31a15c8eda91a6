"""Pages made by an order's delivery are bought copies: mark them so they cannot be resold."""

from django.db import migrations


def mark(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Page = apps.get_model("pages", "Page")
    copies = Order.objects.exclude(page=None).values("page_id")
    Page.objects.filter(pk__in=copies).update(origin="purchase")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_one_pending_order_per_buyer_listing"),
        ("pages", "0005_page_origin"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
