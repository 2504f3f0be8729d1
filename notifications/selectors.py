from .models import WorkerHeartbeat


def last_worker_heartbeat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
