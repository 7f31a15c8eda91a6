from celery import shared_task

from . import reconcile


@shared_task(name="payments.momo_reconcile_pending")
def momo_reconcile_pending_task() -> int:
    """Queries MoMo about payments left pending (no IPN came); applies final answers once."""
    return reconcile.momo_reconcile_pending()
