"""Notifications and delivery; for now the worker heartbeat that shows Celery is alive."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by the periodic heartbeat task: proof that beat and a worker run."""

    hostname = models.CharField(_("worker"), max_length=255)
    beat_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
