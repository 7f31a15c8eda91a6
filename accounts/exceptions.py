from landinghub.exceptions import ApplicationError


class AuthenticationError(ApplicationError):
    status_code = 401
    default_code = "authentication_failed"


class LockedOut(ApplicationError):
    status_code = 429
    default_code = "locked_out"


class EmailTaken(ApplicationError):
    default_code = "email_taken"
