"""Settings for `make bench`: the product's base settings, DEBUG off, on the services that
tests/with_services.sh starts, with one extra URL (a trivial view: the framework floor)."""

from kansrijk_site.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
