"""Fault injection against the real services (PostgreSQL, Redis, Celery worker processes, an
SMTP server on loopback, gunicorn):

1. a Celery worker killed (SIGKILL) in the middle of an SMTP delivery: the email is sent
   again, exactly once, whether the broker redelivers it (the pool child died, or the whole
   worker died and a new one starts) or the message is lost and the sweep relays it;
2. PostgreSQL restarted between two requests to a running site (persistent connections):
   the next page and API request succeed;
3. two users making conflicting transitions on the same agreement or dossier at the same
   moment: one wins, the other gets 409, and the history holds exactly the winner's rows.

Already covered elsewhere: Redis stopped during normal use (tests/notifications/
test_delivery.py, tests/site/test_health.py) and SMTP refusing for a while (test_delivery.py).
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django_fsm_log.models import StateLog
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from notifications import services as notification_services
from notifications.models import EmailStatus, Notification, NotificationKind
from notifications.tasks import relay_pending
from tests.real_services import (
    ROOT,
    Inbox,
    Worker,
    database_url,
    free_port,
    is_gone,
    pg_ctl,
    redis_cli,
    start_redis,
    start_smtp,
    wait_until,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("record_fault"),
]

# -- 1. a worker killed mid-delivery -----------------------------------------------------

LEASE = 6  # seconds a claim on an email lives (NOTIFICATION_SEND_LEASE_SECONDS)
VISIBILITY = 10  # seconds before Redis gives an unacknowledged message back (> LEASE + 1)
WORKER_ENV = {
    "NOTIFICATION_SEND_LEASE_SECONDS": str(LEASE),
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    # look for messages past the visibility timeout every second (instead of ~100 s)
    "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(
        {"unacked_restore_interval": 1, "unacked_restore_throttle": 1, "unacked_mutex_expire": 5}
    ),
}


@pytest.fixture
def recipient(make_user):
    return make_user(username="verweerder")


@pytest.fixture
def smtp():
    """An SMTP server that holds the first message in DATA and never accepts it."""
    redis_cli("flushdb")  # no broker messages left over from other tests
    port = free_port()
    controller, inbox = start_smtp(port, Inbox(hold_first=True))
    yield port, inbox
    inbox.release.set()
    controller.stop()


def _notify_and_hold(recipient, inbox, worker) -> Notification:
    """Write a notification (its email is relayed through Redis to ``worker``) and wait
    until the worker is inside the SMTP DATA command, its claim taken."""
    notification_services.notify(
        recipients=[recipient],
        kind=NotificationKind.ARBITRATION,
        key="fault:defence-deadline",
        title="Termijn voor het verweer verloopt vrijdag",
        url="/arbitrage/",
    )
    assert inbox.held.wait(60), worker.output()
    notification = Notification.objects.get(recipient=recipient)
    assert notification.email_status == EmailStatus.SENDING and notification.attempts == 1
    assert notification.email_claimed_at is not None
    return notification


def _broker_idle() -> bool:
    """Nothing queued and nothing taken but unacknowledged (ETA retries included)."""
    queued = int(redis_cli("llen", "celery").stdout or 0)
    unacked = int(redis_cli("hlen", "unacked").stdout or 0)
    return queued == 0 and unacked == 0


def _assert_sent_exactly_once(notification, recipient, inbox, worker):
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).email_status == EmailStatus.SENT,
        timeout=60,
        message=worker.output,
    )
    wait_until(_broker_idle, timeout=30, message=worker.output)
    assert relay_pending.delay().get(timeout=30) == 0  # the sweep finds nothing left to send
    assert len(inbox.messages) == 1, worker.output()
    assert f"To: {recipient.email}" in inbox.messages[0]
    sent = Notification.objects.get(pk=notification.pk)
    assert sent.email_status == EmailStatus.SENT and sent.emailed_at is not None
    assert sent.attempts == 2
    log = list(sent.deliveries.order_by("pk").values_list("attempt", "outcome"))
    assert log == [(1, "interrupted"), (2, "sent")]


def test_pool_child_killed_mid_delivery_the_message_comes_back_and_is_sent_once(
    tmp_path, not_eager, recipient, smtp
):
    """The process running the task dies (SIGKILL) while the SMTP server holds DATA. The
    worker loses it (reject_on_worker_lost) and the broker redelivers the task at once; the
    claim is still live, so the task waits for the lease and then takes it over.

    The window that remains: a kill after the SMTP server accepted the message but before
    it was marked sent. The claim then runs out and the message is sent a second time:
    delivery is at-least-once by choice (see notifications.services.send_notification_email);
    never claiming again would lose such an email for good."""
    port, inbox = smtp
    with Worker(tmp_path, port, pool="prefork", env=WORKER_ENV) as worker:
        notification = _notify_and_hold(recipient, inbox, worker)
        age = datetime.datetime.now(datetime.UTC) - notification.email_claimed_at
        assert age.total_seconds() < LEASE / 2, f"the claim is already {age} old"
        [child] = worker.pool_children()
        os.kill(child, signal.SIGKILL)
        wait_until(lambda: is_gone(child), timeout=30)
        inbox.release.set()  # the held DATA is answered 451 on a dead connection
        assert inbox.messages == []  # the first attempt was never accepted
        _assert_sent_exactly_once(notification, recipient, inbox, worker)
    log = worker.output()
    assert "signal 9" in log  # the pool child was lost ...
    assert "retry: Retry in" in log  # ... its task came back while the claim was live: waited


def test_worker_killed_mid_delivery_a_new_worker_sends_it_once(
    tmp_path, not_eager, recipient, smtp
):
    """The whole worker (main process and pool child) is SIGKILLed while the SMTP server
    holds DATA: nothing is acknowledged. A new worker gets the message back from Redis
    after the visibility timeout and takes over the claim, whose lease ran out."""
    port, inbox = smtp
    with Worker(tmp_path, port, pool="prefork", env=WORKER_ENV, name="first") as first:
        notification = _notify_and_hold(recipient, inbox, first)
        first.kill()
    inbox.release.set()
    assert inbox.messages == []
    assert redis_cli("hlen", "unacked").stdout.strip() == "1"  # taken, never acknowledged
    with Worker(tmp_path, port, pool="prefork", env=WORKER_ENV, name="second") as second:
        _assert_sent_exactly_once(notification, recipient, inbox, second)


def test_worker_killed_and_the_message_lost_the_sweep_sends_it_once(
    tmp_path, not_eager, recipient, smtp
):
    """The worker is SIGKILLed mid-delivery and Redis restarts without persistence, so the
    task message is gone. The sweep's relay picks the email up once its lease ran out."""
    port, inbox = smtp
    with Worker(tmp_path, port, pool="prefork", env=WORKER_ENV, name="first") as first:
        notification = _notify_and_hold(recipient, inbox, first)
        first.kill()
    inbox.release.set()
    redis_cli("shutdown", "nosave")
    start_redis()
    assert redis_cli("hlen", "unacked").stdout.strip() == "0"  # the broker forgot it
    with Worker(tmp_path, port, pool="prefork", env=WORKER_ENV, name="second") as second:
        # what the hourly sweep does: relay what is pending or abandoned
        wait_until(lambda: relay_pending.delay().get(timeout=30) == 1, timeout=30, interval=0.5)
        _assert_sent_exactly_once(notification, recipient, inbox, second)


@pytest.mark.django_db
def test_a_live_claim_is_left_alone_an_abandoned_one_is_taken_over(recipient, settings):
    """The lease rule itself, in-process: another worker's live claim is neither relayed
    nor sent; a claim older than the lease is relayed, taken over, logged and sent."""
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 300
    notification = Notification.objects.create(
        recipient=recipient, kind=NotificationKind.REMINDER, key="k", title="Herinnering"
    )
    now = datetime.datetime.now(datetime.UTC)
    claimed = Notification.objects.filter(pk=notification.pk)
    claimed.update(email_status=EmailStatus.SENDING, email_claimed_at=now, attempts=1)
    assert notification.pk not in notification_services.pending_ids()
    with pytest.raises(notification_services.LeaseHeld) as held:
        notification_services.send_notification_email(notification.pk)
    assert 295 < held.value.seconds <= 300
    assert mail.outbox == [] and claimed.get().attempts == 1

    claimed.update(email_claimed_at=now - datetime.timedelta(seconds=301))
    assert notification.pk in notification_services.pending_ids()
    assert notification_services.send_notification_email(notification.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1 and claimed.get().attempts == 2
    log = list(claimed.get().deliveries.order_by("pk").values_list("attempt", "outcome"))
    assert log == [(1, "interrupted"), (2, "sent")]


# -- 2. PostgreSQL restarted between two requests ----------------------------------------


SITE_APP = "kansrijk-faults-site"


class Site:
    """The site in gunicorn, as in production (one sync worker: one persistent database
    connection, CONN_MAX_AGE and CONN_HEALTH_CHECKS from the settings)."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kansrijk_site.settings.base",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "PGAPPNAME": SITE_APP,  # libpq: names its connections in pg_stat_activity
        }
        self.env.pop("CONN_MAX_AGE", None)  # the default: persistent connections
        self.log_path = tmp_path / "gunicorn.log"

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kansrijk_site.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "-"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until(
                lambda: self.get("/accounts/login/")[0] == 200, timeout=60, message=self.output
            )
        except BaseException:
            self.__exit__()  # no server left behind when it did not come up
            raise
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.log.close()

    def output(self):
        return self.log_path.read_text()

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:  # not listening yet
            return None, repr(error)


def _site_backends() -> list[int]:
    """The PostgreSQL backends serving the site's connections."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [SITE_APP])
        return sorted(row[0] for row in cursor.fetchall())


@pytest.fixture
def restartable_postgres():
    """After the test: PostgreSQL runs and this process holds no dead connection."""
    yield
    if pg_ctl("status").returncode != 0:
        pg_ctl("start", "-w", "-l", f"{os.environ['KANSRIJK_TEST_PGDATA']}/server.log")
    connection.close()
    connection.ensure_connection()


def _restart_postgres():
    restart = pg_ctl(
        "restart", "-m", "fast", "-w", "-t", "60",
        "-l", f"{os.environ['KANSRIJK_TEST_PGDATA']}/server.log",
    )  # fmt: skip
    assert restart.returncode == 0, restart.stdout + restart.stderr
    connection.close()  # this test's own connection died with the server as well


def test_postgres_restarted_between_two_requests(tmp_path, restartable_postgres, active, secretary):
    """The site keeps one persistent connection per process (CONN_MAX_AGE); PostgreSQL is
    restarted (``pg_ctl restart -m fast`` ends every connection), and the very next request,
    a page and then an API call, succeeds: CONN_HEALTH_CHECKS finds the dead connection at
    the start of the request and opens a new one.

    The site runs in gunicorn as in production: Django's test Client skips the request
    signals that run the health check, and the live_server closes its connections after
    every request, so neither would show what happens to a persistent connection."""
    token = Token.objects.create(user=secretary).key
    client = APIClient()
    client.force_login(secretary)  # a session in the database, used through the cookie
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    api = {"Authorization": f"Token {token}"}
    page, endpoint = f"/afspraken/{active.pk}/", f"/api/v1/agreements/{active.pk}/"
    with Site(tmp_path) as site:
        status, body = site.get(page, session)
        assert status == 200 and active.title in body, site.output()
        assert site.get(endpoint, api)[0] == 200
        [first] = _site_backends()
        assert site.get(page, session)[0] == 200
        assert _site_backends() == [first]  # one persistent connection, reused

        _restart_postgres()
        status, body = site.get(page, session)  # the next request: a page
        assert status == 200 and active.title in body, site.output()
        [second] = _site_backends()
        assert second != first  # a new connection replaced the dead one

        _restart_postgres()
        status, body = site.get(endpoint, api)  # the next request: the API
        assert status == 200 and json.loads(body)["state"] == "active", site.output()
        [third] = _site_backends()
        assert third not in (first, second)
        health = json.loads(site.get("/health/")[1])
        assert health["checks"]["database"]["ok"] is True
    assert " 500 " not in site.output()


# -- 3. conflicting transitions at the same moment ---------------------------------------


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@contextmanager
def _row_held(instance):
    """Hold a row lock on ``instance``'s row in a separate connection until the block ends,
    so that requests writing it queue up behind each other after having read it."""
    db = connection.settings_dict
    gate = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"],
        password=db["PASSWORD"] or None,
    )  # fmt: skip
    try:
        table = instance._meta.db_table
        gate.execute(f'SELECT 1 FROM "{table}" WHERE id = %s FOR UPDATE', [instance.pk])
        yield
    finally:
        gate.commit()
        gate.close()


def race(row, *requests):
    """Send ``requests`` ((name, user, url, data), ...) from one thread each. Both read
    the object before either writes: each request runs until it waits for the lock on
    ``row``; they queue in the order given, then the lock is let go. (A barrier alone does
    not guarantee that: one request may finish before the other reads.) Returns
    {name: (status, body)}."""
    results = {}

    def post(name, user, url, data):
        try:
            client = APIClient()
            client.force_authenticate(user)
            response = client.post(url, data, format="json")
            results[name] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = []
    try:
        with _row_held(row):
            for waiting, request in enumerate(requests, start=1):
                thread = threading.Thread(target=post, args=request, daemon=True)
                thread.start()
                threads.append(thread)

                def queued(thread=thread, waiting=waiting, name=request[0]):
                    assert thread.is_alive(), f"{name} did not wait for the lock: {results}"
                    return _lock_waiters() >= waiting

                wait_until(queued, timeout=30, interval=0.05)
    finally:
        for thread in threads:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _transitions(instance) -> list[tuple[str, int]]:
    return list(StateLog.objects.for_(instance).order_by("pk").values_list("transition", "by_id"))


@pytest.fixture
def last_acceptance(proposed, school_rep):
    """A proposal that one of its two responsible parties already accepted."""
    from agreements import services

    return services.accept_agreement(actor=school_rep, agreement=proposed)


@pytest.mark.parametrize("first", ["accept", "cancel"])
def test_last_acceptance_and_cancel_at_the_same_moment(
    first, last_acceptance, branch, branch_rep, secretary
):
    """The last responsible party accepts (proposed -> active) while the secretary cancels
    (proposed -> cancelled): one wins, the other gets 409, the history holds the winner's
    rows only."""
    from agreements.models import Acceptance, Agreement, AgreementParty

    agreement = last_acceptance
    url = f"/api/v1/agreements/{agreement.pk}/"
    logs = _transitions(agreement)
    history = agreement.history.count()
    party_history = AgreementParty.history.filter(agreement_id=agreement.pk).count()
    notifications = set(Notification.objects.values_list("pk", flat=True))
    requests = {
        "accept": ("accept", branch_rep, url + "accept/", {}),
        "cancel": ("cancel", secretary, url + "cancel/", {"comment": "Vervalt"}),
    }
    second = "cancel" if first == "accept" else "accept"
    results = race(agreement, requests[first], requests[second])

    state = {"accept": "active", "cancel": "cancelled"}[first]
    assert results[first][0] == 200 and results[first][1]["state"] == state
    assert results[second][0] == 409, results
    assert results[second][1]["code"] == "invalid_state"
    assert results[second][1]["current_state"] == state
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.state == state
    winner = {"accept": ("activate", branch_rep.pk), "cancel": ("cancel", secretary.pk)}[first]
    assert _transitions(agreement) == [*logs, winner]
    assert agreement.history.count() == history + 1
    assert agreement.history.first().history_user_id == winner[1]
    party = agreement.parties.get(organisation=branch)
    accepted = first == "accept"
    assert (party.acceptance == Acceptance.ACCEPTED) is accepted
    assert AgreementParty.history.filter(agreement_id=agreement.pk).count() == (
        party_history + accepted
    )
    new = Notification.objects.exclude(pk__in=notifications)
    if accepted:
        assert new.exists() and all(":activated:" in n.key for n in new)
    else:
        assert not new.exists()  # a cancellation tells nobody; the lost accept told nobody
        assert agreement.closing_note == "Vervalt"


def test_the_last_two_parties_accept_at_the_same_moment(proposed, school_rep, branch_rep):
    """Both remaining responsible parties accept at once: both acceptances are kept and
    exactly one of them activates the agreement (none is lost, none activates twice)."""
    from agreements.models import Acceptance, Agreement, AgreementParty

    url = f"/api/v1/agreements/{proposed.pk}/accept/"
    logs = _transitions(proposed)
    party_history = AgreementParty.history.filter(agreement_id=proposed.pk).count()
    # the acceptances read and lock the party rows: hold one of them
    results = race(
        proposed.parties.order_by("pk").first(),
        ("school", school_rep, url, {}),
        ("branch", branch_rep, url, {}),
    )
    assert [results["school"][0], results["branch"][0]] == [200, 200], results
    agreement = Agreement.objects.get(pk=proposed.pk)
    assert agreement.state == "active"
    assert _transitions(agreement) == [*logs, ("activate", branch_rep.pk)]
    responsible = agreement.parties.filter(role="responsible")
    assert set(responsible.values_list("acceptance", flat=True)) == {Acceptance.ACCEPTED}
    assert AgreementParty.history.filter(agreement_id=proposed.pk).count() == party_history + 2


@pytest.fixture
def clerks(make_user):
    from regions.models import Role

    return [make_user(Role.ARBITRATION_SECRETARIAT, username=f"griffie{i}") for i in (1, 2)]


@pytest.fixture
def filed_dossier(active, school, branch, school_rep, tgo):
    from arbitration import services
    from arbitration.models import ArbitrationAgreement

    for organisation in (school, branch):
        ArbitrationAgreement.objects.create(
            organisation=organisation, signed_on=datetime.date(2025, 6, 1),
            signatory="Directeur", sectorkamer=tgo,
        )  # fmt: skip
    dossier = services.create_dossier(
        actor=school_rep, claimants=[school], respondents=[branch], kind="performance",
        claim="Techniek Nederland levert de toegezegde leerbanen niet.", agreements=[active],
    )  # fmt: skip
    return services.file_dossier(actor=school_rep, dossier=dossier)


@pytest.mark.parametrize("first", ["admit", "reject"])
def test_admit_and_declare_inadmissible_at_the_same_moment(first, filed_dossier, clerks, active):
    """Two secretariat members decide on admissibility at once: one decision wins, the other
    gets 409; only the winner's effects exist (an admission disputes the agreement)."""
    from agreements.models import Agreement
    from arbitration.models import DeadlineKind, Dossier

    dossier = filed_dossier
    url = f"/api/v1/arbitration/dossiers/{dossier.pk}/"
    logs, agreement_logs = _transitions(dossier), _transitions(active)
    history = dossier.history.count()
    notifications = set(Notification.objects.values_list("pk", flat=True))
    requests = {
        "admit": ("admit", clerks[0], url + "admit/", {"comment": "Ontvankelijk"}),
        "reject": ("reject", clerks[1], url + "reject/", {"comment": "Niet-ontvankelijk"}),
    }
    second = "reject" if first == "admit" else "admit"
    results = race(dossier, requests[first], requests[second])

    state = {"admit": "admitted", "reject": "inadmissible"}[first]
    assert results[first][0] == 200 and results[first][1]["state"] == state
    assert results[second][0] == 409 and results[second][1]["current_state"] == state, results
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.state == state
    by = requests[first][1].pk
    assert _transitions(dossier) == [*logs, (first, by)]
    assert dossier.history.count() == history + 1
    assert dossier.history.first().history_user_id == by
    assert dossier.deadlines.get(kind=DeadlineKind.ADMISSIBILITY).met_at is not None
    agreement = Agreement.objects.get(pk=active.pk)
    if first == "admit":
        assert agreement.state == "disputed"
        assert _transitions(agreement) == [*agreement_logs, ("dispute", by)]
    else:
        assert agreement.state == "active" and _transitions(agreement) == agreement_logs
    new = Notification.objects.exclude(pk__in=notifications)
    assert new.exists() and all(f":{state}:" in n.key for n in new)
