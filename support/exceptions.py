from landinghub.exceptions import ApplicationError, Conflict, NotFound


class RoomNotFound(NotFound):
    default_code = "room_not_found"


class RoomClosed(Conflict):
    default_code = "room_closed"


class InvalidMessage(ApplicationError):
    default_code = "invalid_message"


class InvalidAdmin(ApplicationError):
    default_code = "invalid_admin"
