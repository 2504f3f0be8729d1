"""What notifications keeps for a limited time (registered with core.retention)."""

from django.utils.translation import gettext_lazy as _

from core.retention import Kind, register, remove

from .models import DeliveryLog, Notification

register(Kind(
    "notifications", _("notifications that were read"), 365,
    lambda cutoff, dry_run: remove(
        Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff), dry_run
    ),
))  # fmt: skip
register(Kind(
    "delivery_logs", _("email delivery log"), 365,
    lambda cutoff, dry_run: remove(DeliveryLog.objects.filter(at__lt=cutoff), dry_run),
))  # fmt: skip
