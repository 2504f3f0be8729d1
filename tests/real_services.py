"""Helpers for tests against the real services of tests/with_services.sh: a Celery worker
process, an SMTP server on loopback (aiosmtpd), stopping and starting Redis and PostgreSQL.

A pytest plugin (tests/conftest.py): its fixtures are available to every test. The tests
that use these helpers carry the ``services`` marker (skipped without PostgreSQL)."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from bench.loopback import free_port  # noqa: F401  (the tests that start servers import it here)

ROOT = Path(__file__).resolve().parents[1]


def wait_until(condition, *, timeout: float, message="", interval: float = 0.2):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds.
    ``message`` may be a callable (e.g. a worker's log), read only on failure."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(
                f"not reached within {timeout} s. {message() if callable(message) else message}"
            )
        time.sleep(interval)


def database_url() -> str:
    """The test database, for processes started by a test (worker, web server)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


# -- SMTP --------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler keeping what it accepted. With ``hold_first`` the first message
    is held in DATA (the sender waits for the answer) until ``release`` is set, and then
    refused: it is never accepted."""

    def __init__(self, *, hold_first: bool = False):
        self.messages = []
        self.hold_first = hold_first
        self.held = threading.Event()  # set when the first DATA arrived and is being held
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        if self.hold_first and not self.held.is_set():
            self.held.set()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self.release.wait, 120)
            return "451 4.3.0 Held by the test and not accepted"
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"

    def wait_for(self, count, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.2)
        return self.messages


def start_smtp(port, inbox=None):
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


# -- Celery ------------------------------------------------------------------------------


@pytest.fixture
def not_eager():
    """Tasks go through the real broker to a worker process, not in-process."""
    from kansrijk_site.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def is_gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2 :].split()[0] in ("Z", "X")


class Worker:
    """A real Celery worker process on the test Redis and the test database, in a process
    group of its own (so that it can be killed with its pool children)."""

    def __init__(self, tmp_path, smtp_port, *, pool="solo", env=None, name="worker"):
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "kansrijk_site.settings.base",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": "https://kansrijk.example.org",
            "NOTIFICATION_RETRY_BASE_SECONDS": "1",
            **(env or {}),
        }
        self.pool = pool
        self.name = name
        self.log_path = tmp_path / f"{name}.log"
        self.process = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        pool = [f"--pool={self.pool}"] + (["--concurrency=1"] if self.pool == "prefork" else [])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kansrijk_site", "worker", *pool,
             f"--hostname={self.name}@%h", "--without-mingle", "--without-gossip", "-l", "info"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        return self

    def pool_children(self) -> list[int]:
        return children_of(self.process.pid)

    def kill(self):
        """SIGKILL the worker and its pool children at once: nothing is acknowledged."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # pool children left behind
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def output(self):
        return self.log_path.read_text()


# -- Redis -------------------------------------------------------------------------------


def redis_cli(*args):
    port = os.environ["KANSRIJK_TEST_REDIS_PORT"]
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", port, *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def start_redis():
    port = os.environ["KANSRIJK_TEST_REDIS_PORT"]
    workdir = os.environ["KANSRIJK_TEST_WORKDIR"]
    subprocess.run(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            workdir,
            "--pidfile",
            f"{workdir}/redis.pid",
            "--logfile",
            f"{workdir}/redis.log",
        ],
        check=True,
        timeout=10,
    )
    for _ in range(50):
        if redis_cli("ping").stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not come back")


# -- PostgreSQL --------------------------------------------------------------------------


def pg_ctl(*args, timeout=90):
    """Run pg_ctl on the test cluster (as ``postgres`` when we are root)."""
    pgdata = os.environ["KANSRIJK_TEST_PGDATA"]
    command = [f"{os.environ['KANSRIJK_TEST_PG_BIN']}/pg_ctl", "-D", pgdata, *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    # The server's output goes to its log file, never to our pipes (we would wait for it).
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
