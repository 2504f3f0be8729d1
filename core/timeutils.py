"""Dates are judged in Europe/Amsterdam (settings.TIME_ZONE), never in UTC."""

import contextlib
import dataclasses
import datetime
import zoneinfo
from unittest import mock

from django.conf import settings
from django.utils import timezone


def local_today() -> datetime.date:
    """Today's date in Amsterdam."""
    return timezone.localdate()


def amsterdam() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in Amsterdam, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=amsterdam())


def cycle_deadline(year: int) -> datetime.datetime:
    """The 1 February deadline of cycle year ``year``: the end of 31 January, Amsterdam time.

    Returned as the first instant that is too late (midnight starting 1 February, CET).
    """
    return start_of_day(datetime.date(year, 2, 1))


def cycle_year_for(day: datetime.date) -> int:
    """The cycle year whose 1 February deadline is the next one on or after ``day``."""
    return day.year if day < datetime.date(day.year, 2, 1) else day.year + 1


class DeadlineStatus:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    OPEN = "open"


@dataclasses.dataclass(frozen=True)
class Deadline:
    """Where something stands against a deadline (an exclusive instant)."""

    due: datetime.datetime
    status: str
    days_left: int | None  # whole Amsterdam days until the last day; 0 on the last day

    @property
    def last_day(self) -> datetime.date:
        return (self.due - datetime.timedelta(microseconds=1)).astimezone(amsterdam()).date()


def deadline_status(
    due: datetime.datetime,
    *,
    done_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> Deadline:
    """Judge ``done_at`` (or its absence at ``now``) against ``due``."""
    if done_at is not None:
        status = DeadlineStatus.ON_TIME if done_at < due else DeadlineStatus.LATE
        return Deadline(due=due, status=status, days_left=None)
    now = now or timezone.now()
    if now >= due:
        return Deadline(due=due, status=DeadlineStatus.OVERDUE, days_left=None)
    last_day = (due - datetime.timedelta(microseconds=1)).astimezone(amsterdam()).date()
    today = now.astimezone(amsterdam()).date()
    return Deadline(due=due, status=DeadlineStatus.OPEN, days_left=(last_day - today).days)


@contextlib.contextmanager
def clock_at(moment: datetime.datetime):
    """Let the product's clock read ``moment`` inside the block (for the demo, which records
    last cycle's steps at their real moments in the past).

    Django's ``timezone.now`` is what every service, ``auto_now_add`` field, simple-history
    and ``local_today`` ask; django-fsm-log's log entries take the ``now`` their field bound at
    import, so that field's default is pointed at the same clock. Single-threaded use only."""
    from django_fsm_log.models import StateLog

    def frozen():
        return moment

    field = StateLog._meta.get_field("timestamp")
    with (
        mock.patch.object(timezone, "now", frozen),
        mock.patch.dict(field.__dict__, {"_get_default": frozen}),
    ):
        yield
