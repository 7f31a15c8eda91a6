"""Group names. Groups are small on purpose: one per user, one for the staff."""

ADMINS_GROUP = "admins"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"
