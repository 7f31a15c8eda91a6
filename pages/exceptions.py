"""The pages app's errors and their codes."""

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
PAGE_NOT_FOUND = "page_not_found"
PAGE_EMPTY = "page_empty"
TOO_DEEP = "too_deep"
TEMPLATE_UNKNOWN = "template_unknown"
DOMAIN_MISSING = "domain_missing"
DOMAIN_INVALID = "domain_invalid"
DOMAIN_TAKEN = "domain_taken"
DOMAIN_UNVERIFIED = "domain_unverified"
FILE_TOO_LARGE = "file_too_large"
IMAGE_TIMEOUT = "image_timeout"
PLAN_LIMIT_REACHED = "plan_limit_reached"
