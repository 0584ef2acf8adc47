"""The returns calendar set-up page, and what reads it: the deadline proposed when a return
is opened (reminders: tests/returns/test_reminders.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Role
from returns.models import Return
from setup.checklist import council_tasks
from tests import factories

URL = "/setup/returns-calendar/"


def posted(**changes):
    return {
        "return_deadline_days": "15",
        "reminder_days_before": "5",
        "reminder_days_after": "2",
        "escalation_days_after": "10",
    } | changes


def test_the_url():
    assert reverse("setup:returns_calendar") == URL


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, posted()).status_code == 403
    world.council.refresh_from_db()
    assert world.council.return_deadline_days == 20


def test_another_councils_lead_sets_their_own_councils_calendar(client_for, world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    assert client_for(lead).post(URL, posted()).status_code == 302
    world.council.refresh_from_db()
    world.foreign_council.refresh_from_db()
    assert world.council.return_deadline_days == 20
    assert world.foreign_council.return_deadline_days == 15


def test_the_page_shows_the_days_in_two_fieldsets(client_for, world):
    page = client_for(world.lead).get(URL).text
    assert '<h1 class="govuk-heading-l">Returns calendar</h1>' in page
    assert page.count("<legend") == 2 and "Deadline" in page and "Reminders" in page
    assert 'name="return_deadline_days" value="20"' in page
    assert reverse("setup:task_list") in page  # breadcrumbs


def test_the_lead_saves_the_calendar(client_for, world):
    response = client_for(world.lead).post(URL, posted())
    assert response.status_code == 302 and response.url == reverse("setup:task_list")
    council = world.council
    council.refresh_from_db()
    assert (
        council.return_deadline_days,
        council.reminder_days_before,
        council.reminder_days_after,
        council.escalation_days_after,
    ) == (15, 5, 2, 10)
    (task,) = [t for t in council_tasks(council) if t.title == "Returns calendar"]
    assert "Returns are due 15 days after the quarter or month ends." in task.hint


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"return_deadline_days": ""}, "return_deadline_days", "Enter a number of days, like 20"),
        (
            {"return_deadline_days": "soon"},
            "return_deadline_days",
            "Enter the number of days as a whole number, like 20",
        ),
        (
            {"return_deadline_days": "0"},
            "return_deadline_days",
            "Enter a number of days from 1 to 90",
        ),
        (
            {"reminder_days_before": "61"},
            "reminder_days_before",
            "Enter a number of days from 1 to 60",
        ),
        (
            {"escalation_days_after": "2"},
            "escalation_days_after",
            "The reminder to managers must go more days after the deadline than the late "
            "reminder (2 days)",
        ),
    ],
)
def test_bad_days_are_refused_keeping_what_was_typed(client_for, world, changes, field, message):
    response = client_for(world.lead).post(URL, posted(**changes))
    html = response.text
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{field}"' in html and "<title>Error: " in html
    assert f'name="{field}" value="{changes[field]}"' in html or not changes[field]
    assert html.count('class="govuk-error-message"') == 1  # said once, on its field
    world.council.refresh_from_db()
    assert world.council.return_deadline_days == 20


# --- Opening a return proposes the deadline from the calendar ---------------------------------


def open_form(**changes):
    return {
        "frequency": "quarterly",
        "period": "2026-2",
        "deadline": "",
        "asks": ["results"],
    } | changes


def test_the_open_a_return_form_proposes_the_calendars_deadline(client_for, world, today):
    world.council.return_deadline_days = 25
    world.council.save()
    page = client_for(world.lead).get(reverse("returns:return_create")).text
    # Today is 10 October 2026: the last quarter ended on 30 September.
    assert "returns calendar: 25 days after the quarter or month ends" in page
    assert "for Q2 2026/27, 25 October 2026" in page


def test_a_blank_deadline_is_the_calendars_days_after_the_period(client_for, world, today):
    world.council.return_deadline_days = 25
    world.council.save()
    client = client_for(world.lead)
    url = reverse("returns:return_create")
    response = client.post(url, open_form(services=[world.service.pk]))
    assert response.status_code == 302
    assert Return.objects.get(quarter=2).deadline == dt.date(2026, 10, 25)
    monthly = open_form(frequency="monthly", month="2026-6", services=[world.service.pk])
    assert client.post(url, monthly).status_code == 302
    assert Return.objects.get(month=6).deadline == dt.date(2026, 10, 25)  # September + 25


def test_a_typed_deadline_still_wins(client_for, world, today):
    client = client_for(world.lead)
    data = open_form(deadline="01/11/2026", services=[world.service.pk])
    assert client.post(reverse("returns:return_create"), data).status_code == 302
    assert Return.objects.get().deadline == dt.date(2026, 11, 1)
