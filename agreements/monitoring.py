"""Monitoring the approach: what was agreed and how it goes, nationally, per sectorkamer, per
arbeidsmarktregio and per regional table, for a chosen period (the half-yearly report).

One query per figure, whatever the amount of data; every figure carries the filters of the
list behind it (the agreement board takes the same ones)."""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    AgreementState,
    Category,
    NoticeConflict,
    ProgressReport,
)
from .selectors import average_of_sums, in_region, notice_queryset, of_sectorkamers

# The states the matrix shows, in the order of an agreement's life.
STATES = [
    AgreementState.DRAFT, AgreementState.PROPOSED, AgreementState.ACTIVE,
    AgreementState.DISPUTED, AgreementState.ACHIEVED, AgreementState.NOT_ACHIEVED,
    AgreementState.CANCELLED,
]  # fmt: skip
CYCLES_SHOWN = 4


@dataclasses.dataclass(frozen=True)
class Scope:
    kind: str  # "national", "sectorkamer", "region", "table"
    title: str
    agreements: Q  # which agreements count
    notices: Q  # which start/stop notices count
    board: dict  # the agreement board's filters for this scope


def _board(query: dict) -> str:
    """The agreement board filtered as ``query``: the list behind a figure."""
    return reverse("agreements:board") + "?" + urlencode(query)


def national() -> Scope:
    return Scope("national", str(_("National")), Q(), Q(), {})


def of_sectorkamer(kamer) -> Scope:
    return Scope(
        "sectorkamer", kamer.name, of_sectorkamers([kamer.pk]),
        Q(qualification__sectorkamer=kamer), {"sectorkamer": kamer.code},
    )  # fmt: skip


def of_region(region) -> Scope:
    return Scope(
        "region", region.name, in_region(region), Q(region=region),
        {"region": region.code},
    )  # fmt: skip


def of_table(table) -> Scope:
    return Scope(
        "table", table.name, Q(regional_table=table),
        Q(region__in=table.regions.values("pk")), {"regional_table": table.pk},
    )  # fmt: skip


def last_half_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last complete half year before ``today``: what the half-yearly report covers."""
    if today.month > 6:
        return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
    return datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31)


def _matrix(agreements, board):
    counts = {
        (row["category"], row["state"]): row["n"]
        for row in agreements.values("category", "state").annotate(n=Count("pk")).order_by()
    }
    rows = []
    for category, label in Category.choices:
        cells = [
            {"n": counts.get((category, state), 0),
             "url": _board({**board, "category": category, "state": state})}
            for state in STATES
        ]  # fmt: skip
        if any(cell["n"] for cell in cells):
            rows.append({"category": category, "label": label, "cells": cells,
                         "total": sum(cell["n"] for cell in cells)})  # fmt: skip
    totals = [sum(row["cells"][i]["n"] for row in rows) for i in range(len(STATES))]
    return {"states": [AgreementState(s).label for s in STATES], "rows": rows, "totals": totals,
            "total": sum(totals)}  # fmt: skip


def _average(row) -> Decimal | None:
    return average_of_sums(row["weighted"], row["weights"], row["total"], row["counted"])


def _progress(agreements, board, today):
    """Active agreements per category: the weighted progress from baseline to target, how many
    are at risk or off track, and how many progress reports are overdue. One SQL aggregate
    over the stored progress of each agreement, whatever their number."""
    counted = Q(progress__isnull=False)
    sums = (
        agreements.filter(state=AgreementState.ACTIVE)
        .values("category")
        .annotate(
            active=Count("pk"),
            at_risk=Count("pk", filter=Q(latest_status__in=["at_risk", "off_track"])),
            overdue_reports=Count("pk", filter=Q(next_report_due__lt=today)),
            weighted=Sum(F("progress") * F("weight"), filter=counted,
                         output_field=DecimalField(max_digits=20, decimal_places=3)),
            weights=Sum("weight", filter=counted),
            total=Sum("progress"),
            counted=Count("progress"),
        )
        .order_by()
    )  # fmt: skip
    by_category = {row["category"]: row for row in sums}
    rows = [
        {"category": category, "label": label, "active": found["active"],
         "progress": _average(found), "at_risk": found["at_risk"],
         "overdue_reports": found["overdue_reports"],
         "url": _board({**board, "category": category, "state": "active"})}
        for category, label in Category.choices
        if (found := by_category.get(category))
    ]  # fmt: skip
    zero = Decimal(0)
    overall = _average({
        key: sum((row[key] or zero for row in by_category.values()), zero)
        for key in ("weighted", "weights", "total", "counted")
    })  # fmt: skip
    return rows, overall


def _reports(agreements, start, end):
    counts = dict(
        ProgressReport.objects.filter(
            agreement__in=agreements.values("pk"), period_end__range=(start, end)
        ).values_list("status").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    return counts


def _regions(agreements, board):
    rows = (
        agreements.filter(regional_table__isnull=False)
        .values("regional_table__regions__code", "regional_table__regions__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("regional_table__regions__name")
    )
    return [
        {"code": r["regional_table__regions__code"], "name": r["regional_table__regions__name"],
         "n": r["n"], "url": _board({**board, "region": r["regional_table__regions__code"]})}
        for r in rows if r["regional_table__regions__code"]
    ]  # fmt: skip


def _cycles(agreements, notices, conflicts, first, last):
    """Per year: agreements starting, notices for the study year (start and stop), conflicts
    found with those notices and how many were escalated."""
    started = dict(
        agreements.filter(start_date__year__range=(first, last))
        .values_list("start_date__year").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    notice_counts = {
        (year, action): n
        for year, action, n in notices.filter(study_year__range=(first, last))
        .values_list("study_year", "action").annotate(n=Count("pk")).order_by()
    }  # fmt: skip
    conflict_counts = {
        (year, resolution): n
        for year, resolution, n in conflicts.filter(notice__study_year__range=(first, last))
        .values_list("notice__study_year", "resolution").annotate(n=Count("pk")).order_by()
    }  # fmt: skip
    return [
        {"year": year, "started": started.get(year, 0),
         "starts": notice_counts.get((year, "start"), 0),
         "stops": notice_counts.get((year, "stop"), 0),
         "conflicts": sum(n for (y, _r), n in conflict_counts.items() if y == year),
         "open_conflicts": conflict_counts.get((year, "open"), 0),
         "escalated": conflict_counts.get((year, "escalated"), 0)}
        for year in range(last, first - 1, -1)
    ]  # fmt: skip


def glance(scope: Scope, *, today: datetime.date) -> dict:
    """The dashboard's headline for a home page, in one query: the active agreements, their
    weighted progress, how many are at risk or off track and how many reports are overdue."""
    rows, overall = _progress(Agreement.objects.filter(scope.agreements), scope.board, today)
    return {
        "scope": scope,
        "active": sum(row["active"] for row in rows),
        "overall": overall,
        "at_risk": sum(row["at_risk"] for row in rows),
        "active_url": _board({**scope.board, "state": "active"}),
        "overdue_reports": sum(row["overdue_reports"] for row in rows),
    }


def monitor(scope: Scope, *, user, start: datetime.date, end: datetime.date,
            today: datetime.date) -> dict:  # fmt: skip
    """Every figure of the dashboard and the half-yearly report: seven queries."""
    agreements = Agreement.objects.filter(scope.agreements)
    notices = notice_queryset(user).filter(scope.notices)
    conflicts = NoticeConflict.objects.filter(notice__in=notices.values("pk"))
    progress, overall = _progress(agreements, scope.board, today)
    reports = _reports(agreements, start, end)
    return {
        "scope": scope,
        "start": start,
        "end": end,
        "matrix": _matrix(agreements, scope.board),
        "progress": progress,
        "overall": overall,
        "overdue_reports": sum(row["overdue_reports"] for row in progress),
        "reports": {"total": sum(reports.values()), **reports},
        "regions": _regions(agreements, scope.board),
        "cycles": _cycles(
            agreements, notices, conflicts, end.year - CYCLES_SHOWN + 1, end.year + 1
        ),
        "chart": progress_bars(progress),
    }


@dataclasses.dataclass
class Bars:
    width: int
    height: int
    left: int
    bars: list
    ticks: list
    description: str


def progress_bars(rows, width=640, bar=26, gap=10, left=220, top=10) -> Bars | None:
    """A horizontal bar per category: its weighted progress on an axis from 0 to 100%."""
    shown = [r for r in rows if r["progress"] is not None]
    if not shown:
        return None
    plot = width - left - 40
    bars = [
        {"y": top + i * (bar + gap), "height": bar, "label": r["label"], "value": r["progress"],
         "width": round(float(r["progress"] / Decimal(100)) * plot, 1)}
        for i, r in enumerate(shown)
    ]  # fmt: skip
    bottom = top + len(shown) * (bar + gap)
    ticks = [{"x": left + round(plot * t / 100, 1), "label": f"{t}%"} for t in (0, 25, 50, 75, 100)]
    description = "; ".join(
        f"{str(b['label']).capitalize()}: {number_format(b['value'], 1)}%" for b in bars
    )
    return Bars(width=width, height=bottom + 30, left=left, bars=bars, ticks=ticks,
                description=description)  # fmt: skip
