from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KansrijkSiteConfig(AppConfig):
    name = "kansrijk_site"
    verbose_name = _("Kansrijk site")
