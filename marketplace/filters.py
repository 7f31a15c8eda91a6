"""The listing filters a visitor sets (search, category, tag, price, sort), parsed the same way
for the marketplace page and ``GET /api/marketplace``."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from marketplace.models import PRICE_MAX_VND
from marketplace.selectors import SORTS


class ListingFilterSerializer(serializers.Serializer):
    search = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    category = serializers.SlugField(max_length=80, required=False, default="", allow_blank=True)
    tag = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    min_price = serializers.IntegerField(min_value=0, max_value=PRICE_MAX_VND, required=False)
    max_price = serializers.IntegerField(min_value=0, max_value=PRICE_MAX_VND, required=False)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="newest")

    def validate(self, attrs: dict) -> dict:
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"max_price": [_("The maximum price must be at least the minimum price.")]}
            )
        return attrs
