"""Celery tasks (thin: they call the services)."""

from celery import shared_task
from django.conf import settings

from . import services
from .models import Channel, EmailStatus


@shared_task(bind=True)
def record_worker_heartbeat(self) -> dict:
    heartbeat = services.record_worker_heartbeat(hostname=self.request.hostname or "eager")
    return {"id": heartbeat.pk, "hostname": heartbeat.hostname, "at": heartbeat.beat_at.isoformat()}


@shared_task
def send_reminders() -> dict:
    """The periodic sweep; it also relays anything still pending (e.g. after a broker outage)."""
    result = services.sweep()
    relay_pending.delay()
    return result


RELAY_BATCH = 50  # emails per delivery task: sent over one SMTP connection
RELAY_PAGE = 500  # ids read per query while relaying


@shared_task
def relay_pending() -> int:
    """Queue everything still to send, a page of ids at a time, in batches of RELAY_BATCH.
    A backlog (a broker outage, a sweep that wrote thousands) goes out in one relay."""
    queued, after = 0, 0
    while ids := services.pending_ids(limit=RELAY_PAGE, after=after):
        for start in range(0, len(ids), RELAY_BATCH):
            send_notification_emails.delay(ids[start : start + RELAY_BATCH])
        queued += len(ids)
        after = ids[-1]
    return queued


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS)
def send_notification_emails(self, notification_ids: list[int]) -> int:
    """A batch over one SMTP connection. A failed message goes on alone with its backoff;
    messages held by another worker's live claim are looked at again when it runs out."""
    batch = services.send_notification_emails(notification_ids)
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS
    for notification_id, attempts in batch.failed.items():
        send_notification_email.apply_async(
            (notification_id,), countdown=base * 2 ** (attempts - 1)
        )
    if batch.released:
        send_notification_emails.delay(batch.released)
    if batch.held and not self.request.is_eager:  # no broker to wait on: the sweep relays
        raise self.retry(args=(sorted(batch.held),), countdown=max(batch.held.values()) + 1)
    return len(batch.sent)


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS)
def send_notification_email(self, notification_id: int) -> str:
    try:
        return services.send_notification_email(notification_id)
    except services.LeaseHeld as held:
        # Redelivered while another claim is live (e.g. the worker process running it was
        # killed and the broker gave the message back at once): look again when the lease
        # runs out; by then it was sent, or its claim was abandoned and is taken over.
        if self.request.is_eager:
            return EmailStatus.SENDING  # no broker to wait on; the sweep relays it
        raise self.retry(countdown=held.seconds + 1) from held
    except services.DeliveryFailed as failure:
        # exponential backoff: base, 2 x base, 4 x base, ... (base 30 s in production)
        base = settings.NOTIFICATION_RETRY_BASE_SECONDS
        raise self.retry(countdown=base * 2 ** (failure.attempts - 1)) from failure


@shared_task
def send_daily_digests() -> int:
    return services.send_digests(channel=Channel.DAILY)


@shared_task
def send_weekly_digests() -> int:
    return services.send_digests(channel=Channel.WEEKLY)
