"""Reads for notifications: the deadlines the apps registered (for the sweep and the calendar
feed), who answers for each, and the notification centre."""

import datetime

from core.timeutils import local_today

from .models import CycleMilestone, Notification, WorkerHeartbeat
from .registry import Deadline, People, deadline_sources


def last_worker_heartbeat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def deadlines(*, start: datetime.date, end: datetime.date, people: People) -> list[Deadline]:
    """Every open deadline due between ``start`` and ``end``, each with who answers for it,
    from every source the apps registered (one query per source, whatever the number)."""
    return [deadline for source in deadline_sources() for deadline in source(start, end, people)]


def notification_centre(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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
