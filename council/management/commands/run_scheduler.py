"""
`manage.py run_scheduler`: queue the apps' periodic tasks (council/schedule.py) for the
worker, each as often as it asks, until stopped with SIGTERM or Ctrl-C.

Run one per deployment (`make run` starts it; deploy/serviceplans-scheduler.service in
production). It looks at the schedule every --interval seconds, so a task is queued at
most that late. It keeps going through a database outage (a task it cannot queue is
queued at its next look); anything else ends it, and systemd starts it again.
"""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from council.schedule import enqueue_due, schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue the periodic tasks (reminders, tidying packs) for the worker, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=60,
            help="Seconds between looks at the schedule (default 60).",
        )

    def handle(self, *args, interval: float, **options):
        entries = schedule()
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        logger.info(
            "Scheduler: started; %s",
            ", ".join(
                f"{entry.name} every {entry.every.total_seconds():.0f} s" for entry in entries
            ),
        )
        last: dict[str, float] = {}
        while not stop.is_set():
            close_old_connections()
            for name in enqueue_due(entries, last, time.monotonic()):
                logger.info("Scheduler: queued %s", name)
            stop.wait(interval)
        logger.info("Scheduler: stopped")
