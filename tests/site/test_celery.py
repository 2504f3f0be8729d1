"""Celery: the configuration, the beat schedule from code, and a real worker end to end."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kansrijk_site.celery import app
from notifications.models import WorkerHeartbeat
from notifications.tasks import record_worker_heartbeat

ROOT = Path(__file__).resolve().parents[2]


def test_celery_configuration():
    conf = app.conf
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.timezone == "Europe/Amsterdam"
    assert "notifications.tasks.record_worker_heartbeat" in app.tasks


# The database scheduler closes stale connections itself: run outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_beat_schedule_is_defined_in_code_and_synced_to_the_database():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    scheduler = DatabaseScheduler(app=app, lazy=True)
    scheduler.setup_schedule()
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= names
    heartbeat = PeriodicTask.objects.get(name="worker-heartbeat")
    assert heartbeat.task == "notifications.tasks.record_worker_heartbeat"
    assert heartbeat.interval.every == 300


@pytest.mark.django_db
def test_eager_task_runs_in_process():
    outcome = record_worker_heartbeat.delay().get()
    assert WorkerHeartbeat.objects.get().pk == outcome["id"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_end_to_end(tmp_path, client, settings):
    """A Celery worker process on the test Redis writes to the test PostgreSQL database."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansrijk_site.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kansrijk_site", "worker", "--pool=solo",
         "--hostname=test-worker@%h", "--without-mingle", "--without-gossip", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = record_worker_heartbeat.delay()
        outcome = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = eager
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    assert outcome["hostname"].startswith("test-worker@"), (tmp_path / "worker.log").read_text()
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.pk == outcome["id"] and heartbeat.hostname == outcome["hostname"]
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in production: /health/ checks the worker
    health = client.get("/health/")
    assert health.status_code == 200, health.json()
    assert health.json()["checks"]["worker"]["last_heartbeat"] == heartbeat.beat_at.isoformat()
