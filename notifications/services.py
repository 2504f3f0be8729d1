"""Writing notifications (exactly once, in the caller's transaction), delivering email
(claimed under a lease, retried, logged; at least once and normally exactly once), digests,
preferences, calendar tokens, the yearly cycle."""

import dataclasses
import datetime
import itertools
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.cache import invalidate
from core.services import validated_save
from core.timeutils import local_today

from .defaults import REMINDER_POLICY, cycle_milestones
from .models import (
    MANDATORY_KINDS,
    CalendarToken,
    Channel,
    CycleMilestone,
    DeadlineKind,
    DeliveryLog,
    Digest,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    ReminderOffset,
    WorkerHeartbeat,
)

logger = logging.getLogger(__name__)

HEARTBEATS_KEPT = datetime.timedelta(days=7)
MAX_ATTEMPTS = 6


@transaction.atomic
def record_worker_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Record that a worker ran a task now; drop heartbeats older than a week."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - HEARTBEATS_KEPT).delete()
    return WorkerHeartbeat.objects.create(hostname=hostname, beat_at=now)


# -- writing notifications ---------------------------------------------------------------


def _channels(users, kind) -> dict:
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    return {u.pk: chosen.get(u.pk, Channel.IMMEDIATE) for u in users}


def _status_for(user, channel) -> str:
    return _status(channel, bool(user.email))


def _status(channel, has_email: bool) -> str:
    if channel == Channel.OFF:
        return EmailStatus.OFF
    if not has_email:
        return EmailStatus.NO_ADDRESS
    if channel in (Channel.DAILY, Channel.WEEKLY):
        return EmailStatus.DIGEST
    return EmailStatus.PENDING


def notify(
    *,
    recipients,
    kind: str,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    deadline=None,
    late: bool = False,
) -> int:
    """Write one notification per recipient, once per (recipient, key), in the current
    transaction (the outbox); email is relayed after the commit. Returns how many are new."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    if not users:
        return 0
    channels = _channels(users, kind)
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            key=key[:200],
            title=title[:255],
            body=body,
            url=url,
            deadline=deadline,
            late=late,
            email_status=_status_for(user, channels[user.pk]),
        )
        for user in users
    ]
    before = Notification.objects.filter(key=key[:200], recipient__in=users).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = Notification.objects.filter(key=key[:200], recipient__in=users).count() - before
    invalidate("unread", [user.pk for user in users])
    transaction.on_commit(relay_soon)
    return created


def notify_event(*, actor, recipients, subject: str, event: str, **notification) -> int:
    """Tell ``recipients`` (never ``actor``) that ``event`` happened to ``subject`` (such as
    ``"agreement:12"``): keyed by the moment, so a step taken again is told again."""
    return notify(
        recipients=[u for u in recipients if u.pk != actor.pk],
        key=f"event:{subject}:{event}:{timezone.now().isoformat()}",
        **notification,
    )


def relay_soon() -> None:
    """Ask a worker to send what is pending. If the broker is down, nothing is lost: the
    notifications wait in the database and the next sweep relays them."""
    from .tasks import relay_pending

    try:
        relay_pending.delay()
    except Exception:  # noqa: BLE001 - the broker being down must not fail the change
        logger.warning("broker unavailable; pending notifications wait for the next sweep")


# -- delivering email --------------------------------------------------------------------


def _lease_expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS)


def _abandoned_claim() -> Q:
    """A 'sending' claim whose lease ran out: the worker that took it died mid-delivery."""
    return Q(email_status=EmailStatus.SENDING) & (
        Q(email_claimed_at__lt=_lease_expired_before()) | Q(email_claimed_at__isnull=True)
    )


def pending_ids(limit: int = 500, after: int = 0) -> list[int]:
    """What the relay (and so the hourly sweep) still has to send: pending emails, and
    emails whose claim was abandoned by a worker that died while sending them. A page in
    primary-key order, past ``after`` (keyset paging: each page reads only its rows)."""
    return list(
        Notification.objects.filter(
            Q(email_status__in=[EmailStatus.PENDING, EmailStatus.NO_ADDRESS]) | _abandoned_claim(),
            pk__gt=after,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _message(to, subject, context, template):
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/{template}.txt", context)
        html = render_to_string(f"notifications/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


class DeliveryFailed(Exception):
    def __init__(self, attempts):
        super().__init__(attempts)
        self.attempts = attempts


class LeaseHeld(Exception):
    """Another worker holds a live claim on this email; try again when it runs out."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


def _claim(notification_id: int):
    """Claim the email with one UPDATE (pending -> sending, or an abandoned 'sending' whose
    lease ran out). Returns the claim's time (its fencing token) and whether it took over an
    abandoned claim, or (None, False) when it is not ours to send."""
    now = timezone.now()
    claim = {
        "email_status": EmailStatus.SENDING,
        "email_claimed_at": now,
        "attempts": F("attempts") + 1,
    }
    rows = Notification.objects.filter(pk=notification_id)
    if rows.filter(email_status=EmailStatus.PENDING).update(**claim):
        return now, False
    if rows.filter(_abandoned_claim()).update(**claim):
        return now, True
    return None, False


def send_notification_email(notification_id: int, *, connection=None) -> str:
    """Send one notification's email, at least once and normally exactly once.

    The email is claimed by one UPDATE first, so two workers (or a retried task) never send
    it at the same time; a failure puts it back for a retry. The claim is a lease
    (NOTIFICATION_SEND_LEASE_SECONDS): when the worker dies while sending, the message
    comes back (the broker redelivers it, or the sweep relays it) and is claimed again once
    the lease ran out; the interrupted attempt is logged.

    Delivery is deliberately at-least-once: a worker that dies after the SMTP server
    accepted the message but before it was marked sent leaves a claim that runs out, and
    the message is sent a second time. The other choice (never claim again) would lose
    such an email for good, arbitration deadlines included; a rare duplicate is the lesser
    harm."""
    claimed_at, took_over = _claim(notification_id)
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if claimed_at is None:
        return _unclaimed(notification)
    return _deliver(notification, claimed_at, took_over, connection)


@dataclasses.dataclass
class Batch:
    """What :func:`send_notification_emails` did: the ids sent, given back unsent (half the
    lease had passed), held by another worker's live lease (id -> seconds left) and failed
    for a retry (id -> attempts so far)."""

    sent: list = dataclasses.field(default_factory=list)
    released: list = dataclasses.field(default_factory=list)
    held: dict = dataclasses.field(default_factory=dict)
    failed: dict = dataclasses.field(default_factory=dict)


def send_notification_emails(notification_ids) -> Batch:
    """Send a batch of emails over one SMTP connection, with the guarantees of
    :func:`send_notification_email` for each: the batch is claimed with two UPDATEs (the
    abandoned claims it takes over, then the pending ones) and loaded with one query; each
    message is marked sent on its own, so a worker that dies mid-batch resends at most the
    message it was sending (the rest wait for their lease). A failed message is put back
    for its retry and the connection is opened again for the next one. When half the lease
    has passed (a slow server), the claims not yet used are given back, so no claim runs
    out while it is still ours."""
    ids = list(dict.fromkeys(notification_ids))
    claims = _claim_batch(ids)
    notifications = Notification.objects.select_related("recipient").in_bulk(ids)
    batch = Batch()
    connection = get_connection()  # opened by the first message that is sent
    give_back_after = timezone.now() + datetime.timedelta(
        seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS / 2
    )
    try:
        for index, pk in enumerate(ids):
            notification = notifications.get(pk)
            if notification is None:
                continue
            if timezone.now() > give_back_after:
                batch.released = _give_back(ids[index:], claims)
                break
            try:
                if pk in claims:
                    status = _deliver(notification, *claims[pk], connection)
                else:
                    status = _unclaimed(notification)
            except LeaseHeld as held:
                batch.held[pk] = held.seconds
            except DeliveryFailed as failure:
                batch.failed[pk] = failure.attempts
                _close_quietly(connection)
            else:
                if status == EmailStatus.SENT:
                    batch.sent.append(pk)
                elif status == EmailStatus.FAILED:
                    _close_quietly(connection)
    finally:
        _close_quietly(connection)
    return batch


def _give_back(ids, claims) -> list:
    """Return our unused claims among ``ids`` to pending (fenced by the claim's time)."""
    ours = [pk for pk in ids if pk in claims]
    for at in {claims[pk][0] for pk in ours}:
        Notification.objects.filter(
            pk__in=ours, email_status=EmailStatus.SENDING, email_claimed_at=at
        ).update(email_status=EmailStatus.PENDING, attempts=F("attempts") - 1)
    return ours


def _close_quietly(connection) -> None:
    """Drop a connection a failure may have left unusable; the next message opens a new one."""
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - it is discarded either way
        logger.info("closing a failed SMTP connection raised", exc_info=True)


def _claim_batch(ids) -> dict:
    """Claim what is ours of ``ids`` in two UPDATEs: {id: (claim time, took over)}. The
    abandoned claims and the pending ones get distinct times, so one SELECT tells them apart
    and no other worker's claim is mistaken for ours."""
    taken_over_at = timezone.now()
    fresh_at = taken_over_at + datetime.timedelta(microseconds=1)
    rows = Notification.objects.filter(pk__in=ids)

    def claim(at):
        return {
            "email_status": EmailStatus.SENDING,
            "email_claimed_at": at,
            "attempts": F("attempts") + 1,
        }

    rows.filter(_abandoned_claim()).update(**claim(taken_over_at))
    rows.filter(email_status=EmailStatus.PENDING).update(**claim(fresh_at))
    ours = rows.filter(
        email_status=EmailStatus.SENDING, email_claimed_at__in=[taken_over_at, fresh_at]
    ).values_list("pk", "email_claimed_at")
    return {pk: (at, at == taken_over_at) for pk, at in ours}


def _unclaimed(notification) -> str:
    """An email that is not ours to send: log 'no address' once, wait for a live lease
    (LeaseHeld), or report the state it is in (sent, failed)."""
    if notification.email_status == EmailStatus.NO_ADDRESS and not notification.deliveries.exists():
        DeliveryLog.objects.create(
            notification=notification,
            attempt=0,
            outcome="no_address",
            detail=_("The recipient has no email address; shown in the app only."),
        )
    if notification.email_status == EmailStatus.SENDING:  # another worker's live lease
        expires = (notification.email_claimed_at or timezone.now()) + datetime.timedelta(
            seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS
        )
        raise LeaseHeld(max((expires - timezone.now()).total_seconds(), 0.0))
    return notification.email_status


def _deliver(notification, claimed_at, took_over, connection=None) -> str:
    """Send a claimed email (over ``connection`` when given, opening it if it is closed),
    then mark it sent; on failure put it back for a retry, or fail it after MAX_ATTEMPTS."""
    if took_over:
        DeliveryLog.objects.create(
            notification=notification,
            attempt=notification.attempts - 1,
            outcome="interrupted",
            detail=_("The previous attempt stopped while sending; its claim ran out."),
        )
    # Only this claim may put the email back: a later claim (after ours ran out) is not ours.
    ours = Notification.objects.filter(
        pk=notification.pk, email_status=EmailStatus.SENDING, email_claimed_at=claimed_at
    )
    context = {
        "notification": notification,
        "link": _absolute(notification.url),
        "user": notification.recipient,
    }
    message = _message(
        notification.recipient.email, f"Kansrijk: {notification.title}", context, "notification"
    )
    try:
        if connection is not None:
            connection.open()  # kept open for the next message (a no-op when it is open)
            message.connection = connection
        message.send()
    except Exception as exc:  # noqa: BLE001 - SMTP refusals, connection errors: retried
        final = notification.attempts >= MAX_ATTEMPTS
        ours.update(email_status=EmailStatus.FAILED if final else EmailStatus.PENDING)
        DeliveryLog.objects.create(
            notification=notification,
            attempt=notification.attempts,
            outcome="failed" if final else "retry",
            detail=repr(exc),
        )
        if final:
            return EmailStatus.FAILED
        raise DeliveryFailed(notification.attempts) from exc
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now()
    )
    DeliveryLog.objects.create(
        notification=notification, attempt=notification.attempts, outcome="sent"
    )
    return EmailStatus.SENT


def send_digests(*, channel: str, today: datetime.date | None = None) -> int:
    """One digest per person for the period, exactly once (a unique row claims it)."""
    today = today or local_today()
    period = today if channel == Channel.DAILY else today - datetime.timedelta(today.weekday())
    user_ids = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST)
        .filter(
            recipient__notification_preferences__channel=channel,
            recipient__notification_preferences__kind=F("kind"),
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(user_ids):
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=user_id, channel=channel, period=period)
        except IntegrityError:
            continue  # this period's digest was already made
        items = list(
            Notification.objects.filter(recipient_id=user_id, email_status=EmailStatus.DIGEST)
            .filter(
                recipient__notification_preferences__channel=channel,
                recipient__notification_preferences__kind=F("kind"),
            )
            .select_related("recipient")
            .order_by("created_at")
        )
        if not items:
            continue
        user = items[0].recipient
        context = {
            "items": [(n, _absolute(n.url)) for n in items],
            "user": user,
            "period": period,
            "site": settings.SITE_URL,
        }
        _message(user.email, _("Kansrijk: your digest"), context, "digest").send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            email_status=EmailStatus.IN_DIGEST, emailed_at=timezone.now()
        )
        Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
        DeliveryLog.objects.create(
            digest=digest, attempt=1, outcome="sent", detail=f"{len(items)} notifications"
        )
        sent += 1
    return sent


# -- the person's own settings -----------------------------------------------------------


@transaction.atomic
def set_preference(*, actor, kind: str, channel: str) -> NotificationPreference:
    preference = NotificationPreference.objects.filter(user=actor, kind=kind).first()
    preference = preference or NotificationPreference(user=actor, kind=kind)
    preference.channel = channel
    if kind in MANDATORY_KINDS and channel == Channel.OFF:
        raise ValidationError(
            {
                "channel": _(
                    "Arbitration deadlines and events are always sent; they cannot be switched off."
                )
            }
        )
    validated_save(preference, exclude=["user"])
    return preference


@transaction.atomic
def mark_read(*, actor, notifications=None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notifications is not None:
        qs = qs.filter(pk__in=[n.pk for n in notifications])
    invalidate("unread", [actor.pk])
    return qs.update(read_at=timezone.now())


@transaction.atomic
def new_calendar_token(*, actor) -> CalendarToken:
    """A fresh secret feed URL; the old ones stop working."""
    CalendarToken.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarToken.objects.create(user=actor)


@transaction.atomic
def revoke_calendar_token(*, actor) -> int:
    return CalendarToken.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# -- defaults ----------------------------------------------------------------------------


def ensure_defaults(year: int) -> None:
    """The reminder policy and the milestones of cycle years ``year`` and ``year + 1`` exist
    (created once with the defaults; two reads when they do)."""
    if not ReminderOffset.objects.exists():
        ReminderOffset.objects.bulk_create(
            [
                ReminderOffset(kind=k, days=d, after=a, recipients=r)
                for k, d, a, r in REMINDER_POLICY
            ],
            ignore_conflicts=True,
        )
    present = set(
        CycleMilestone.objects.filter(year__in=(year, year + 1)).values_list("year", flat=True)
    )
    missing = [y for y in (year, year + 1) if y not in present]
    if missing:
        CycleMilestone.objects.bulk_create(
            [
                CycleMilestone(year=cycle_year, kind=kind, starts_on=start, ends_on=end)
                for cycle_year in missing
                for kind, start, end in cycle_milestones(cycle_year)
            ],
            ignore_conflicts=True,
        )


# -- the reminder sweep ------------------------------------------------------------------


def _reminder_text(deadline, offset, today) -> str:
    if offset.after:
        return _("Overdue since %(day)s: %(title)s") % {
            "day": deadline.due,
            "title": deadline.title,
        }
    days = (deadline.due - today).days
    if days <= 0:
        return _("Today is the last day: %(title)s") % {"title": deadline.title}
    return ngettext(
        "%(days)s day left (until %(day)s): %(title)s",
        "%(days)s days left (until %(day)s): %(title)s",
        days,
    ) % {"days": days, "day": deadline.due, "title": deadline.title}


@transaction.atomic
def sweep(*, today: datetime.date | None = None, batch: int = 1000) -> dict:
    """Write the reminders that are due today, once each.

    State-based: for every open deadline it takes the latest offset whose day has come and
    writes that reminder if it was not written before; after a pause (no sweep for days) it
    catches up with only the latest one, marked late. The deadlines are read with one query
    per source in chunks (a server-side cursor on PostgreSQL) and handled ``batch`` at a
    time: per batch one query finds the reminders written already and one INSERT writes the
    rest, so memory does not grow with the data and a sweep with nothing new writes
    nothing. Email is relayed after the commit."""
    from core.timeutils import cycle_year_for

    from .registry import People
    from .selectors import iter_deadlines

    today = today or local_today()
    ensure_defaults(cycle_year_for(today))
    offsets = defaultdict(list)
    # Locking the policy serialises concurrent sweeps (two beat schedulers, a manual run):
    # the second one then sees what the first wrote, so each counts only its own reminders.
    for offset in ReminderOffset.objects.select_for_update().order_by("pk"):
        offsets[offset.kind].append(offset)
    all_offsets = [o for group in offsets.values() for o in group]
    if not all_offsets:
        return {"deadlines": 0, "created": 0}
    before = max((o.days for o in all_offsets if not o.after), default=0)
    after = max((o.days for o in all_offsets if o.after), default=0)
    people = People(today)
    channels = dict(
        ((user_id, kind), channel)
        for user_id, kind, channel in NotificationPreference.objects.filter(
            kind__in=[NotificationKind.REMINDER, NotificationKind.ARBITRATION]
        ).values_list("user_id", "kind", "channel")
    )
    items = iter_deadlines(
        start=today - datetime.timedelta(days=after),
        end=today + datetime.timedelta(days=before),
        people=people,
    )
    seen = created = 0
    while chunk := list(itertools.islice(items, batch)):
        seen += len(chunk)
        created += _write_reminders(chunk, offsets, today, channels)
    if created:
        transaction.on_commit(relay_soon)
    return {"deadlines": seen, "created": created}


def _write_reminders(deadlines, offsets, today, channels) -> int:
    """The reminders due today for ``deadlines`` that were not written before: one SELECT of
    the recipients (active ones only), one of the keys written already, one INSERT."""
    wanted = {}  # (user id, key) -> (kind, title, url, due, late)
    for item in deadlines:
        due = [
            (
                item.due + datetime.timedelta(days=o.days)
                if o.after
                else item.due - datetime.timedelta(days=o.days),
                o,
            )
            for o in offsets[item.kind]
        ]
        due = [(trigger, o) for trigger, o in due if trigger <= today]
        if not due:
            continue
        trigger, offset = max(due, key=lambda pair: pair[0])
        users = set().union(*(item.who.get(role, set()) for role in offset.recipient_list))
        kind = (
            NotificationKind.ARBITRATION
            if item.kind == DeadlineKind.ARBITRATION
            else NotificationKind.REMINDER
        )
        key = f"reminder:{item.source}:{item.due.isoformat()}:{offset.key}"
        title = _reminder_text(item, offset, today)[:255]
        for user_id in users:
            wanted[user_id, key] = (kind, title, item.url, item.due, trigger < today)
    if not wanted:
        return 0
    from django.contrib.auth import get_user_model

    has_email = dict(
        get_user_model()
        .objects.filter(pk__in={user for user, _key in wanted}, is_active=True)
        .annotate(has_email=~Q(email=""))
        .values_list("pk", "has_email")
    )
    written = set(
        Notification.objects.filter(
            recipient_id__in={user for user, _key in wanted}, key__in={key for _user, key in wanted}
        ).values_list("recipient_id", "key")
    )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            key=key,
            title=title,
            url=url,
            deadline=due,
            late=late,
            email_status=_status(
                channels.get((user_id, kind), Channel.IMMEDIATE), has_email[user_id]
            ),
        )
        for (user_id, key), (kind, title, url, due, late) in wanted.items()
        if user_id in has_email and (user_id, key) not in written
    ]
    # The policy lock serialises sweeps and only the sweep writes reminder keys, so every
    # row not found above is new; a conflict would still be skipped, never doubled.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    invalidate("unread", {row.recipient_id for row in rows})
    return len(rows)
