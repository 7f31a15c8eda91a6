from django.apps import AppConfig


class LandingHubConfig(AppConfig):
    name = "landinghub"
    verbose_name = "LandingHub"

    def ready(self) -> None:
        from landinghub.dashboard.cache import connect_invalidation

        connect_invalidation()
