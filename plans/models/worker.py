"""The background worker's heartbeat: each worker process says it is alive every
WORKER_HEARTBEAT_SECONDS, so pages can tell a pack waiting its turn from one no worker
will ever take (plans/worker.py)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"
