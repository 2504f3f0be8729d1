"""Retention (AVG): each app registers the kinds of data it keeps for a limited time, with a
default period and what to do once a record has passed it; the daily run asks the registry.

``register(kind)`` is called from an app's ``AppConfig.ready()``. ``apply(cutoff, dry_run)``
returns how many records passed ``cutoff``, and removes or anonymises them unless
``dry_run``. The period of a kind is the ``RetentionPeriod`` row in Beheer, or its default.
Every kind of every run is logged (``RetentionRun``); the run happens inside
:func:`core.history.retention_deletes`, the one place the logs and the history may lose rows.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .history import retention_deletes
from .models import RetentionPeriod, RetentionRun


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str
    label: str
    default_days: int
    apply: Callable[[datetime.datetime, bool], int]


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def remove(queryset, dry_run: bool) -> int:
    """The usual ``apply``: count what passed the period, and delete it unless a dry run."""
    count = queryset.count()
    if not dry_run and count:
        queryset.delete()
    return count


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def periods() -> dict[str, int]:
    """Days per registered kind: Beheer's rows over the defaults (one query)."""
    chosen = dict(RetentionPeriod.objects.values_list("kind", "days"))
    return {k.name: chosen.get(k.name, k.default_days) for k in kinds()}


def run(*, dry_run: bool, now: datetime.datetime | None = None) -> list[RetentionRun]:
    """Apply every kind's period (or, in a dry run, count what it would touch); one
    transaction per kind, each logged."""
    now = now or timezone.now()
    done = []
    days = periods()
    for kind in kinds():
        cutoff = now - datetime.timedelta(days=days[kind.name])
        with transaction.atomic(), retention_deletes():
            count = kind.apply(cutoff, dry_run)
            done.append(RetentionRun.objects.create(
                kind=kind.name, days=days[kind.name], cutoff=cutoff, dry_run=dry_run,
                count=count,
            ))  # fmt: skip
    return done
