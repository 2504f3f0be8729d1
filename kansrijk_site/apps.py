from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KansrijkSiteConfig(AppConfig):
    name = "kansrijk_site"
    verbose_name = _("Kansrijk site")

    def ready(self):
        from . import two_factor  # noqa: F401  (decides at login whether a code is owed)
