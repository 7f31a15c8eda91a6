from celery import shared_task

from . import services


@shared_task(name="orders.order_expire_unpaid")
def order_expire_unpaid_task() -> int:
    """Cancels orders left unpaid past ORDER_PAYMENT_TIMEOUT_MINUTES. Idempotent."""
    return services.order_expire_unpaid()
