"""Delivery in batches over one SMTP connection (a real SMTP server on loopback, aiosmtpd),
with the guarantees of the one-message delivery: claimed, logged, retried, never twice."""

import datetime

import pytest
from django.utils import timezone

from notifications import services, tasks
from notifications.models import DeliveryLog, EmailStatus, Notification, NotificationKind
from notifications.tasks import RELAY_BATCH, relay_pending
from tests.real_services import Inbox, free_port, start_smtp

pytestmark = pytest.mark.django_db


class CountingInbox(Inbox):
    """Keeps each accepted message with the client's address (one port per connection) and
    refuses, once, the message to ``refuse_once``."""

    def __init__(self, refuse_once=None):
        super().__init__()
        self.peers = []
        self.refuse_once = refuse_once

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        if self.refuse_once and self.refuse_once in envelope.rcpt_tos:
            self.refuse_once = None
            return "451 4.3.0 Try again later"
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_server(settings):
    def start(inbox):
        port = free_port()
        controller, _ = start_smtp(port, inbox)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = 10
        started.append(controller)
        return inbox

    started = []
    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def pending(make_user):
    def make(count):
        return [
            Notification.objects.create(
                recipient=make_user(),
                kind=NotificationKind.REMINDER,
                key=f"k{n}",
                title=f"Herinnering {n}",
                url="/",
            ).pk
            for n in range(count)
        ]

    return make


def outcomes(pk):
    return list(
        DeliveryLog.objects.filter(notification_id=pk)
        .order_by("pk")
        .values_list("attempt", "outcome")
    )


def test_a_batch_goes_over_one_connection_each_message_marked_and_logged(smtp_server, pending):
    inbox = smtp_server(CountingInbox())
    ids = pending(5)
    batch = services.send_notification_emails(ids)
    assert batch.sent == ids and batch.failed == {} and batch.held == {}
    assert len(inbox.messages) == 5
    assert len(set(inbox.peers)) == 1  # one connection for the five
    assert set(Notification.objects.values_list("email_status", "attempts")) == {("sent", 1)}
    assert all(outcomes(pk) == [(1, "sent")] for pk in ids)
    assert services.send_notification_emails(ids).sent == ids  # already sent: not again
    assert len(inbox.messages) == 5


def test_queries_per_batch_are_fixed_plus_two_per_message(pending, django_assert_num_queries):
    """Claimed with two UPDATEs and read back with one SELECT, loaded with one query; each
    message then costs its 'sent' UPDATE and its log INSERT."""
    ids = pending(4)
    with django_assert_num_queries(4 + 2 * 4):
        services.send_notification_emails(ids)


def test_a_refused_message_is_put_back_and_the_rest_go_on_over_a_new_connection(
    smtp_server, pending
):
    ids = pending(4)
    refused = Notification.objects.select_related("recipient").get(pk=ids[1])
    inbox = smtp_server(CountingInbox(refuse_once=refused.recipient.email))
    batch = services.send_notification_emails(ids)
    assert batch.failed == {ids[1]: 1}
    assert batch.sent == [ids[0], ids[2], ids[3]]
    refused.refresh_from_db()
    assert (refused.email_status, refused.attempts) == (EmailStatus.PENDING, 1)
    assert outcomes(refused.pk) == [(1, "retry")]
    assert len(set(inbox.peers)) == 2  # the connection was opened again after the refusal
    # its retry, alone, is sent on the second attempt
    assert services.send_notification_email(refused.pk) == EmailStatus.SENT
    assert outcomes(refused.pk) == [(1, "retry"), (2, "sent")]
    assert len(inbox.messages) == 4


def test_a_live_claim_is_held_an_abandoned_one_taken_over(pending, settings, mailoutbox):
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 300
    live, abandoned, fresh = pending(3)
    now = timezone.now()
    Notification.objects.filter(pk=live).update(
        email_status=EmailStatus.SENDING, email_claimed_at=now, attempts=1
    )
    Notification.objects.filter(pk=abandoned).update(
        email_status=EmailStatus.SENDING,
        email_claimed_at=now - datetime.timedelta(seconds=301),
        attempts=1,
    )
    batch = services.send_notification_emails([live, abandoned, fresh])
    assert list(batch.held) == [live] and 295 < batch.held[live] <= 300
    assert batch.sent == [abandoned, fresh]
    assert Notification.objects.get(pk=live).attempts == 1  # left alone
    assert outcomes(live) == []
    assert outcomes(abandoned) == [(1, "interrupted"), (2, "sent")]
    assert outcomes(fresh) == [(1, "sent")]
    assert len(mailoutbox) == 2


def test_past_half_the_lease_the_unused_claims_are_given_back(pending, settings, mailoutbox):
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 0  # half the lease has passed at once
    ids = pending(3)
    batch = services.send_notification_emails(ids)
    assert batch.released == ids and batch.sent == []
    assert set(Notification.objects.values_list("email_status", "attempts")) == {("pending", 0)}
    assert mailoutbox == []
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 600
    assert services.send_notification_emails(ids).sent == ids


def test_the_relay_sends_in_batches_of_fifty_one_connection_each(smtp_server, pending):
    inbox = smtp_server(CountingInbox())
    ids = pending(RELAY_BATCH * 2 + 3)
    assert relay_pending.delay().get() == len(ids)  # eager: the batches run in-process
    assert len(inbox.messages) == len(ids)
    assert len(set(inbox.peers)) == 3
    assert Notification.objects.exclude(email_status=EmailStatus.SENT).count() == 0


def test_the_relay_queues_a_backlog_larger_than_a_page(smtp_server, pending, monkeypatch):
    """Every pending email is queued by one relay, however many pages of ids it takes."""
    inbox = smtp_server(CountingInbox())
    monkeypatch.setattr(tasks, "RELAY_PAGE", 40)
    ids = pending(RELAY_BATCH * 2 + 3)  # three pages of 40, the last one short
    assert relay_pending.delay().get() == len(ids)
    assert len(inbox.messages) == len(ids)
    assert Notification.objects.exclude(email_status=EmailStatus.SENT).count() == 0
