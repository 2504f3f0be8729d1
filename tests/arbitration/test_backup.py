"""make backup and make restore: every row and every history entry comes back."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django_fsm_log.models import StateLog

from arbitration.models import Dossier

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TABLES = [
    "regions_organisation",
    "regions_roleassignment",
    "agendas_agendarevision",
    "agendas_historicalpriority",
    "django_fsm_log_statelog",
    "agreements_agreement",
    "agreements_historicalagreement",
    "arbitration_dossier",
    "arbitration_award",
    "notifications_notification",
]


def counts(cursor):
    result = {}
    for table in TABLES:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - fixed names
        result[table] = cursor.fetchone()[0]
    return result


def test_backup_and_restore_round_trip(tmp_path, heard, arbiters):
    from arbitration import services

    services.issue_award(
        actor=arbiters[0].user,
        dossier=heard,
        decision="granted",
        reasoning="Gegrond",
        agreement_effect="active",
    )
    with connection.cursor() as cursor:
        before = counts(cursor)
        cursor.execute("CREATE DATABASE kansrijk_restore_check")
    db = connection.settings_dict
    base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}"
    dump = tmp_path / "kansrijk.dump"
    env = {**os.environ}
    pg_bin = os.environ.get("KANSRIJK_TEST_PG_BIN", "")
    if pg_bin:
        env["PATH"] = f"{pg_bin}:{env['PATH']}"
    try:
        backup = subprocess.run(
            ["make", "backup", f"BACKUP={dump}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**env, "DATABASE_URL": f"{base}/{db['NAME']}"},
            timeout=120,
        )
        assert backup.returncode == 0, backup.stdout + backup.stderr
        restore = subprocess.run(
            ["make", "restore", f"BACKUP={dump}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**env, "DATABASE_URL": f"{base}/kansrijk_restore_check"},
            timeout=120,
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        import psycopg

        with (
            psycopg.connect(f"{base}/kansrijk_restore_check") as restored,
            restored.cursor() as cursor,
        ):
            after = counts(cursor)
            cursor.execute("SELECT reference, state FROM arbitration_dossier")
            assert cursor.fetchall() == [(heard.reference, "award_issued")]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS kansrijk_restore_check")
    assert after == before
    assert all(before[t] > 0 for t in TABLES), before
    assert StateLog.objects.count() and Dossier.objects.count() == 1
    from tests.reliability import record

    record(
        "backup",
        "make backup, then make restore into a fresh database",
        tables_compared=len(TABLES),
        rows_found_back=sum(after.values()),
        rows_missing=sum(before.values()) - sum(after.values()),
    )
