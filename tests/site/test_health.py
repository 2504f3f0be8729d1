from datetime import timedelta

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_is_200_when_everything_works(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "broker", "migrations"} <= set(body["checks"])
    assert body["checks"]["migrations"] == {"ok": True, "pending": []}
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
)
def test_health_is_503_when_the_cache_is_down(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["cache"]["ok"] is False


def test_health_is_503_when_the_broker_is_down(client, settings):
    from kansrijk_site.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    previous = app.conf.broker_url
    app.conf.broker_url = settings.REDIS_URL
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


@override_settings(MIGRATION_MODULES={"arbitration": "tests.site.pending_migrations"})
def test_health_is_503_with_a_pending_migration(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "pending": ["arbitration.0001_pending"],
    }


# -- the worker: with a broker, a missing or stale heartbeat makes the site degraded ------


@pytest.fixture
def with_broker(settings):
    """As in production: tasks go to a broker, so a worker must run and beat."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    from kansrijk_site import health

    # The broker itself is checked on its own (above); here only the worker is at stake.
    return {**health.CHECKS, "broker": lambda: {"ok": True, "mode": "broker"}}


def _beat(seconds_ago):
    from django.utils import timezone

    from notifications.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(
        hostname="celery@web-1", beat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def _health(client, monkeypatch, checks):
    monkeypatch.setattr("kansrijk_site.views.CHECKS", checks)
    return client.get("/health/")


def test_embedded_there_is_no_worker_to_wait_for(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {
        "ok": True,
        "mode": "eager",
        "last_heartbeat": None,
    }


def test_with_a_broker_and_no_heartbeat_the_site_is_degraded(client, monkeypatch, with_broker):
    response = _health(client, monkeypatch, with_broker)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["last_heartbeat"] is None
    assert "Celery worker" in body["checks"]["worker"]["error"]
    assert all(body["checks"][name]["ok"] for name in ("database", "cache", "migrations"))


@pytest.mark.parametrize(
    ("seconds_ago", "status"), [(60, 200), (890, 200), (910, 503), (3600, 503)]
)
def test_a_stale_heartbeat_makes_the_site_degraded(
    client, monkeypatch, with_broker, settings, seconds_ago, status
):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 900
    _beat(seconds_ago)
    response = _health(client, monkeypatch, with_broker)
    assert response.status_code == status
    worker = response.json()["checks"]["worker"]
    assert worker["last_heartbeat"] is not None and worker["max_age"] == 900
    if status == 503:
        assert response.json()["status"] == "degraded"
        assert "Celery worker's last heartbeat" in worker["error"]
        assert "(more than 900 s)" in worker["error"]
    else:
        assert response.json()["status"] == "ok" and worker["ok"] is True


def test_the_load_balancer_probe_does_not_wait_for_the_worker(client, with_broker):
    response = client.get("/health/web/")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache", "migrations"}
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(MIGRATION_MODULES={"arbitration": "tests.site.pending_migrations"})
def test_the_load_balancer_probe_fails_on_what_a_web_process_needs(client):
    response = client.get("/health/web/")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
