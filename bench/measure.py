"""In-process measurement for one factor (run by bench/run.py in its own process):
query count, median and p95 of each endpoint over REPEAT requests, and of its two floors:
the SQL floor (one hand-written query for what it shows) and the framework floor (a trivial
view behind login, requested by the same client: session, user and middleware; for the
anonymous visitor the trivial view without login)."""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import endpoints as spec  # noqa: E402
from tests import second_factor  # noqa: E402

# Privileged users are measured as after their two-factor login (as the tests do).
second_factor.install()

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
WARMUP = 3


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(call):
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}


def floor_call(sql, params):
    def call():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [c.name for c in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return json.dumps(rows, default=str)

    return call


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def measure():
    ctx = spec.context()
    results = []
    clients, frameworks = {}, {}
    for endpoint in spec.endpoints(ctx):
        user = ctx["users"][endpoint.user]  # None: an anonymous visitor (the public register)
        if endpoint.user not in clients:
            client = Client()
            if user is not None:
                client.force_login(user)
            clients[endpoint.user] = client
            trivial = "/bench/trivial/" if user is None else "/bench/authenticated/"
            frameworks[endpoint.user] = timed(lambda c=client, u=trivial: get(c, u))
        client = clients[endpoint.user]

        def call(url=endpoint.url, client=client):
            return get(client, url)

        with CaptureQueriesContext(connection) as queries:
            response = call()
        params = spec.floor_params(ctx) | {"user": user.pk if user else None}
        floor = floor_call(spec.FLOORS[endpoint.floor], params)
        floor_rows = len(json.loads(floor()))
        result = {
            "name": endpoint.name,
            "kind": endpoint.kind,
            "url": endpoint.url,
            "is_list": endpoint.is_list,
            "queries": len(queries),
            "bytes": len(response.content),
            "floor_rows": floor_rows,
            **timed(call),
        }
        result["floor"] = timed(floor)
        result["framework"] = frameworks[endpoint.user]
        both = result["framework"]["median_ms"] + result["floor"]["median_ms"]
        result["ratio"] = result["median_ms"] / both
        result["sql_ratio"] = result["median_ms"] / result["floor"]["median_ms"]
        results.append(result)
        print(
            f"  {endpoint.kind:4} {endpoint.name:26} {result['queries']:3} q "
            f"{result['median_ms']:8.1f} ms  floors {result['framework']['median_ms']:5.1f} + "
            f"{result['floor']['median_ms']:6.1f} ms  x{result['ratio']:.1f}",
            file=sys.stderr,
        )
    return {"endpoints": results, "context": {
        "kamer": ctx["kamer"].code, "revision": ctx["revision"].pk,
        "agreement": ctx["agreement"].pk, "table": ctx["table"].pk,
    }}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(measure()))
