"""Settings for the test suite (pytest). Services come from DATABASE_URL and REDIS_URL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests call tasks through the API under test; the real worker test opts out explicitly.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kansrijk-test-media-"))
# The permission matrix and the fuzzing send hundreds of requests from one address: the
# public API's limit is tested on its own (tests/register/test_opendata.py).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public": "100000/min"}}  # noqa: F405
