from celery import shared_task

from . import callbacks


@shared_task(name="payments.momo_reconcile_pending")
def momo_reconcile_pending_task() -> int:
    """Queries MoMo about payments left pending (no IPN came); applies final answers once."""
    return callbacks.momo_reconcile_pending()
