"""Strict configuration: every variable the settings read, set empty and set malformed.

Empty counts as unset (the default applies, or the start is refused when there is none); a
malformed value is refused with one line naming the variable and what it expects, and never
echoes a value that may hold a secret.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from kansrijk_site.settings.environment import ConfigurationError, Environment

ROOT = Path(__file__).resolve().parents[2]
BASE = "kansrijk_site.settings.base"
PRODUCTION = "kansrijk_site.settings.production"
PRODUCTION_ENV = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "kansrijk.example"}

# variable, settings module, the setting it feeds, a malformed value, what the refusal says
VARIABLES = [
    ("SECRET_KEY", BASE, "SECRET_KEY", None, None),
    ("DJANGO_DEBUG", BASE, "DEBUG", "maybe", "true/false"),
    ("ALLOWED_HOSTS", BASE, "ALLOWED_HOSTS", "a,,b", "comma-separated list"),
    ("SITE_URL", BASE, "SITE_URL", "kansrijk.example", "http://"),
    ("CSRF_TRUSTED_ORIGINS", BASE, "CSRF_TRUSTED_ORIGINS", "kansrijk.example", "origins"),
    ("DATABASE_URL", BASE, "DATABASES", "mysql//root:geheim@db", "database URL"),
    ("CONN_MAX_AGE", BASE, "CONN_MAX_AGE", "sixty", "whole number"),
    ("AXES_FAILURE_LIMIT", BASE, "AXES_FAILURE_LIMIT", "0", "at least 1"),
    ("AXES_IPWARE_PROXY_COUNT", BASE, "AXES_IPWARE_PROXY_COUNT", "-1", "at least 0"),
    ("STATIC_ROOT", BASE, "STATIC_ROOT", None, None),
    ("MEDIA_ROOT", BASE, "MEDIA_ROOT", None, None),
    ("REDIS_URL", BASE, "REDIS_URL", "localhost:6379", "redis://"),
    ("CELERY_VISIBILITY_TIMEOUT", BASE, "CELERY_BROKER_TRANSPORT_OPTIONS", "1h", "whole number"),
    ("CELERY_BROKER_TRANSPORT_OPTIONS", BASE, "CELERY_BROKER_TRANSPORT_OPTIONS", "[1]", "JSON"),
    ("NOTIFICATION_RETRY_BASE_SECONDS", BASE, "NOTIFICATION_RETRY_BASE_SECONDS", "0", "at least 1"),
    ("NOTIFICATION_SEND_LEASE_SECONDS", BASE, "NOTIFICATION_SEND_LEASE_SECONDS", "x", "number"),
    ("HEALTH_HEARTBEAT_MAX_AGE", BASE, "HEALTH_HEARTBEAT_MAX_AGE", "120", "at least 300"),
    ("EMAIL_URL", BASE, "EMAIL_BACKEND", "smtp://user:geheim@:25", "email URL"),
    ("DEFAULT_FROM_EMAIL", BASE, "DEFAULT_FROM_EMAIL", None, None),
    ("LOG_LEVEL", BASE, "LOGGING", "loud", "one of DEBUG"),
    ("SECRET_KEY", PRODUCTION, "SECRET_KEY", "kort-geheim", "at least 50"),
    ("ALLOWED_HOSTS", PRODUCTION, "ALLOWED_HOSTS", ",", "without empty items"),
    ("SECURE_SSL_REDIRECT", PRODUCTION, "SECURE_SSL_REDIRECT", "ja", "true/false"),
    ("AXES_IPWARE_PROXY_COUNT", PRODUCTION, "AXES_IPWARE_PROXY_COUNT", "een", "whole number"),
    ("STATIC_ROOT", PRODUCTION, "STATIC_ROOT", None, None),
]
REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS"]
OPTIONAL = [v for v in VARIABLES if not (v[1] == PRODUCTION and v[0] in REQUIRED_IN_PRODUCTION)]
CHECKED = [v for v in VARIABLES if v[3] is not None]  # the others take any text


def _ids(rows):
    return [f"{module.rsplit('.', 1)[-1]}:{name}" for name, module, *_ in rows]


pytestmark = pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")


def _settings(monkeypatch, module, **variables):
    for name in list(os.environ):
        if name in {v[0] for v in VARIABLES}:
            monkeypatch.delenv(name)
    if module == PRODUCTION:
        for name, value in PRODUCTION_ENV.items():
            monkeypatch.setenv(name, value)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module(module)


@pytest.mark.parametrize(
    ("name", "module", "setting", "_bad", "_says"), OPTIONAL, ids=_ids(OPTIONAL)
)
def test_an_empty_variable_counts_as_unset(monkeypatch, name, module, setting, _bad, _says):
    unset = _settings(monkeypatch, module)[setting]
    assert _settings(monkeypatch, module, **{name: ""})[setting] == unset
    assert _settings(monkeypatch, module, **{name: "   "})[setting] == unset


@pytest.mark.parametrize(("name", "module", "setting", "bad", "says"), CHECKED, ids=_ids(CHECKED))
def test_a_malformed_variable_is_refused_naming_it(monkeypatch, name, module, setting, bad, says):
    with pytest.raises(ConfigurationError) as refused:
        _settings(monkeypatch, module, **{name: bad})
    message = str(refused.value)
    assert message.startswith(f"{name} is malformed: it expects ")
    assert says in message
    assert "\n" not in message
    assert "geheim" not in message  # a URL's password, a short secret key: never echoed


@pytest.mark.parametrize("name", REQUIRED_IN_PRODUCTION)
@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_production_refuses_to_start_without_its_required_variables(monkeypatch, name, value):
    _settings(monkeypatch, PRODUCTION)  # a valid production environment starts
    if value is None:
        monkeypatch.delenv(name)
    else:
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=f"^{name} must be set: it expects "):
        runpy.run_module(PRODUCTION)


def test_the_values_are_read_as_what_they_mean():
    env = Environment(
        {
            "B": "Yes",
            "I": " 7 ",
            "L": "a, b",
            "D": "postgres://u:p@db.example:5432/kansrijk",
            "S": "postgres:///kansrijk",
            "E": "smtp+tls://u:p@mail.example:587",
            "J": '{"unacked_restore_interval": 5}',
        }
    )
    assert env.bool("B") is True
    assert env.int("I") == 7
    assert env.list("L") == ["a", "b"]
    database = env.db_url("D")
    assert (database["ENGINE"], database["HOST"], database["PORT"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5432,
        "kansrijk",
    )
    assert env.db_url("S")["NAME"] == "kansrijk"  # over the local socket: no host needed
    assert env.email_url("E")["EMAIL_USE_TLS"] is True
    assert env.json_object("J") == {"unacked_restore_interval": 5}
    assert env.int("MISSING", default=3) == 3
    with pytest.raises(ConfigurationError, match="^MISSING must be set"):
        env.int("MISSING")


def _manage(**variables):
    environment = {k: v for k, v in os.environ.items() if k not in {v[0] for v in VARIABLES}}
    environment |= {"DJANGO_SETTINGS_MODULE": BASE, **variables}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_start_is_refused_with_one_line_naming_the_variable():
    started = _manage(DATABASE_URL="postgres://kansrijk:geheim@db:poort/kansrijk")
    assert started.returncode == 2
    assert started.stdout == ""
    assert started.stderr.splitlines() == [
        "Kansrijk cannot start: DATABASE_URL is malformed: it expects a database URL such as "
        "postgres://user:password@host:5432/name or sqlite:///path."
    ]


def test_an_empty_database_url_starts_embedded(tmp_path):
    # The example: DATABASE_URL= used to end in KeyError: 'ENGINE' deep in the settings.
    started = _manage(DATABASE_URL="", REDIS_URL="", MEDIA_ROOT=str(tmp_path))
    assert started.returncode == 0, started.stderr
    assert "no issues" in started.stdout
