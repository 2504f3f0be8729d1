import datetime

from django.db import transaction
from django.utils import timezone

from .models import WorkerHeartbeat

HEARTBEATS_KEPT = datetime.timedelta(days=7)


@transaction.atomic
def record_worker_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Record that a worker ran a task now; drop heartbeats older than a week."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - HEARTBEATS_KEPT).delete()
    return WorkerHeartbeat.objects.create(hostname=hostname, beat_at=now)
