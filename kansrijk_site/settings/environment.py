"""Reading the settings from the environment, strictly.

Every variable the settings read goes through :class:`Environment`. A variable that is set but
empty (or only white space) counts as unset: its default applies, or, when it has none, the
start is refused. A value that cannot be read as what the variable expects is refused at start
with one line naming the variable and what it expects (:class:`ConfigurationError`); values
that may hold a secret (URLs with a password, the secret key) are never echoed.

``manage.py``, the WSGI/ASGI entry points and the Celery app call :func:`load_settings`
first, so a wrong variable ends the start with that one line instead of a traceback.
"""

import importlib
import json
import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


class ConfigurationError(ImproperlyConfigured):
    """A variable is missing or malformed; the message is one line naming it."""


class Environment:
    """Typed, strict access to environment variables (``os.environ`` unless given)."""

    def __init__(self, environ_: Mapping[str, str] | None = None):
        self.environ = os.environ if environ_ is None else environ_

    def _raw(self, name: str, default, expects: str):
        value = self.environ.get(name, "")
        value = value.strip()
        if value:
            return value
        if default is _MISSING:
            raise ConfigurationError(f"{name} must be set: it expects {expects}.")
        return None

    @staticmethod
    def _refuse(name: str, expects: str, value: str | None = None):
        shown = f", not {value!r}" if value is not None else ""
        raise ConfigurationError(f"{name} is malformed: it expects {expects}{shown}.")

    def str(self, name: str, default=_MISSING, *, min_length: int = 0, secret: bool = False):
        expects = f"a text of at least {min_length} characters" if min_length else "a text"
        value = self._raw(name, default, expects)
        if value is None:
            return default
        if len(value) < min_length:
            self._refuse(name, expects, None if secret else value)
        return value

    def bool(self, name: str, default=_MISSING):
        expects = "one of true/false, yes/no, on/off, 1/0"
        value = self._raw(name, default, expects)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        return self._refuse(name, expects, value)

    def int(self, name: str, default=_MISSING, *, minimum: int = 0):
        expects = f"a whole number of at least {minimum}"
        value = self._raw(name, default, expects)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            return self._refuse(name, expects, value)
        if number < minimum:
            self._refuse(name, expects, value)
        return number

    def list(self, name: str, default=_MISSING):
        expects = "a comma-separated list"
        value = self._raw(name, default, expects)
        if value is None:
            return list(default)
        items = [item.strip() for item in value.split(",")]
        if not all(items):
            self._refuse(name, f"{expects} without empty items", value)
        return items

    def url(self, name: str, default=_MISSING, *, schemes: tuple[str, ...] = ("http", "https")):
        expects = f"a URL starting with {' or '.join(s + '://' for s in schemes)} and a host"
        value = self._raw(name, default, expects)
        if value is None:
            return default
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            self._refuse(name, expects)
        if parts.scheme not in schemes or not parts.hostname:
            self._refuse(name, expects)
        return value

    def urls(self, name: str, default=_MISSING):
        """A comma-separated list of http(s) origins (CSRF_TRUSTED_ORIGINS)."""
        values = self.list(name, default)
        for value in values:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self._refuse(name, "a comma-separated list of http(s):// origins", value)
        return values

    def _config_url(self, name, default, expects, schemes, parse) -> tuple[str, dict]:
        """A URL of one of ``schemes`` parsed by django-environ's ``parse``: its scheme and
        its settings (empty when environ refuses it, such as a port that is not a number)."""
        value = self._raw(name, default, expects)
        if value is None:
            value = default
        scheme = urlsplit(value).scheme
        if scheme not in schemes:
            self._refuse(name, expects)
        try:
            return scheme, parse(value)
        except ValueError:
            return scheme, {}

    def db_url(self, name: str, default=_MISSING) -> dict:
        expects = "a database URL such as postgres://user:password@host:5432/name or sqlite:///path"
        schemes = ("postgres", "postgresql", "pgsql", "sqlite")
        _, config = self._config_url(name, default, expects, schemes, environ.Env.db_url_config)
        if not config.get("NAME"):
            self._refuse(name, expects)
        return config

    def redis_url(self, name: str, default=_MISSING):
        return self.url(name, default, schemes=("redis", "rediss"))

    def email_url(self, name: str, default=_MISSING) -> dict:
        expects = "an email URL such as smtp://user:password@host:587 or consolemail://"
        scheme, config = self._config_url(
            name, default, expects, environ.Env.EMAIL_SCHEMES, environ.Env.email_url_config
        )
        if scheme.startswith("smtp") and not config.get("EMAIL_HOST"):
            self._refuse(name, expects)
        return config

    def json_object(self, name: str, default=_MISSING) -> dict:
        expects = 'a JSON object such as {"key": 1}'
        value = self._raw(name, default, expects)
        if value is None:
            return dict(default)
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            self._refuse(name, expects, value)
        return parsed

    def choice(self, name: str, choices: tuple[str, ...], default=_MISSING):
        expects = f"one of {', '.join(choices)}"
        value = self._raw(name, default, expects)
        if value is None:
            return default
        if value.upper() not in choices:
            self._refuse(name, expects, value)
        return value.upper()


def load_settings(default_module: str) -> None:
    """Import the settings module now; a configuration error ends the start with one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module)
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ConfigurationError as exc:
        sys.stderr.write(f"Kansrijk cannot start: {exc}\n")
        raise SystemExit(2) from None
