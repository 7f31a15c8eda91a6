from django.apps import AppConfig


class LandingHubConfig(AppConfig):
    name = "landinghub"
    verbose_name = "LandingHub"
