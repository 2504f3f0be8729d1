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
