"""The domain error every app raises; the API turns it into the one error envelope."""

from typing import Any


class ApplicationError(Exception):
    """A business rule said no. ``code`` is a stable snake_case identifier clients may switch on."""

    status_code = 400
    default_code = "application_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        if status is not None:
            self.status_code = status
        self.details = details or {}


class NotFound(ApplicationError):
    status_code = 404
    default_code = "not_found"


class Conflict(ApplicationError):
    status_code = 409
    default_code = "conflict"
