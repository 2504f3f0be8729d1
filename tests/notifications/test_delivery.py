"""Delivery against the real services: PostgreSQL, Redis, a Celery worker process and an
SMTP server on loopback (aiosmtpd)."""

import datetime
import threading
import time

import pytest
from django.db import connection

from notifications import services
from notifications.models import DeliveryLog, Notification
from tests.real_services import Worker, free_port, redis_cli, start_redis, start_smtp

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("record_fault"),
]


@pytest.fixture
def milestone_due_tomorrow(active, secretary):
    """A milestone due tomorrow: its 1-day reminder is due today, to the owner (the school)."""
    from agreements import services as agreement_services
    from core.timeutils import local_today

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
    assert f"https://kansrijk.example.org/afspraken/{agreement_id}/" in message
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
        refused = DeliveryLog.objects.filter(
            outcome="retry", notification__key__startswith="reminder:"
        )
        while not refused.exists():  # the reminder itself was refused once
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
        assert client.get(f"/afspraken/{active.pk}/").status_code == 200
        assert api.get("/api/v1/agreements/").status_code == 200
        milestone = api.post(
            f"/afspraken/{active.pk}/mijlpalen/",
            {"title": "Tussenstand", "due_date": "2027-06-01"},
        )
        assert milestone.status_code == 302
        assert client.get("/health/").status_code == 503  # and health says so
    finally:
        start_redis()
    assert client.get("/health/").status_code == 200
