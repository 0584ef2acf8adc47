"""The scheduler (council/schedule.py, `manage.py run_scheduler`): what it queues and when,
through a database outage, and a real process that queues for the worker and stops on a
signal."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from council.schedule import Periodic, enqueue_due, schedule

REMIND = "returns.tasks.returns_remind"
TIDY = "packs.tasks.packs_tidy"
FILES = "council.tasks.waiting_files_tidy"
HOUR = 3600


def test_the_apps_declare_their_periodic_tasks():
    entries = {entry.name: entry.every for entry in schedule()}
    assert entries == {
        FILES: dt.timedelta(hours=6),
        REMIND: dt.timedelta(hours=1),
        TIDY: dt.timedelta(days=1),
    }


@pytest.mark.django_db
def test_each_task_is_queued_at_once_then_as_often_as_it_asks():
    entries = schedule()
    last = {}
    assert enqueue_due(entries, last, 0.0) == [FILES, TIDY, REMIND]  # the first look: all
    assert enqueue_due(entries, last, 60.0) == []
    assert enqueue_due(entries, last, HOUR - 1) == []
    assert enqueue_due(entries, last, HOUR) == [REMIND]
    assert enqueue_due(entries, last, 6 * HOUR) == [FILES, REMIND]
    assert enqueue_due(entries, last, 24 * HOUR) == [FILES, TIDY, REMIND]


class Unqueueable:
    """A task whose queue (the database) is away."""

    module_path = "tests.unqueueable"

    def enqueue(self):
        raise OperationalError("the database cannot be reached")


@pytest.mark.django_db
def test_a_task_that_cannot_be_queued_is_queued_at_the_next_look(monkeypatch):
    entry = Periodic(Unqueueable(), dt.timedelta(hours=1))
    last = {}
    assert enqueue_due([entry], last, 0.0) == []
    assert last == {}
    monkeypatch.setattr(Unqueueable, "enqueue", lambda self: None)
    assert enqueue_due([entry], last, 60.0) == ["tests.unqueueable"]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_the_command_queues_for_the_worker_and_stops_on_a_signal(transactional_db, stop_with):
    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "0.2"],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(), "LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        queued = set()
        while time.monotonic() < deadline and queued != {FILES, REMIND, TIDY}:
            queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
            time.sleep(0.1)
        assert queued == {FILES, REMIND, TIDY}
        time.sleep(0.5)  # a few more looks: nothing is queued twice within its interval
        assert DBTaskResult.objects.count() == 3
        scheduler.send_signal(stop_with)
        output, _ = scheduler.communicate(timeout=10)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
            scheduler.wait()
    assert scheduler.returncode == 0
    assert b"Scheduler: stopped" in output
