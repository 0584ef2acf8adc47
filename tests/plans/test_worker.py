"""`make run` runs the whole product, and a pack no worker takes says so.

The worker records a heartbeat (plans/worker.py) that /healthz (tests/council/test_views.py)
and a pack's progress page read."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.utils import timezone

from packs.models import PackJob, PackStatus
from plans.models import WorkerHeartbeat
from plans.worker import beat, start_heartbeat, worker_running

ROOT = Path(__file__).resolve().parents[2]
NO_WORKER = "No worker is running: ask your administrator"


def queued_pack(world, minutes_ago: float) -> PackJob:
    job = PackJob.objects.create(
        council=world.council,
        requested_by=world.clerk,
        year=2026,
        quarter=2,
        scope_label="All services",
        status=PackStatus.QUEUED,
        services_total=3,
    )
    created = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PackJob.objects.filter(pk=job.pk).update(created_at=created)
    return job


def test_a_worker_heard_from_within_three_beats_is_running(db, settings):
    now = timezone.now()
    assert not worker_running(now)

    beat("worker-1", now=now - dt.timedelta(seconds=2.5 * settings.WORKER_HEARTBEAT_SECONDS))
    assert worker_running(now)

    beat("worker-1", now=now - dt.timedelta(seconds=3.5 * settings.WORKER_HEARTBEAT_SECONDS))
    assert not worker_running(now)


def test_workers_not_heard_of_for_a_day_are_forgotten(db):
    now = timezone.now()
    beat("restarted", now=now - dt.timedelta(days=2))

    beat("current", now=now)

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["current"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_from_a_thread_until_it_stops(settings):
    settings.WORKER_HEARTBEAT_SECONDS = 0.05
    stop = start_heartbeat("thread-worker")
    try:
        for _ in range(100):
            if WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists():
                break
            stop.wait(0.05)
    finally:
        stop.set()

    assert worker_running()


def test_a_pack_no_worker_takes_says_so_after_the_timeout(world, client_for, settings):
    settings.PACK_QUEUE_TIMEOUT = 1
    fresh = queued_pack(world, minutes_ago=0.5)
    waiting = queued_pack(world, minutes_ago=2)
    client = client_for(world.clerk)

    assert NO_WORKER not in client.get(fresh.get_absolute_url()).content.decode()
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert NO_WORKER in page
    assert "Waiting to start: 0 of 3 services done (0%)." in page


def test_a_pack_waiting_for_a_busy_worker_does_not_blame_the_worker(world, client_for):
    waiting = queued_pack(world, minutes_ago=5)
    beat("busy-worker")

    page = client_for(world.clerk).get(waiting.get_absolute_url()).content.decode()

    assert NO_WORKER not in page
    assert PackJob.objects.get(pk=waiting.pk).status == PackStatus.QUEUED


def test_make_run_starts_the_web_server_and_the_worker_together():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:\n", 1)[1].split("\n\n", 1)[0]
    assert "honcho start" in run
    processes = dict(
        line.split(":", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(processes) == {"web", "worker"}
    for command in processes.values():
        name = re.search(r"manage\.py (\S+)", command).group(1)
        assert name in get_commands(), f"Procfile runs an unknown command: {name}"
    assert "runserver" in processes["web"] and "run_worker" in processes["worker"]
