"""The domain error every app raises; the API turns it into the one error envelope."""

from typing import Any

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
APPLICATION_ERROR = "application_error"
NOT_FOUND = "not_found"
CONFLICT = "conflict"
VALIDATION_ERROR = "validation_error"
BAD_REQUEST = "bad_request"
PAYLOAD_TOO_LARGE = "payload_too_large"
PERMISSION_DENIED = "permission_denied"
SERVER_ERROR = "server_error"
CSRF_FAILED = "csrf_failed"
THROTTLED = "throttled"
NOT_AUTHENTICATED = "not_authenticated"
# The socket's ``error`` events (landinghub.realtime.consumers).
INVALID_FRAME = "invalid_frame"
FRAME_TOO_LARGE = "frame_too_large"
FRAME_TOO_DEEP = "frame_too_deep"
INVALID_JSON = "invalid_json"
UNKNOWN_ACTION = "unknown_action"
INVALID_SCOPE = "invalid_scope"
FORBIDDEN = "forbidden"
CREDENTIALS_REVOKED = "credentials_revoked"


class ApplicationError(Exception):
    """A business rule said no. ``code`` is a stable snake_case identifier clients may switch on."""

    status_code = 400
    default_code = APPLICATION_ERROR

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
    default_code = NOT_FOUND


class Conflict(ApplicationError):
    status_code = 409
    default_code = CONFLICT
