from rest_framework import serializers

from orders.models import Order


class OrderOutputSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="revision.title")
    listing_id = serializers.IntegerField(source="marketplace_page_id")
    page_id = serializers.IntegerField(allow_null=True)
    buyer = serializers.CharField(source="buyer.name")
    seller = serializers.CharField(source="seller.name")

    class Meta:
        model = Order
        fields = [
            "id",
            "order_id",
            "title",
            "listing_id",
            "page_id",
            "buyer",
            "seller",
            "amount",
            "platform_fee",
            "seller_revenue",
            "status",
            "payment_method",
            "transaction_id",
            "delivered_at",
            "created_at",
        ]


class SalesDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    revenue = serializers.IntegerField()
    count = serializers.IntegerField()


class SalesTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    gross = serializers.IntegerField()
    revenue = serializers.IntegerField()
    by_day = SalesDaySerializer(many=True)


# The gateways a buyer picks from (a free listing needs none).
GATEWAY_CHOICES = [
    (value, label)
    for value, label in Order.PaymentMethod.choices
    if value != Order.PaymentMethod.FREE
]


class PaymentStartInputSerializer(serializers.Serializer):
    marketplace_page_id = serializers.IntegerField(min_value=1)
    payment_method = serializers.ChoiceField(choices=GATEWAY_CHOICES)


class GatewayCreateInputSerializer(serializers.Serializer):
    listing_id = serializers.IntegerField(min_value=1)


class OrderPaymentStartSerializer(serializers.Serializer):
    order = OrderOutputSerializer()
    payment_url = serializers.CharField(allow_null=True)
