"""Delivery against the real services: PostgreSQL, Redis, a Celery worker process and an
SMTP server on loopback (aiosmtpd)."""

import datetime
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from kansrijk_site.celery import app
from notifications import services
from notifications.models import DeliveryLog, Notification

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"

    def wait_for(self, count, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.2)
        return self.messages


def start_smtp(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


class Worker:
    """A real Celery worker process on the test Redis and the test database."""

    def __init__(self, tmp_path, smtp_port):
        db = connection.settings_dict
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "kansrijk_site.settings.base",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": "https://kansrijk.example.org",
            "NOTIFICATION_RETRY_BASE_SECONDS": "1",
        }
        self.log_path = tmp_path / "worker.log"
        self.process = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kansrijk_site",
                "worker",
                "--pool=solo",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def output(self):
        return self.log_path.read_text()


@pytest.fixture
def not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def milestone_due_tomorrow(active, secretary):
    """A milestone due tomorrow: its 1-day reminder is due today, to the owner (the school)."""
    from agreements import services as agreement_services
    from kansrijk_site.timeutils import local_today

    return agreement_services.add_milestone(
        actor=secretary,
        agreement=active,
        title="Werving rond",
        due_date=local_today() + datetime.timedelta(days=1),
    )


def test_sweep_worker_and_smtp_deliver_exactly_once(
    tmp_path, not_eager, milestone_due_tomorrow, school_rep
):
    from notifications.tasks import send_reminders

    port = free_port()
    controller, inbox = start_smtp(port)
    reminder = Notification.objects.filter(key__startswith="reminder:")
    try:
        with Worker(tmp_path, port) as worker:
            send_reminders.delay().get(timeout=60)  # what beat runs every hour
            expected = Notification.objects.exclude(email_status__in=["off", "no_address"])
            inbox.wait_for(expected.count())
            send_reminders.delay().get(timeout=60)  # a second sweep: nothing new
            time.sleep(3)
    finally:
        controller.stop()
    assert reminder.count() == 1, worker.output()
    # every notification (the reminder and the agreement's events) arrived exactly once
    assert len(inbox.messages) == Notification.objects.filter(email_status="sent").count()
    assert len(inbox.messages) == expected.count()
    [message] = [m for m in inbox.messages if "Werving rond" in m]
    assert f"To: {school_rep.email}" in message
    assert "Werving rond" in message
    agreement_id = milestone_due_tomorrow.agreement_id
    assert f"https://kansrijk.example.org/agreements/{agreement_id}/" in message
    assert reminder.get().recipient == school_rep and reminder.get().email_status == "sent"
    assert set(DeliveryLog.objects.values_list("outcome", flat=True)) == {"sent"}


def test_smtp_down_then_up_is_delivered_once_after_retries(
    tmp_path, not_eager, milestone_due_tomorrow, school_rep
):
    from notifications.tasks import send_reminders

    port = free_port()  # nothing listens yet
    with Worker(tmp_path, port) as worker:
        send_reminders.delay().get(timeout=60)
        deadline = time.monotonic() + 30
        while not DeliveryLog.objects.filter(outcome="retry").exists():
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.3)
        controller, inbox = start_smtp(port)
        try:
            expected = Notification.objects.exclude(email_status__in=["off", "no_address"])
            inbox.wait_for(expected.count(), timeout=90)
            time.sleep(2)
        finally:
            controller.stop()
    reminder = Notification.objects.get(key__startswith="reminder:")
    assert sum("Werving rond" in m for m in inbox.messages) == 1, worker.output()
    assert len(inbox.messages) == expected.count()  # each exactly once
    outcomes = list(reminder.deliveries.order_by("at", "pk").values_list("outcome", flat=True))
    assert outcomes[0] == "retry" and outcomes[-1] == "sent" and outcomes.count("sent") == 1
    assert reminder.attempts >= 2


def redis_cli(*args):
    port = os.environ["KANSRIJK_TEST_REDIS_PORT"]
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", port, *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def start_redis():
    port = os.environ["KANSRIJK_TEST_REDIS_PORT"]
    workdir = os.environ["KANSRIJK_TEST_WORKDIR"]
    subprocess.run(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            workdir,
            "--pidfile",
            f"{workdir}/redis.pid",
            "--logfile",
            f"{workdir}/redis.log",
        ],
        check=True,
        timeout=10,
    )
    for _ in range(50):
        if redis_cli("ping").stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not come back")


def test_redis_down_during_a_transition_loses_nothing(
    tmp_path, not_eager, with_parties, secretary, school_rep, branch_rep
):
    from agreements import services as agreement_services
    from agreements.models import Agreement
    from notifications.tasks import relay_pending

    redis_cli("shutdown", "nosave")
    try:
        assert redis_cli("ping").returncode != 0
        # The change succeeds although the broker is down; its events wait in the outbox.
        agreement_services.propose_agreement(actor=secretary, agreement=with_parties)
        assert Agreement.objects.get(pk=with_parties.pk).state == "proposed"
        waiting = Notification.objects.filter(recipient__in=[school_rep, branch_rep])
        assert waiting.count() == 2 and set(waiting.values_list("email_status", flat=True)) == {
            "pending"
        }
    finally:
        start_redis()
    port = free_port()
    controller, inbox = start_smtp(port)
    try:
        with Worker(tmp_path, port) as worker:
            relay_pending.delay()  # what the next sweep does
            messages = inbox.wait_for(2)
            time.sleep(2)
            assert len(messages) == 2, worker.output()
    finally:
        controller.stop()
    assert sorted(m.split("To: ")[1].split("\n")[0].strip() for m in inbox.messages) == sorted(
        [school_rep.email, branch_rep.email]
    )


def test_two_concurrent_sweeps_write_each_reminder_once(milestone_due_tomorrow, school_rep):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(services.sweep()["created"])
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reminders = Notification.objects.filter(key__startswith="reminder:")
    assert reminders.count() == 1 and reminders.get().recipient == school_rep
    assert sum(results) == 1


def test_pages_and_api_keep_working_while_redis_is_down(client, not_eager, active, secretary):
    from rest_framework.test import APIClient

    client.force_login(secretary)
    api = APIClient()
    api.force_login(secretary)
    redis_cli("shutdown", "nosave")
    try:
        assert client.get("/").status_code == 200
        assert client.get(f"/agreements/{active.pk}/").status_code == 200
        assert api.get("/api/v1/agreements/").status_code == 200
        milestone = api.post(
            f"/agreements/{active.pk}/milestones/",
            {"title": "Tussenstand", "due_date": "2027-06-01"},
        )
        assert milestone.status_code == 302
        assert client.get("/health/").status_code == 503  # and health says so
    finally:
        start_redis()
    assert client.get("/health/").status_code == 200
