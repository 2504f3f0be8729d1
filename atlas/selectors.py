"""Reads of the atlas, shared by pages, API and the signal computation."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import Enrolment


@dataclass(frozen=True)
class Total:
    """A sum of counts: exact, or, when a suppressed small cell is in it, a range."""

    low: int
    high: int
    suppressed: bool

    @property
    def exact(self) -> int | None:
        return None if self.suppressed else self.low

    def __str__(self):
        return f"{self.low}–{self.high}" if self.suppressed else str(self.low)


def current_enrolments():
    """Enrolments of the datasets in force (not replaced by a newer delivery)."""
    return Enrolment.objects.filter(dataset__replaced_by__isnull=True)


def enrolment_totals(queryset=None, *, by=()) -> list[dict]:
    """Totals per ``by`` (field names), summed in SQL: ``total`` is a ``Total`` that stays
    a range whenever a suppressed cell is among the rows it sums."""
    queryset = current_enrolments() if queryset is None else queryset
    rows = (
        queryset.values(*by)
        .annotate(
            low_sum=Sum("low"),
            high_sum=Sum("high"),
            suppressed_cells=Count("pk", filter=Q(suppressed=True)),
        )
        .order_by(*by)
    )
    result = []
    for row in rows:
        total = Total(row.pop("low_sum"), row.pop("high_sum"), row.pop("suppressed_cells") > 0)
        result.append({**row, "total": total})
    return result
