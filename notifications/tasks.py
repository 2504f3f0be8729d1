from celery import shared_task

from . import services


@shared_task(bind=True)
def record_worker_heartbeat(self) -> dict:
    heartbeat = services.record_worker_heartbeat(hostname=self.request.hostname or "eager")
    return {
        "id": heartbeat.pk,
        "hostname": heartbeat.hostname,
        "at": heartbeat.beat_at.isoformat(),
    }
