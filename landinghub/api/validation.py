"""The one way an API view reads its input: ``validated`` (validate, or answer 400)."""

from typing import Any

from rest_framework import serializers


def validated(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> Any:
    """``data`` (a request body or query) checked by ``serializer_class``: its validated data,
    or a ``ValidationError``, which the exception handler turns into the 400
    ``validation_error`` envelope with ``details.fields``. ``kwargs`` go to the serializer
    (``partial=True``, ``context=...``)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
