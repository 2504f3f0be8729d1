"""Reads for notifications: the deadlines the apps registered (for the sweep and the calendar
feed), who answers for each, and the notification centre."""

import contextlib
import dataclasses
import datetime

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from core.cache import cached
from core.timeutils import local_today
from regions.selectors import active_roles

from .models import CycleMilestone, Notification, WorkerHeartbeat
from .registry import AttentionItem, Deadline, People, attention_sources, deadline_sources


def last_worker_heartbeat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def deadlines(*, start: datetime.date, end: datetime.date, people: People) -> list[Deadline]:
    """Every open deadline due between ``start`` and ``end``, each with who answers for it,
    from every source the apps registered (one query per source, whatever the number)."""
    return [deadline for source in deadline_sources() for deadline in source(start, end, people)]


def iter_deadlines(*, start: datetime.date, end: datetime.date, people: People):
    """:func:`deadlines` as a stream, source after source (each reads its rows in chunks)."""
    for source in deadline_sources():
        yield from source(start, end, people)


def notification_centre(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


UNREAD_SECONDS = 300  # a backstop: the services renew it with every change


def unread_count(user) -> int:
    """The badge in the header: cached across requests (core.cache); every notification
    written for the user and every one they read renews it (notifications.services)."""
    return cached(
        "unread", user.pk, lambda: Notification.objects.filter(
            recipient=user, read_at__isnull=True).count(), timeout=UNREAD_SECONDS,
    )  # fmt: skip


def cycle_timeline(year: int):
    return CycleMilestone.objects.filter(year=year).order_by("starts_on")


def user_deadlines(user, *, start=None, end=None) -> list[Deadline]:
    """The deadlines ``user`` answers for (the calendar feed)."""
    day = local_today()
    start = start or day - datetime.timedelta(days=90)
    end = end or day + datetime.timedelta(days=400)
    people = People(day)
    return [
        d
        for d in deadlines(start=start, end=end, people=people)
        if any(user.pk in users for users in d.who.values())
    ]


class Urgency(models.IntegerChoices):
    """How soon an attention item is due, judged on the Amsterdam date."""

    OVERDUE = 0, _("overdue")
    TODAY = 1, _("today")
    THIS_WEEK = 2, _("this week")
    THIS_MONTH = 3, _("this month")
    LATER = 4, _("later")
    NO_DEADLINE = 5, _("no deadline")


def urgency(due: datetime.date | None, today: datetime.date) -> Urgency:
    """Overdue once the due day has passed; this week up to 7 days ahead, this month up to 31."""
    if due is None:
        return Urgency.NO_DEADLINE
    days = (due - today).days
    if days < 0:
        return Urgency.OVERDUE
    if days == 0:
        return Urgency.TODAY
    if days <= 7:
        return Urgency.THIS_WEEK
    if days <= 31:
        return Urgency.THIS_MONTH
    return Urgency.LATER


@dataclasses.dataclass(frozen=True)
class Attention:
    item: AttentionItem
    urgency: Urgency
    days: int | None  # days left (negative: days overdue)

    @property
    def days_late(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


ATTENTION_COUNT_KEY = "attention-count:{}"
ATTENTION_COUNT_SECONDS = 15 * 60


def attention_for(user, *, today: datetime.date | None = None) -> list[Attention]:
    """What waits for ``user`` now, from every source the apps registered: most urgent first,
    then by deadline. A fixed number of queries per source the user's roles concern. The count
    is kept for the navigation, which shows it on every page without asking again."""
    today = today or local_today()
    roles = active_roles(user)
    entries = [
        Attention(item, urgency(item.due, today), (item.due - today).days if item.due else None)
        for source in attention_sources()
        for item in source(user, roles, today)
    ]
    entries.sort(key=lambda e: (e.urgency, e.item.due or datetime.date.max, e.item.title))
    # The count is a convenience: without the cache the list still shows.
    with contextlib.suppress(RedisError):
        cache.set(ATTENTION_COUNT_KEY.format(user.pk), len(entries), ATTENTION_COUNT_SECONDS)
    return entries


def attention_count(user) -> int | None:
    """The number of items the user's last attention list held (None: not counted lately)."""
    try:
        return cache.get(ATTENTION_COUNT_KEY.format(user.pk))
    except RedisError:
        return None
