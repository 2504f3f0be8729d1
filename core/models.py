"""The ground's own data: how long each kind of data is kept, and every retention run."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionPeriod(models.Model):
    """How long a kind of data is kept (Beheer): without a row, the kind's default applies
    (core.retention lists the kinds the apps registered, with their defaults)."""

    kind = models.CharField(_("kind of data"), max_length=40, unique=True)
    days = models.PositiveIntegerField(_("kept for (days)"))
    note = models.CharField(_("why"), max_length=255, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self):
        return f"{self.kind}: {self.days}"


class RetentionRun(models.Model):
    """One kind handled by one retention run: what passed its period and what was done
    (nothing, in a dry run). Written once, never changed (a PostgreSQL trigger)."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("kind of data"), max_length=40)
    days = models.PositiveIntegerField(_("kept for (days)"))
    cutoff = models.DateTimeField(_("older than"))
    dry_run = models.BooleanField(_("dry run"))
    count = models.PositiveIntegerField(_("records"))

    class Meta:
        ordering = ["-at", "kind"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.kind}: {self.count}"
