"""Row counts of the main tables (printed as JSON), to show what a factor holds."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402

TABLES = [
    "regions.Organisation", "regions.User", "regions.RoleAssignment", "atlas.Qualification",
    "atlas.Enrolment", "atlas.IndicatorValue", "atlas.Signal",
    "agendas.AgendaRevision", "agendas.Priority", "agreements.Agreement",
    "agreements.ProgressReport", "agreements.StartStopNotice", "arbitration.Dossier",
    "arbitration.Document", "notifications.Notification",
]  # fmt: skip

if __name__ == "__main__":
    counts = {}
    with connection.cursor() as cursor:
        for label in TABLES:
            cursor.execute(f"SELECT count(*) FROM {apps.get_model(label)._meta.db_table}")
            counts[label] = cursor.fetchone()[0]
    print(json.dumps(counts))
