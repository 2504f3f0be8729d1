from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KansrijkSiteConfig(AppConfig):
    name = "kansrijk_site"
    verbose_name = _("Kansrijk site")

    def ready(self):
        from . import retention, two_factor  # noqa: F401  (register, and decide at login)
