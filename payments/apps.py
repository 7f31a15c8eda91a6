from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # orders' checkout endpoints start payments through this (orders.checkout).
        from orders.checkout import payment_starter_register
        from payments.services import payment_start

        payment_starter_register(payment_start)
