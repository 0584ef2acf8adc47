"""Sign-in, the dashboard for each role, the admin for each role, and the health check."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from council.models import Directorate, Service, User
from plans.worker import beat
from tests import factories


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_login_page_is_public_and_has_a_labelled_form(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'<label class="govuk-label" for="id_username">Username</label>' in response.content


def test_sign_in_lands_on_the_dashboard(client, world):
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "serviceplans-test"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert b"Your dashboard" in response.content


def test_wrong_password_shows_an_error_summary(client, world):
    response = client.post("/accounts/login/", {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Error: Sign in" in response.content
    assert b'value="officer"' in response.content


def test_repeated_wrong_passwords_lock_the_account_out(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "officer", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "serviceplans-test"}
    )
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    assert "_auth_user_id" not in client.session


def test_officer_dashboard_shows_their_plan_and_start_button(client_for, world):
    response = client_for(world.officer).get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Customer Services service plan 2026/27 to 2028/29" in content
    assert "Revenues service plan" not in content
    assert "Start a plan" in content


def test_manager_dashboard_shows_directorate_plans_read_only(client_for, world):
    response = client_for(world.manager).get("/")
    content = response.content.decode()
    assert "Customer Services service plan" in content
    assert "Revenues service plan" not in content
    assert "Start a plan" not in content


@pytest.mark.parametrize("who", ["clerk", "lead"])
def test_clerk_and_lead_dashboards_show_every_plan_of_the_council(client_for, world, who):
    content = client_for(getattr(world, who)).get("/").content.decode()
    assert "Customer Services service plan" in content
    assert "Revenues service plan" in content
    assert "Elsewhere" not in content


def test_dashboard_shows_the_council_name(client_for, world):
    content = client_for(world.officer).get("/").content.decode()
    assert "Testshire District Council" in content
    assert "crown" not in content.lower()


@pytest.mark.parametrize("who", ["officer", "manager", "clerk", "lead"])
def test_admin_is_closed_to_everyone_but_superusers(client_for, world, who):
    """The performance lead too: their set-up is /setup/ (tests/setup)."""
    response = client_for(getattr(world, who)).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_council_s_superuser_manages_only_that_council_in_the_admin(
    client_for, world, council_operator
):
    client = client_for(council_operator)
    assert client.get("/admin/").status_code == 200
    listing = client.get("/admin/council/service/").content.decode()
    assert "Customer Services" in listing
    assert listing.count("Customer Services") == listing.count("Customer Services")
    foreign_service = world.foreign_plan.service
    assert client.get(f"/admin/council/service/{foreign_service.pk}/change/").status_code == 404
    assert client.get(f"/admin/council/service/{world.service.pk}/change/").status_code == 200


def test_admin_lists_only_the_council_s_own_records(client_for, world, council_operator):
    client = client_for(council_operator)
    users = client.get("/admin/council/user/").content.decode()
    assert "officer" in users
    assert "foreign" not in users


@pytest.mark.parametrize(
    "url, lookup",
    [
        ("/admin/council/service/", "directorate__id__exact"),
        ("/admin/plans/plan/", "service__directorate__id__exact"),
        ("/admin/kpis/indicator/", "service__directorate__id__exact"),
        ("/admin/risks/risk/", "service__id__exact"),
    ],
)
def test_admin_filters_name_only_the_council_s_own_records(
    client_for, world, url, lookup, council_operator
):
    foreign_directorate = Directorate.objects.get(council=world.foreign_council)
    foreign_service = world.foreign_plan.service
    factories.IndicatorFactory(service=world.service)
    factories.IndicatorFactory(service=foreign_service)

    page = client_for(council_operator).get(url).content.decode()

    foreign_pk = foreign_service.pk if lookup.startswith("service__id") else foreign_directorate.pk
    assert f"?{lookup}={foreign_pk}" not in page
    if url == "/admin/council/service/":  # two directorates of its own: the filter is shown
        assert f"?{lookup}={world.directorate.pk}" in page


def test_a_council_s_superuser_adds_a_service_to_their_council(client_for, world, council_operator):
    client = client_for(council_operator)
    response = client.post(
        "/admin/council/service/add/",
        {
            "directorate": world.other_directorate.pk,
            "name": "Planning",
            "code": "planning",
            "head_of_service": "",
            "purpose": "",
        },
    )
    assert response.status_code == 302
    assert Service.objects.get(code="planning").directorate.council == world.council


def test_a_council_s_superuser_cannot_use_another_council_s_directorate(
    client_for, world, council_operator
):
    foreign_directorate = Directorate.objects.get(council=world.foreign_council)
    response = client_for(council_operator).post(
        "/admin/council/service/add/",
        {"directorate": foreign_directorate.pk, "name": "Sneaky", "code": "sneaky"},
    )
    assert response.status_code == 200
    assert not Service.objects.filter(code="sneaky").exists()


def test_a_council_s_superuser_cannot_make_anyone_a_superuser(client_for, world, council_operator):
    client = client_for(council_operator)
    page = client.get(f"/admin/council/user/{world.officer.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page
    data = {
        "username": "officer",
        "first_name": "Pat",
        "last_name": "Tester",
        "email": "",
        "job_title": "",
        "phone": "",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    client.post(f"/admin/council/user/{world.officer.pk}/change/", data)
    world.officer.refresh_from_db()
    assert not world.officer.is_superuser
    assert not world.officer.is_staff


def test_a_council_s_superuser_adds_a_person_with_a_role(client_for, world, council_operator):
    client = client_for(council_operator)
    response = client.post(
        "/admin/council/user/add/",
        {
            "username": "newofficer",
            "first_name": "Nia",
            "last_name": "Hughes",
            "email": "nia@example.org",
            "password1": "a-long-enough-Passw0rd",
            "password2": "a-long-enough-Passw0rd",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.council == world.council
    response = client.post(
        f"/admin/council/user/{user.pk}/change/",
        {
            "username": "newofficer",
            "first_name": "Nia",
            "last_name": "Hughes",
            "email": "nia@example.org",
            "job_title": "",
            "phone": "",
            "is_active": "on",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-name": "officer",
            "roles-0-service": world.sibling_service.pk,
            "roles-0-directorate": "",
        },
    )
    assert response.status_code == 302
    assert user.roles.get().service == world.sibling_service


def test_healthz_ok(client, db):
    beat("worker-1")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}


def test_healthz_says_the_worker_is_late_without_failing_the_web_check(client, db, settings):
    beat(
        "worker-1", now=timezone.now() - dt.timedelta(seconds=4 * settings.WORKER_HEARTBEAT_SECONDS)
    )

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "late"}


def test_healthz_reports_an_unreachable_database(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_accessibility_statement_is_public(client, db):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert b"WCAG" in response.content


def test_unknown_page_is_a_styled_404(client_for, world):
    response = client_for(world.officer).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_dashboard_query_count_does_not_grow_with_plans(client_for, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.services.editing import plan_create

    client = client_for(world.clerk)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    before = count()
    for year in (2027, 2028, 2029):
        for service in (world.service, world.sibling_service, world.other_service):
            plan_create(service=service, first_year=year, last_year=year, user=world.officer)
    assert count() == before


def test_the_403_page_says_why_and_whom_to_ask(client, world):
    client.force_login(world.clerk)
    page = client.post(reverse("plans:plan_create"), {}).content.decode()
    assert "ask your council's performance lead for the role" in page

    client.force_login(world.lead)
    response = client.get(reverse("plans:plan_create"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "Only officers can start a plan." in page
    assert "performance lead" not in page.split("<main", 1)[1].split("Roles are given")[0]
    assert "Roles are given in Set up" in page


def test_someone_with_no_role_is_told_they_are_waiting_on_every_visit(client_for, world):
    """Not only right after a first single sign-on: a leaver's roles taken away, or a
    person not yet mapped coming back the next day, lands on the same page."""
    world.officer.roles.all().delete()
    client = client_for(world.officer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signin:waiting")
    page = client.get(response["Location"]).text
    assert "Your account is waiting for your performance lead" in page
    world.officer.is_superuser = True
    world.officer.save()
    assert client.get(reverse("dashboard")).status_code == 200
