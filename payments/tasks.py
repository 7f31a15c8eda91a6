from celery import shared_task

from . import reconcile


@shared_task(name="payments.momo_reconcile_pending")
def momo_reconcile_pending_task() -> int:
    """Queries MoMo about payments left pending (no IPN came); applies final answers once."""
    return reconcile.momo_reconcile_pending()


@shared_task(name="payments.vnpay_reconcile_pending")
def vnpay_reconcile_pending_task() -> int:
    """Asks VNPay (querydr) about payments left pending; applies final answers once."""
    return reconcile.vnpay_reconcile_pending()
