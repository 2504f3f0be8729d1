"""Health checks: ``/health/`` (everything, the worker included: for a monitor) and
``/health/web/`` (what a web process needs: for a load balancer)."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def check_database() -> dict:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connections[DEFAULT_DB_ALIAS].vendor}


def check_cache() -> dict:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    return {
        "ok": ok,
        "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
    }


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return {"ok": True, "mode": "eager"}
    from kansrijk_site.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def check_migrations() -> dict:
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    return {"ok": not pending, "pending": pending}


def check_worker() -> dict:
    """Whether a Celery worker (with beat) runs: its periodic heartbeat must be recent.

    Embedded (tasks run eagerly, no broker) there is no worker to wait for. With a broker, a
    missing heartbeat or one older than ``HEALTH_HEARTBEAT_MAX_AGE`` means reminders, email
    and digests are not being sent: the site is degraded, and the answer says so.
    """
    from notifications.selectors import last_worker_heartbeat

    if settings.CELERY_TASK_ALWAYS_EAGER:  # tasks run in-process: no worker to wait for
        return {"ok": True, "mode": "eager", "last_heartbeat": None}
    try:
        heartbeat = last_worker_heartbeat()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__, "last_heartbeat": None}
    max_age = settings.HEALTH_HEARTBEAT_MAX_AGE
    result = {"last_heartbeat": heartbeat.isoformat() if heartbeat else None, "max_age": max_age}
    if heartbeat is None:
        return {"ok": False, "error": "no heartbeat from a Celery worker yet", **result}
    age = (timezone.now() - heartbeat).total_seconds()
    if age > max_age:
        error = f"the Celery worker's last heartbeat is {int(age)} s old (more than {max_age} s)"
        return {"ok": False, "error": error, **result}
    return {"ok": True, **result}


# What this web process needs to answer requests: the load balancer's probe (/health/web/).
WEB_CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
}
# Everything the site needs to do its work, the worker included: the monitor's probe (/health/).
CHECKS = {**WEB_CHECKS, "broker": check_broker, "worker": check_worker}


def run_checks(checks: dict = CHECKS) -> tuple[str, dict]:
    """``ok``, ``degraded`` (only the worker fails: pages work, background work does not) or
    ``unhealthy``, with the result of every check."""
    results = {}
    for name, check in checks.items():
        if name == "worker" and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "the database cannot be read"}
            continue
        results[name] = check()
    failing = {name for name, result in results.items() if not result["ok"]}
    if not failing:
        return "ok", results
    return ("degraded" if failing == {"worker"} else "unhealthy"), results
