"""The OpenAPI side of the one error envelope: every operation answers its 4xx with the
``ErrorEnvelope`` component, declared here once instead of in every view."""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERROR_RESPONSES = "4XX"


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Stable snake_case identifier to switch on (each app's exceptions.py)."
    )
    message = serializers.CharField(help_text="For people, in the request's language.")
    details = serializers.DictField(
        help_text="More about it: `fields` (the invalid fields' messages) for a "
        "validation_error, `retry_after` (seconds) when throttled."
    )


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorSerializer()


ERROR_RESPONSE = OpenApiResponse(
    response=ErrorEnvelopeSerializer,
    description="The error envelope (`landinghub.api.errors`); `error.code` says which.",
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with the error envelope as every operation's 4xx answer (an
    operation that declares a 4xx code itself keeps its own)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction == "response" and ERROR_RESPONSES not in responses:
            responses[ERROR_RESPONSES] = self._get_response_for_code(
                ERROR_RESPONSE, ERROR_RESPONSES, ["application/json"], direction
            )
        return responses
