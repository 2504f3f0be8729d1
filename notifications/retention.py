"""What notifications keeps for a limited time (registered with core.retention)."""

from django.utils.translation import gettext_lazy as _

from core.retention import Kind, register

from .models import DeliveryLog, Notification


def _remove(queryset, dry_run: bool) -> int:
    count = queryset.count()
    if not dry_run and count:
        queryset.delete()
    return count


register(Kind(
    "notifications", _("notifications that were read"), 365,
    lambda cutoff, dry_run: _remove(
        Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff), dry_run
    ),
))  # fmt: skip
register(Kind(
    "delivery_logs", _("email delivery log"), 365,
    lambda cutoff, dry_run: _remove(DeliveryLog.objects.filter(at__lt=cutoff), dry_run),
))  # fmt: skip
