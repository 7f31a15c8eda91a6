from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support"

    def ready(self) -> None:
        # Registers the chat:* socket actions with the site's consumer.
        from . import consumers  # noqa: F401
