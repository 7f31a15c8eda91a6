from landinghub.exceptions import ApplicationError, Conflict

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
OWN_LISTING = "own_listing"
ALREADY_OWNED = "already_owned"
AMOUNT_MISMATCH = "amount_mismatch"
ORDER_NOT_PAYABLE = "order_not_payable"
ORDER_NOT_FOUND = "order_not_found"
PAYMENT_REPLAYED = "payment_replayed"


class OwnListing(ApplicationError):
    default_code = OWN_LISTING


class AlreadyOwned(Conflict):
    default_code = ALREADY_OWNED


class AmountMismatch(ApplicationError):
    default_code = AMOUNT_MISMATCH


class OrderNotPayable(Conflict):
    default_code = ORDER_NOT_PAYABLE
