"""Health checks for ``/health/``: database, cache/broker, migrations, last worker heartbeat."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


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
    """Informational: when the Celery worker last ran its periodic heartbeat."""
    from notifications.selectors import last_worker_heartbeat

    try:
        heartbeat = last_worker_heartbeat()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "last_heartbeat": heartbeat.isoformat() if heartbeat else None}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "migrations": check_migrations,
}


def run_checks() -> tuple[bool, dict]:
    results = {name: check() for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in results.values())
    if results["database"]["ok"]:
        results["worker"] = check_worker()
    return healthy, results
