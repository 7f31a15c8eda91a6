from landinghub.exceptions import ApplicationError, Conflict

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
LISTING_STATE_CONFLICT = "listing_state_conflict"
INVALID_IMAGE = "invalid_image"
TOO_MANY_SCREENSHOTS = "too_many_screenshots"
IMAGE_TOO_LARGE = "image_too_large"
PURCHASED_COPY = "purchased_copy"
PAGE_MISSING = "page_missing"
ALREADY_SUBMITTED = "already_submitted"
REVISION_CHANGED = "revision_changed"


class ListingStateError(Conflict):
    default_code = LISTING_STATE_CONFLICT


class InvalidImage(ApplicationError):
    default_code = INVALID_IMAGE


class TooManyScreenshots(ApplicationError):
    default_code = TOO_MANY_SCREENSHOTS
