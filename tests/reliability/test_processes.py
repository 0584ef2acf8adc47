"""Processes and the database going away: what a page answers, a worker that waits out a
database restart, and a PDF helper that does not outlive its web process."""

from unittest import mock

import pytest
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
