from django.db import migrations

from core.history import make_immutable


class Migration(migrations.Migration):
    dependencies = [
        ("agendas", "0002_agenda_agendarevision_historicalagenda_and_more"),
        ("django_fsm_log", "0005_description_null"),
    ]

    operations = [
        make_immutable(
            "django_fsm_log_statelog",
            "agendas_historicalagenda",
            "agendas_historicalagendarevision",
            "agendas_historicalpriority",
            "agendas_historicalpriority_qualifications",
            "agendas_historicalpriority_regions",
        )
    ]
