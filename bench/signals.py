"""The alert function over the whole data set, in its own process (for its peak memory):
``compute_signals`` for the cycle year (a recomputation: seed_scale computed them once), five
times, against the floor: one SQL query computing the enrolment totals its rules compare."""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from atlas.models import Enrolment, Signal  # noqa: E402
from atlas.services import compute_signals  # noqa: E402
from bench import endpoints as spec  # noqa: E402
from bench.output import emit, peak_rss_mb  # noqa: E402
from core.timeutils import cycle_year_for, local_today  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def main():
    year = cycle_year_for(local_today())

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(spec.SIGNALS_FLOOR, {"year": year})
            return cursor.fetchall()

    floor_rows = len(floor())
    floor_times = []
    for _ in range(min(REPEAT, 10)):
        start = time.perf_counter()
        floor()
        floor_times.append((time.perf_counter() - start) * 1000)
    runs, counts = [], {}
    for _ in range(5):
        start = time.perf_counter()
        counts = compute_signals(year=year)
        runs.append((time.perf_counter() - start) * 1000)
    result = {
        "year": year,
        "enrolments": Enrolment.objects.count(),
        "signals": Signal.objects.filter(year=year, state="open").count(),
        "last_run": dict(counts),
        "median_ms": statistics.median(runs),
        "floor_rows": floor_rows,
        "floor_median_ms": statistics.median(floor_times),
        "peak_rss_mb": peak_rss_mb(),
    }
    result["ratio"] = result["median_ms"] / result["floor_median_ms"]
    emit(
        result,
        f"compute_signals: {result['enrolments']} enrolment rows, {result['signals']} open "
        f"signals, {result['median_ms']:.0f} ms, floor {result['floor_median_ms']:.1f} ms, "
        f"peak {result['peak_rss_mb']:.0f} MB",
    )


if __name__ == "__main__":
    main()
