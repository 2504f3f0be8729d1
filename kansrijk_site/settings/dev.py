"""Settings for ``make run``: the embedded defaults with DEBUG on."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_AUTOREFRESH = True
