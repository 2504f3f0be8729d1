"""Email delivery throughput: the reminders the sweep left pending, delivered by one real
Celery worker (solo pool) to a local SMTP server (aiosmtpd) on loopback, for a bounded time;
against the floor: a plain smtplib loop sending messages of the same size over one
connection to the same server."""

import json
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402

from bench.loopback import free_port  # noqa: E402
from notifications.models import EmailStatus, Notification  # noqa: E402

SECONDS = float(os.environ.get("BENCH_DELIVERY_SECONDS", "30"))
BASE = Path(settings.BASE_DIR)


def count(path):
    try:
        return int(Path(path).read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def smtplib_floor(port, counter, seconds):
    """Messages per second of one smtplib connection: a message as large as a reminder."""
    from django.core.mail import EmailMultiAlternatives

    line = "Nog 7 dagen (tot 1 februari): de agenda van de sectorkamer wacht op u.\n"
    message = EmailMultiAlternatives("Kansrijk: herinnering", line * 16, to=["a@example.org"])
    message.attach_alternative("<p>" + line * 32 + "</p>", "text/html")
    raw = message.message().as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
    base = count(counter)
    with smtplib.SMTP("127.0.0.1", port) as client:
        start = time.perf_counter()
        sent = 0
        while time.perf_counter() - start < seconds:
            client.sendmail("noreply@kansrijk.example", ["a@example.org"], raw)
            sent += 1
        elapsed = time.perf_counter() - start
    while count(counter) < base + sent:  # the server has written down every message
        time.sleep(0.01)
    return {"delivered": sent, "seconds": elapsed, "per_second": sent / elapsed}


def main():
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING).count()
    port = free_port()
    counter = tempfile.mktemp(prefix="kansrijk-bench-smtp-")
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp_sink", str(port), counter], cwd=BASE,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    env = os.environ | {"EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kansrijk_site", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1)
        floor = smtplib_floor(port, counter, min(SECONDS, 10))
        # the relay that the sweep queued, in batches; queue it again in case the broker lost
        # some (what is claimed already is not sent twice)
        from notifications.tasks import relay_pending

        relay_pending.delay()
        deadline = time.monotonic() + 120
        while count(counter) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        first = time.perf_counter()
        base = count(counter)
        stop = first + SECONDS
        while time.perf_counter() < stop and count(counter) < pending:
            time.sleep(0.1)
        elapsed = time.perf_counter() - first
        delivered = count(counter) - base
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        sink.terminate()
        sink.wait(timeout=10)
    result = {
        "pending_at_start": pending,
        "delivered": delivered,
        "seconds": elapsed,
        "per_second": delivered / elapsed if elapsed else None,
        "worker": "1 Celery worker, solo pool",
        "floor": floor,
    }
    result["share_of_floor"] = (result["per_second"] or 0) / floor["per_second"]
    print(
        f"  delivery: {delivered} messages in {elapsed:.1f} s = "
        f"{result['per_second']:.1f}/s (of {pending} pending); smtplib floor "
        f"{floor['per_second']:.0f}/s",
        file=sys.stderr,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
