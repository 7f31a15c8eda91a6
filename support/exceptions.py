from landinghub.exceptions import ApplicationError, Conflict, NotFound

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
ROOM_NOT_FOUND = "room_not_found"
ROOM_CLOSED = "room_closed"
INVALID_MESSAGE = "invalid_message"
INVALID_ADMIN = "invalid_admin"


class RoomNotFound(NotFound):
    default_code = ROOM_NOT_FOUND


class RoomClosed(Conflict):
    default_code = ROOM_CLOSED


class InvalidMessage(ApplicationError):
    default_code = INVALID_MESSAGE


class InvalidAdmin(ApplicationError):
    default_code = INVALID_ADMIN
