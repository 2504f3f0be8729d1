"""What agreements keeps for a limited time (registered with core.retention): who submitted a
start/stop notice and who granted it a late exception. The notice itself stays, without the
names: the programme offer it records and the monitor's counts per study year are the
public record of the mbo offer."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.retention import Kind, register

from .models import StartStopNotice


def anonymise_notices(cutoff, dry_run: bool) -> int:
    """Notices created before ``cutoff`` that still name a person (who submitted it, who
    granted the late exception, who changed it in its history) lose those names."""
    history = StartStopNotice.history.filter(
        Q(history_user__isnull=False)
        | Q(submitted_by__isnull=False)
        | Q(late_exception_by__isnull=False)
    )
    named = (
        Q(submitted_by__isnull=False)
        | Q(late_exception_by__isnull=False)
        | Q(pk__in=history.values("id"))
    )
    passed = StartStopNotice.objects.filter(named, created_at__lt=cutoff)
    count = passed.count()
    if not dry_run and count:
        StartStopNotice.history.filter(id__in=passed.values("pk")).update(
            submitted_by=None, late_exception_by=None, history_user=None
        )
        passed.update(submitted_by=None, late_exception_by=None)
    return count


register(Kind(
    "notices", _("start/stop notices: who submitted them and granted late exceptions"),
    5 * 365, anonymise_notices,
))  # fmt: skip
