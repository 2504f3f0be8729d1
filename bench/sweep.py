"""The reminder sweep over the whole data set, in its own process (for its peak memory):
the first sweep (it writes the reminders that are due), then steady-state sweeps (nothing
new), each against the floor: one SQL query selecting the open deadlines in the same window."""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from bench import endpoints as spec  # noqa: E402
from bench.output import emit, peak_rss_mb  # noqa: E402
from core.timeutils import local_today  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Notification, ReminderOffset  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def main():
    today = local_today()
    services.ensure_defaults(today.year)
    offsets = list(ReminderOffset.objects.all())
    before = max((o.days for o in offsets if not o.after), default=0)
    after = max((o.days for o in offsets if o.after), default=0)
    params = spec.sweep_params(today, before=before, after=after)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(spec.SWEEP_FLOOR, params)
            return cursor.fetchall()

    floor_rows = len(floor())
    floor_times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        floor()
        floor_times.append((time.perf_counter() - start) * 1000)

    existing = Notification.objects.count()
    start = time.perf_counter()
    first = services.sweep(today=today)
    first_ms = (time.perf_counter() - start) * 1000
    created = Notification.objects.count() - existing
    steady = []
    for _ in range(5):
        start = time.perf_counter()
        services.sweep(today=today)
        steady.append((time.perf_counter() - start) * 1000)
    result = {
        "today": today.isoformat(),
        "window": [params["start"].isoformat(), params["end"].isoformat()],
        "deadlines": first["deadlines"],
        "created": created,
        "first_ms": first_ms,
        "steady_median_ms": statistics.median(steady),
        "floor_rows": floor_rows,
        "floor_median_ms": statistics.median(floor_times),
        "peak_rss_mb": peak_rss_mb(),
    }
    result["ratio_first"] = result["first_ms"] / result["floor_median_ms"]
    result["ratio_steady"] = result["steady_median_ms"] / result["floor_median_ms"]
    emit(
        result,
        f"sweep: {first['deadlines']} deadlines, {created} reminders written in "
        f"{first_ms:.0f} ms, steady {result['steady_median_ms']:.0f} ms, floor "
        f"{result['floor_median_ms']:.1f} ms, peak {result['peak_rss_mb']:.0f} MB",
    )


if __name__ == "__main__":
    main()
