from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from pages.domains.reserved_hosts import reserved_host_register

        from .preview import PREVIEW_HOST_LABEL, preview_serve

        # Snapshot previews are user HTML: served on the cookie-less published origin.
        reserved_host_register(label=PREVIEW_HOST_LABEL, handler=preview_serve)
