from landinghub.exceptions import ApplicationError, Conflict


class ListingStateError(Conflict):
    default_code = "listing_state_conflict"


class InvalidImage(ApplicationError):
    default_code = "invalid_image"


class TooManyScreenshots(ApplicationError):
    default_code = "too_many_screenshots"
