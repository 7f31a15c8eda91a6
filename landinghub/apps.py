from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class LandingHubConfig(AppConfig):
    name = "landinghub"
    verbose_name = "LandingHub"

    def ready(self) -> None:
        # django-axes names its app "Axes", unmarked: the admin shows what it is, translated.
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Login lockouts")
        # allauth's "Accounts" would sit next to ours under the same name: it holds the
        # verified e-mail addresses.
        if apps.is_installed("allauth.account"):
            apps.get_app_config("account").verbose_name = _("E-mail verification")
