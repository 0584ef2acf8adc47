"""Is a background worker running? Each worker (manage.py run_worker) records a heartbeat
in the database every WORKER_HEARTBEAT_SECONDS, from a thread beside its task loop; one
heard from within three beats is running. The database serves every web process and host."""

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from plans.models.worker import WorkerHeartbeat

logger = logging.getLogger(__name__)


def late_after() -> dt.timedelta:
    return dt.timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS)


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    """Say this worker is alive; forget workers not heard of for a day (restarted ones)."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()


def worker_running(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - late_after()).exists()


def start_heartbeat(worker_id: str) -> threading.Event:
    """Beat from a daemon thread until the returned event is set; a database that cannot
    be reached skips a beat (the worker itself waits the outage out)."""
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                beat(worker_id)
            except DatabaseError as error:
                logger.warning("Worker heartbeat skipped: %s", error)
            finally:
                connection.close()  # this thread's own connection
            stop.wait(settings.WORKER_HEARTBEAT_SECONDS)

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop
