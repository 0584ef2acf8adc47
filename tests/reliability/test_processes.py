"""Processes and the database going away: what a page answers, a worker that waits out a
database restart, and a PDF helper that does not outlive its web process."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import ProgrammingError
from django.test import Client
from django.urls import reverse

from tests.reliability.test_faults import database_unreachable

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


# --- the PDF helper and its web process --------------------------------------------------

# A web process as the app runs one: it starts its PDF helper, says the helper's pid, waits.
WEB_PROCESS = """
import time
import django
django.setup()
from plans import pdf_helper
pdf_helper.wait_until_ready(timeout=120)
print(*pdf_helper._pool._processes, flush=True)
time.sleep(600)
"""


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (an orphan's reaper may be slow)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_until(condition, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_pdf_helper_exits_when_its_web_process_is_killed():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "serviceplans.settings", "PDF_HELPER": "true"}
    web = subprocess.Popen(
        [sys.executable, "-c", WEB_PROCESS],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    helper = None
    try:
        helper = int(web.stdout.readline())  # blocks until warm; wait_until_ready bounds it
        assert running(helper)
        web.send_signal(signal.SIGKILL)  # no chance to stop its helper
        web.wait(timeout=30)
        assert wait_until(lambda: not running(helper), timeout=10), "the helper outlived it"
    finally:
        web.kill()
        web.wait(timeout=30)
        web.stdout.close()
        if helper is not None and running(helper):
            os.kill(helper, signal.SIGKILL)
