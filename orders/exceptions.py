from landinghub.exceptions import ApplicationError, Conflict


class OwnListing(ApplicationError):
    default_code = "own_listing"


class AlreadyOwned(Conflict):
    default_code = "already_owned"


class AmountMismatch(ApplicationError):
    default_code = "amount_mismatch"


class OrderNotPayable(Conflict):
    default_code = "order_not_payable"
