"""The Celery application: configured from Django settings (``CELERY_*``), tasks autodiscovered."""

from celery import Celery

from kansrijk_site.settings.environment import load_settings

load_settings("kansrijk_site.settings.base")

app = Celery("kansrijk_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
