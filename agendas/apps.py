from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendasConfig(AppConfig):
    name = "agendas"
    verbose_name = _("Sector agendas")

    def ready(self):
        from atlas.views import register_signal_panel

        from . import attention, deadlines, workflow  # noqa: F401  (register what it declares)
        from .views import atlas_signal_panel

        register_signal_panel(atlas_signal_panel)
