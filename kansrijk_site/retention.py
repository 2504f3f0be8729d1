"""What the site keeps for a limited time (registered with core.retention): sessions."""

from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from core.retention import Kind, register


def remove_sessions(cutoff, dry_run: bool) -> int:
    expired = Session.objects.filter(expire_date__lt=cutoff)
    count = expired.count()
    if not dry_run and count:
        expired.delete()
    return count


register(Kind("sessions", _("expired sessions"), 0, remove_sessions))
