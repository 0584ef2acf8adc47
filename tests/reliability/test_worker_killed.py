"""A real `manage.py db_worker` killed (SIGKILL) in the middle of a performance pack.

The test runs the database task backend (not the immediate one the other tests use) and a
worker subprocess on the test database, so everything the test writes is committed first.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from packs.models import PackChapter, PackJob, PackStatus
from plans.models import Contract
from plans.services.editing import plan_create
from tests import factories

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The subprocess renews a chapter's lease every second; the page judges it lost after ten.
HEARTBEAT_SECONDS = "1"
LEASE_SECONDS = 10
SLOW_MACHINE = 240  # seconds allowed for anything a worker does, on 2 busy cores


def wait_for(condition, *, timeout: float, what: str):
    """Poll until condition() gives something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}")


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def start_worker(media: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
        "PACK_HEARTBEAT_SECONDS": HEARTBEAT_SECONDS,
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],  # fmt: skip
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)


def long_plans(world, count: int) -> None:
    """Give services plans long enough that each chapter takes a while to render."""
    services = [world.service, world.other_service]
    for number in range(count - len(services)):
        service = factories.ServiceFactory(directorate=world.directorate, name=f"Service {number}")
        plan_create(service=service, first_year=2026, last_year=2026, user=world.lead)
        services.append(service)
    for service in services:
        plan = service.plans.get()
        Contract.objects.bulk_create(
            Contract(
                plan=plan, title=f"Contract {n} of {service.name}", supplier="Acme Ltd", position=n
            )  # fmt: skip
            for n in range(120)
        )


def ask_for_pack(client) -> PackJob:
    before = set(PackJob.objects.values_list("pk", flat=True))
    response = client.post(reverse("packs:create"), {"quarter": "2026-2", "scope": "all"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return PackJob.objects.exclude(pk__in=before).get()


def chapter_in_flight(job: PackJob) -> PackChapter | None:
    return job.chapters.filter(done=False, heartbeat_at__isnull=False).first()


def test_a_worker_killed_mid_pack_fails_the_pack_and_the_next_one_is_made(
    world, transactional_db, settings, tmp_path
):
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PACK_LEASE_SECONDS = LEASE_SECONDS
    long_plans(world, count=5)
    client = Client()
    client.force_login(world.clerk)
    log = tmp_path / "worker.log"

    # 1. A worker starts the pack; it is killed while a chapter is being rendered.
    first = start_worker(tmp_path / "media", log)
    try:
        job = ask_for_pack(client)
        chapter = wait_for(
            lambda: chapter_in_flight(job), timeout=SLOW_MACHINE, what="a chapter to start"
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        stop(first)
    assert first.returncode == -signal.SIGKILL
    chapter.refresh_from_db()
    assert not chapter.done and not chapter.file  # it died half-way through this chapter
    job.refresh_from_db()
    assert job.status == PackStatus.RUNNING
    assert job.services_done < job.services_total

    # 2. The progress page keeps refreshing until the lease lapses, then says what happened.
    page = client.get(job.get_absolute_url())
    assert page["Refresh"] == "3"

    def failed_page():
        response = client.get(job.get_absolute_url())
        return response if "Refresh" not in response else None

    response = wait_for(failed_page, timeout=LEASE_SECONDS * 6, what="the pack to be failed")
    text = response.content.decode()
    assert "The pack could not be made" in text
    assert "the process making it stopped responding" in text
    assert "Ask for a new pack" in text
    job.refresh_from_db()
    assert job.status == PackStatus.FAILED and job.finished_at is not None
    assert not PackJob.objects.filter(status__in=[PackStatus.QUEUED, PackStatus.RUNNING]).exists()
    # Nor does the task backend's record of the task the worker was running.
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    assert DBTaskResult.objects.filter(
        args_kwargs__args__0=job.pk,
        status=TaskResultStatus.FAILED,
        exception_class_path="packs.services.WorkerLost",
    ).exists()

    # 3. A fresh worker makes a new pack; the dead one's queued chapters stay abandoned.
    second = start_worker(tmp_path / "media", log)
    try:
        again = ask_for_pack(client)
        wait_for(
            lambda: PackJob.objects.get(pk=again.pk).is_finished,
            timeout=SLOW_MACHINE * 2,
            what=f"the new pack to finish (worker log: {log})",
        )
    finally:
        stop(second)
    again.refresh_from_db()
    assert again.status == PackStatus.DONE, again.message
    assert again.services_done == again.services_total == 6
    assert "Your pack is ready" in client.get(again.get_absolute_url()).content.decode()
    download = client.get(reverse("packs:download", args=[again.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    job.refresh_from_db()
    assert job.status == PackStatus.FAILED  # not brought back to life by the new worker
    assert not job.file
