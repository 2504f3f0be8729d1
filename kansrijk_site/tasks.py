"""Site-wide housekeeping tasks (thin: they call the service that does the work)."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task
def clear_expired_sessions() -> None:
    """Remove expired sessions through the session engine's own clean-up."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task
def apply_retention() -> list[dict]:
    """The daily retention run (core.retention): what passed its period is removed."""
    from core import retention

    return [{"kind": r.kind, "count": r.count} for r in retention.run(dry_run=False)]
