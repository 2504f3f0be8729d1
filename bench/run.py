"""`make bench`: for each factor, a fresh database on the throwaway PostgreSQL that
tests/with_services.sh started, filled by `seed_scale`, then the in-process measurements
(bench/measure.py), the reminder sweep (bench/sweep.py), the alert function
(bench/signals.py), the enrolment import (bench/imports.py), and at the largest factor the email
delivery throughput (bench/delivery.py) and the concurrent load (bench/load.py).
Writes bench/results/latest.json, latest.md and latest.png, and prints the table."""

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = BASE / "bench" / "results"


def database_url(name):
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def run(args, env, capture=False):
    done = subprocess.run(
        args, cwd=BASE, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )  # fmt: skip
    return done.stdout


def psql(sql):
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("make bench runs on PostgreSQL: use `make bench` (it starts one).")
    factors = [float(f) for f in os.environ.get("BENCH_FACTORS", "1,10").split(",")]
    report = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "repeat": int(os.environ.get("BENCH_REPEAT", "30")),
        "factors": {},
    }
    for factor in factors:
        label = f"{factor:g}"
        name = "kansrijk_bench_" + label.replace(".", "_")
        print(f"== factor {label}", file=sys.stderr)
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
        env = os.environ | {
            "DATABASE_URL": database_url(name),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        run([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PY, "manage.py", "load_reference"], env, capture=True)
        start = time.perf_counter()
        run([PY, "manage.py", "seed_scale", "--factor", label], env)
        seed_seconds = time.perf_counter() - start
        subprocess.run(["psql", database_url(name), "-q", "-c", "VACUUM ANALYZE"], check=True)
        sizes = json.loads(run([PY, "-m", "bench.sizes"], env, capture=True))
        result = {"seed_seconds": seed_seconds, "rows": sizes}
        result |= json.loads(run([PY, "-m", "bench.measure"], env, capture=True))
        result["sweep"] = json.loads(run([PY, "-m", "bench.sweep"], env, capture=True))
        result["signals"] = json.loads(run([PY, "-m", "bench.signals"], env, capture=True))
        result["import"] = json.loads(run([PY, "-m", "bench.imports"], env, capture=True))
        if factor == max(factors):
            result["delivery"] = json.loads(run([PY, "-m", "bench.delivery"], env, capture=True))
            result["load"] = json.loads(run([PY, "-m", "bench.load"], env, capture=True))
        report["factors"][label] = result
        psql(f"DROP DATABASE IF EXISTS {name}")  # the next factor gets the disk back
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, default=str))
    from bench import report as render

    table = render.markdown(report)
    (RESULTS / "latest.md").write_text(table)
    render.chart(report, RESULTS / "latest.png")
    print(table)


if __name__ == "__main__":
    main()
