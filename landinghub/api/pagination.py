from drf_spectacular.utils import inline_serializer
from rest_framework import pagination, serializers


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (capped at 100, never an error for a huge value)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def paginated(serializer_class, *, name: str = "", extra: dict | None = None):
    """The OpenAPI shape of a paginated list of ``serializer_class`` items.

    drf-spectacular wraps list responses in the pagination envelope only for generic list
    views; the project's views are plain ``APIView``s, so they declare it with this.
    """
    name = name or serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
            **(extra or {}),
        },
    )
