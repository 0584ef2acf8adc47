"""
`manage.py run_worker`: django-tasks-db's `db_worker`, that waits out database outages.

`db_worker` ends on the first error reaching the database: a restart, a fail-over or two
seconds of network trouble stop the background work until someone notices. This command
takes the same options and runs the same worker; when the database cannot be reached it
logs the outage once, closes the broken connection, tries again after growing pauses
(half a second up to ten) and, once the database answers, starts the worker again. Any
other error still ends the process, and systemd starts it again
(deploy/serviceplans-worker.service). While it runs it records a heartbeat (plans/worker.py)
that /healthz and the packs' progress pages read.

With --reload (the default while DEBUG) Django's reloader runs the worker in a thread,
where an outage still stops it: production runs with --no-reload (the default there).
"""

import logging
import os
import socket
import time
from contextlib import suppress

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django_tasks_db.management.commands import db_worker

from plans.worker import start_heartbeat

logger = logging.getLogger(__name__)

FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 10


class Command(db_worker.Command):
    help = "Run the background task worker (db_worker), waiting out database outages."

    def handle(self, *args, **options):
        stop = start_heartbeat(options.get("worker_id") or f"{socket.gethostname()}-{os.getpid()}")
        try:
            while True:
                try:
                    return super().handle(*args, **options)
                except (OperationalError, InterfaceError) as error:
                    wait_for_database(error)
        finally:
            stop.set()


def wait_for_database(error: DatabaseError) -> None:
    """Return once the database answers again; log the outage when it starts and ends."""
    logger.warning("Worker: the database cannot be reached, waiting for it: %s", error)
    started = time.monotonic()
    pause = FIRST_PAUSE_SECONDS
    while True:
        with suppress(DatabaseError):
            connection.close()  # a broken connection is never reused
        time.sleep(pause)
        try:
            connection.ensure_connection()
        except (OperationalError, InterfaceError):
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
            continue
        logger.warning("Worker: the database is back after %.0f s", time.monotonic() - started)
        return
