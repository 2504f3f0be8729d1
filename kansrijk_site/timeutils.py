"""Dates are judged in Europe/Amsterdam (settings.TIME_ZONE), never in UTC."""

import datetime

from django.utils import timezone


def local_today() -> datetime.date:
    """Today's date in Amsterdam."""
    return timezone.localdate()
