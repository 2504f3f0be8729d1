"""What the site keeps for a limited time (registered with core.retention): sessions."""

from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from core.retention import Kind, register, remove

register(Kind(
    "sessions", _("expired sessions"), 0,
    lambda cutoff, dry_run: remove(Session.objects.filter(expire_date__lt=cutoff), dry_run),
))  # fmt: skip
