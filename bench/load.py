"""A short concurrent load: gunicorn with 2 workers on loopback, 8 concurrent clients, a
bounded time per endpoint; requests per second and p95 of each list endpoint against a
trivial Django view behind login on the same server (the authenticated framework floor)."""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench import endpoints as spec  # noqa: E402
from bench.loopback import free_port, wait_for_port  # noqa: E402
from tests import second_factor  # noqa: E402

second_factor.install()  # privileged users are measured as after their two-factor login

CLIENTS = 8
SECONDS = min(20.0, float(os.environ.get("BENCH_LOAD_SECONDS", "10")))
BASE = Path(settings.BASE_DIR)


def session_cookie(user):
    """A real session of ``user`` (after a two-factor login where their role needs one)."""
    if user is None:  # an anonymous visitor (the public register)
        return None
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def hammer(port, path, cookie):
    """CLIENTS threads request ``path`` until SECONDS have passed."""
    latencies, errors = [], []
    stop = time.perf_counter() + SECONDS

    def client():
        mine = []
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    errors.append(response.status)
            except OSError as exc:
                errors.append(repr(exc))
            mine.append((time.perf_counter() - start) * 1000)
        latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "errors": len(errors),
        "error_sample": errors[:3],
    }


def main():
    ctx = spec.context()
    port = free_port()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "kansrijk_site.wsgi:application"],
        cwd=BASE, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        cookies = {}
        results = {}
        hammer(port, "/bench/trivial/", None)  # warm both workers up
        results["trivial view"] = hammer(port, "/bench/trivial/", None)
        cookies["secretary"] = session_cookie(ctx["users"]["secretary"])
        results["authenticated trivial view"] = hammer(
            port, "/bench/authenticated/", cookies["secretary"]
        )
        for name in ("trivial view", "authenticated trivial view"):
            print(f"  load: {name} {results[name]['rps']:.0f} rps", file=sys.stderr)
        for endpoint in spec.endpoints(ctx):
            if not endpoint.is_list:
                continue
            if endpoint.user not in cookies:
                cookies[endpoint.user] = session_cookie(ctx["users"][endpoint.user])
            name = f"{endpoint.kind} {endpoint.name}"
            results[name] = hammer(port, endpoint.url, cookies[endpoint.user])
            floor = "trivial view" if endpoint.user == "anonymous" else "authenticated trivial view"
            results[name]["floor"] = floor
            results[name]["share_of_trivial"] = results[name]["rps"] / results[floor]["rps"]
            print(
                f"  load: {name:32} {results[name]['rps']:6.1f} rps "
                f"p95 {results[name]['p95_ms']:.0f} ms "
                f"({results[name]['share_of_trivial']:.0%} of trivial)",
                file=sys.stderr,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"clients": CLIENTS, "seconds": SECONDS, "workers": 2, "results": results}))


if __name__ == "__main__":
    main()
