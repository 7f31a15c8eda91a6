from rest_framework import serializers

from payments.models import Gateway


class PaymentStartInputSerializer(serializers.Serializer):
    marketplace_page_id = serializers.IntegerField(min_value=1)
    payment_method = serializers.ChoiceField(choices=Gateway.choices)


class GatewayCreateInputSerializer(serializers.Serializer):
    listing_id = serializers.IntegerField(min_value=1)
