from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbitrationConfig(AppConfig):
    name = "arbitration"
    verbose_name = _("Arbitration")

    def ready(self):
        from agreements.events import conflict_escalated

        from . import attention, deadlines, retention, workflow  # noqa: F401  (register them)
        from .services import on_conflict_escalated

        conflict_escalated.connect(on_conflict_escalated, dispatch_uid="arbitration-escalation")
