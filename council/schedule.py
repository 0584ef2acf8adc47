"""Tasks that run by themselves every so often, and what queues them
(`manage.py run_scheduler`: one per deployment).

An app declares a periodic task beside the task itself, so that the scheduler, on the
ground floor, names no app above it (the apps import down, as the import contract wants):

    @periodic(every=dt.timedelta(hours=1))
    @task
    def returns_remind(): ...

The scheduler only queues; the worker runs what it queues. It keeps when it last queued
each task in its own memory, so a restart queues every task at once, and a second
scheduler by mistake would queue each twice as often. That is why a periodic task must be
harmless when run twice: it works out what is due from the database and records what it
did (reminders sent, packs deleted), and a second run finds nothing left to do.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.tasks import Task
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A task queued every so often, with no arguments."""

    task: Task
    every: dt.timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


SCHEDULE: dict[str, Periodic] = {}


def periodic(*, every: dt.timedelta):
    """Declare a task (already made by `@task`) to be queued by the scheduler this often."""

    def declare(task: Task) -> Task:
        SCHEDULE[task.module_path] = Periodic(task, every)
        return task

    return declare


def schedule() -> list[Periodic]:
    """Every app's periodic tasks: importing each app's `tasks` module declares them."""
    autodiscover_modules("tasks")
    return sorted(SCHEDULE.values(), key=lambda entry: entry.name)


def enqueue_due(entries: list[Periodic], last: dict[str, float], now: float) -> list[str]:
    """Queue each task never queued yet or last queued `every` ago or more (`now` and `last`
    in seconds of one clock), and note when. A task that cannot be queued (the database
    away) is left for the next call."""
    queued = []
    for entry in entries:
        previous = last.get(entry.name)
        if previous is not None and now - previous < entry.every.total_seconds():
            continue
        try:
            entry.task.enqueue()
        except DatabaseError as error:
            logger.warning("Scheduler: could not queue %s, trying again: %s", entry.name, error)
            connection.close()  # a broken connection is never reused
            continue
        last[entry.name] = now
        queued.append(entry.name)
    return queued
