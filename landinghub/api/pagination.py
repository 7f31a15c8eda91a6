"""The one way an API list is paginated: ``paginated_response`` (``?page=``, ``?page_size=``)
at run time and ``paginated`` for its OpenAPI shape."""

import json
from typing import Any, Protocol

from django.core.paginator import InvalidPage
from django.http import HttpResponse
from drf_spectacular.utils import inline_serializer
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (capped at 100, never an error for a huge value)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def paginated_response(
    request: Request,
    view: APIView,
    queryset: Any,
    serializer_class: type[serializers.BaseSerializer],
    *,
    context: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """One page of ``queryset`` as ``{count, next, previous, results}`` (plus the ``extra``
    keys), each item rendered by ``serializer_class``; a page past the end is a 404 envelope.
    Declare the same shape in the schema with ``paginated(serializer_class, extra=...)``."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    items = serializer_class(page, many=True, context=context or {}).data
    response = paginator.get_paginated_response(items)
    if extra:
        response.data.update(extra)
    return response


class JsonPages(Protocol):
    """An object list whose slices are JSON arrays already (text), and which can be told the
    slice the request asks for before it is counted (so both can come back together)."""

    def count(self) -> int: ...

    def expect(self, start: int, stop: int) -> None: ...

    def __getitem__(self, page: slice) -> str: ...


def paginated_json_response(request: Request, view: APIView, pages: JsonPages) -> HttpResponse:
    """``paginated_response``'s envelope and 404 around a page that is JSON already: the body is
    written as bytes, with no serializer and no renderer on the way."""
    paginator = PageNumberPagination()
    paginator.request = request
    size = paginator.get_page_size(request)
    number = request.query_params.get(paginator.page_query_param) or 1
    try:
        first = (int(number) - 1) * size
    except (TypeError, ValueError):
        first = 0
    pages.expect(max(first, 0), max(first, 0) + size)
    django_paginator = paginator.django_paginator_class(pages, size)
    number = paginator.get_page_number(request, django_paginator)
    try:
        paginator.page = django_paginator.page(number)
    except InvalidPage as exc:
        message = paginator.invalid_page_message.format(page_number=number, message=str(exc))
        raise NotFound(message) from exc
    head = json.dumps(
        {
            "count": django_paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    body = f'{head[:-1]},"results":{paginator.page.object_list}}}'
    return HttpResponse(body.encode(), content_type="application/json")


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
