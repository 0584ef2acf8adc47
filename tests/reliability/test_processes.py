"""Processes and the database going away: what a page answers, a worker that waits out a
database restart, and a PDF helper that does not outlive its web process."""

import errno
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from botocore.exceptions import EndpointConnectionError
from django.conf import settings as django_settings
from django.db import ProgrammingError
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.reliability.test_faults import database_unreachable
from tests.reliability.test_worker_killed import stop

# --- pages while the database is down ----------------------------------------------------


def assert_unavailable_for_a_moment(response):
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable for a moment" in page
    assert "Try again in a minute" in page
    for leak in ("Traceback", "OperationalError", "psycopg", "connection", "settings.py"):
        assert leak not in page


def test_a_signed_in_page_is_503_with_retry_after_when_the_database_is_down(
    world, transactional_db, settings
):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    with database_unreachable():
        # The session and the user are read by middleware, before any view runs.
        assert_unavailable_for_a_moment(client.get(world.plan.get_absolute_url()))
    assert client.get(world.plan.get_absolute_url()).status_code == 200  # back again


def test_signing_in_is_503_with_retry_after_when_the_database_is_down(
    world, transactional_db, settings
):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    signing_in = {"username": world.officer.username, "password": "wrong"}
    with database_unreachable():
        assert client.get(reverse("login")).status_code == 200  # the form needs no database
        assert_unavailable_for_a_moment(client.post(reverse("login"), signing_in))
    assert client.post(reverse("login"), signing_in).status_code == 200  # "wrong password"


@pytest.mark.parametrize("error", [RuntimeError("bug"), ProgrammingError("no such column")])
def test_other_failures_stay_500_without_retry_after(world, settings, error):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=error):
        response = client.get(world.plan.get_absolute_url())
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_an_upload_on_a_full_disk_is_503_not_500(world, settings, monkeypatch):
    """Django writes a large upload to a temporary file before any view runs: when the disk is
    full the person is told the service is unavailable, not that it is broken."""
    settings.DEBUG = False
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", full_disk)
    client = Client(raise_request_exception=False)
    client.force_login(world.lead)
    upload = io.BytesIO(b"{" + b" " * 4096 + b"}")
    upload.name = "plan.json"
    response = client.post(reverse("plans:plan_import"), {"file": upload})
    assert_unavailable_for_a_moment(response)


def test_a_file_store_out_of_reach_is_503_not_500(world, settings):
    """The S3-compatible store down or refusing (credentials revoked): the person is told the
    service is unavailable for a moment, wherever it happened."""
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    error = EndpointConnectionError(endpoint_url="https://s3.example.invalid")
    with mock.patch("plans.views.plans.plan_content", side_effect=error):
        assert_unavailable_for_a_moment(client.get(world.plan.get_absolute_url()))


# --- a worker and a database restart -----------------------------------------------------

SLOW_MACHINE = 180  # seconds allowed for anything a subprocess does, on 2 busy cores


class Cluster:
    """A PostgreSQL cluster of the test's own, that the test can stop and start again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/serviceplans"
        # initdb refuses to run as root: the cluster runs as the postgres user then.
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def run(self, tool: str, *args: str) -> None:
        tool = str(Path(os.environ["PGSERVER_BIN"]) / tool)
        subprocess.run([*self.as_pg, tool, *args], check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                 "serviceplans")  # fmt: skip

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        log = str(self.folder / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@contextmanager
def own_cluster():
    folder = Path(tempfile.mkdtemp(prefix="serviceplans-restart-"))
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder)
    try:
        cluster.create()
        yield cluster
    finally:
        with suppress(subprocess.SubprocessError, OSError):
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def manage(cluster: Cluster, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": cluster.url}
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=django_settings.BASE_DIR,
                            env=env, **popen)  # fmt: skip


def manage_output(cluster: Cluster, *args: str) -> str:
    process = manage(cluster, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=SLOW_MACHINE)
    assert process.returncode == 0, err
    return out


def enqueue_a_pack(cluster: Cluster) -> str:
    """Queue a real task of the app: building the pack of a job that does not exist (it reads
    the database, then fails with "PackJob matching query does not exist")."""
    code = "from packs.tasks import pack_build; print(pack_build.enqueue(0).id)"
    return manage_output(cluster, "shell", "--no-imports", "-c", code).strip()


def finished(cluster: Cluster, task_id: str) -> tuple[str, str] | None:
    with psycopg.connect(cluster.url) as conn:
        row = conn.execute(
            f"SELECT status, exception_class_path FROM {DBTaskResult._meta.db_table} WHERE id = %s",  # noqa: S608
            [task_id],
        ).fetchone()
    return row if row[0] in ("SUCCESSFUL", "FAILED") else None


def assert_run_by_the_worker(cluster: Cluster, task_id: str) -> None:
    deadline = time.monotonic() + SLOW_MACHINE
    while (result := finished(cluster, task_id)) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert result is not None, f"task {task_id} not run within {SLOW_MACHINE} s"
    assert result[0] == "FAILED" and result[1].endswith(".PackJob.DoesNotExist")


def test_the_worker_waits_out_a_database_restart(tmp_path):
    log = tmp_path / "worker.log"
    with own_cluster() as cluster:
        manage_output(cluster, "migrate", "--noinput")
        worker = manage(cluster, "run_worker", "--no-reload", "--no-startup-delay",
                        "--interval", "0.2", stdout=log.open("wb"), stderr=subprocess.STDOUT)  # fmt: skip
        try:
            assert_run_by_the_worker(cluster, enqueue_a_pack(cluster))
            cluster.stop()
            time.sleep(3)  # the worker looks for tasks every 0.2 s, and finds no database
            assert worker.poll() is None, log.read_text()
            cluster.start()
            assert_run_by_the_worker(cluster, enqueue_a_pack(cluster))
            assert worker.poll() is None, log.read_text()
            output = log.read_text()
            assert output.count("the database cannot be reached") == 1, output  # once an outage
            assert "the database is back after" in output
        finally:
            stop(worker)
