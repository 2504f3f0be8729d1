from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from agendas.selectors import register_period_check, register_priority_annotator

        from . import attention, deadlines, retention, workflow  # noqa: F401  (register them)
        from .agenda_links import agreements_running_past, annotate_agenda_priorities

        register_priority_annotator(annotate_agenda_priorities)
        register_period_check(agreements_running_past)

        from django.db.models.signals import post_save

        from regions.models import RegionalTable

        from .services import follow_table_sectorkamer

        post_save.connect(follow_table_sectorkamer, sender=RegionalTable, dispatch_uid="agreements")
