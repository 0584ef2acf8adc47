"""Reminders of a return (returns/reminders.py): which kind goes on which day, to whom, with
what, once only; the task through the task backend; and the tracker showing them.

The return of `rw` is due on 20 October 2026. Customer Services owes a result, an action's
progress and a risk review; Waste and Revenues owe nothing, so they are complete."""

import datetime as dt
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone

from council.models import Council, Role
from returns import reminders, tasks
from returns.models import Reminder, Return, ServiceReturn
from returns.reminders import kind_due, reminders_send
from tests import factories
from tests.conftest import person
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 10, 20)
BEFORE_DAY = dt.date(2026, 10, 13)  # 7 days before
AFTER_DAY = dt.date(2026, 10, 23)  # 3 days after
ESCALATION_DAY = dt.date(2026, 10, 27)  # 7 days after


def give_addresses(*users):
    for user in users:
        user.email = f"{user.username}@testshire.example"
        user.save()


@pytest.fixture
def people(rw):
    """Everyone of the world with an address, and an officer of Waste and of the whole
    Resources directorate beside them, who must never hear of Customer Services' return."""
    w = rw.world
    waste = person(w.council, "waste-officer", Role.Name.OFFICER, service=w.sibling_service)
    resources = person(w.council, "res-officer", Role.Name.OFFICER, directorate=w.other_directorate)
    give_addresses(
        w.officer, w.officer_b, w.manager, w.clerk, w.lead, w.foreign_officer, waste, resources
    )
    return w


# --- Which kind on which day --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (dt.date(2026, 10, 12), None),  # 8 days before: too early
        (BEFORE_DAY, "before"),
        (dt.date(2026, 10, 19), "before"),  # a missed run is made up before the deadline
        (DEADLINE, "on"),
        (dt.date(2026, 10, 21), None),
        (dt.date(2026, 10, 22), None),
        (AFTER_DAY, "after"),
        (dt.date(2026, 10, 26), "after"),
        (ESCALATION_DAY, "escalation"),
        (dt.date(2026, 11, 2), "escalation"),
        (dt.date(2026, 11, 3), None),  # a return long past never e-mails anyone
    ],
)
def test_the_kind_due_follows_the_deadline(day, kind):
    # A council's returns calendar starts at 7 days before, 3 after, 7 after to managers.
    assert kind_due(DEADLINE, day, Council()) == kind


def test_the_days_come_from_the_councils_returns_calendar():
    council = Council(reminder_days_before=2, reminder_days_after=1, escalation_days_after=5)
    assert kind_due(DEADLINE, dt.date(2026, 10, 17), council) is None
    assert kind_due(DEADLINE, dt.date(2026, 10, 18), council) == "before"
    assert kind_due(DEADLINE, dt.date(2026, 10, 21), council) == "after"
    assert kind_due(DEADLINE, dt.date(2026, 10, 25), council) == "escalation"


def test_each_council_is_reminded_on_its_own_days(rw, people):
    council = rw.world.council
    council.reminder_days_before = 10
    council.save()
    sent = reminders_send(today=DEADLINE - dt.timedelta(days=10))
    assert [(r.service_return.service, r.kind) for r in sent] == [(rw.world.service, "before")]
    council.reminder_days_before = 5
    council.save()
    Reminder.objects.all().delete()
    assert reminders_send(today=DEADLINE - dt.timedelta(days=10)) == []


# --- What goes, to whom -------------------------------------------------------------------------


def test_before_the_deadline_the_officers_get_what_is_missing_and_the_link(rw, people):
    sent = reminders_send(today=BEFORE_DAY)
    assert [(r.service_return.service, r.kind) for r in sent] == [(rw.world.service, "before")]
    (message,) = mail.outbox
    assert message.to == ["officer@testshire.example"]
    assert message.subject == (
        "Reminder: Customer Services return for Q2 2026/27 is due on 20 October 2026"
    )
    assert "is due on 20 October 2026, in 7 days." in message.body
    assert "- CS01 Q2 2026/27\n" in message.body
    assert "- action 1a\n" in message.body
    assert "- risk CS-R1\n" in message.body
    assert f"http://127.0.0.1:8000/returns/{rw.parent.pk}/services/{rw.world.service.pk}/" in (
        message.body
    )
    (reminder,) = Reminder.objects.all()
    assert (reminder.kind, reminder.recipients) == ("before", "officer@testshire.example")
    assert reminder.service_return.parent == rw.parent


def test_complete_services_get_none(rw, people):
    reminders_send(today=DEADLINE)
    services = set(Reminder.objects.values_list("service_return__service__name", flat=True))
    assert services == {"Customer Services"}  # Waste and Revenues owe nothing
    assert len(mail.outbox) == 1


def test_a_submitted_service_gets_none(rw, people):
    ServiceReturn.objects.filter(service=rw.world.service).update(submitted_at=timezone.now())
    assert reminders_send(today=DEADLINE) == []
    assert mail.outbox == []


def test_each_service_hears_only_of_its_own_return(rw, people):
    w = rw.world
    factories.IndicatorFactory(service=w.other_service, code="RV01")  # Revenues owes RV01 now
    reminders_send(today=DEADLINE)
    by_address = {tuple(m.to): m for m in mail.outbox}
    # Revenues' own officer and the officer of its whole directorate (Resources).
    revenues_officers = ("officer-b@testshire.example", "res-officer@testshire.example")
    assert set(by_address) == {("officer@testshire.example",), revenues_officers}
    revenues = by_address[revenues_officers]
    assert revenues.subject == "Due today: Revenues return for Q2 2026/27"
    assert "RV01" in revenues.body and "CS01" not in revenues.body
    assert f"/services/{w.other_service.pk}/" in revenues.body
    assert "CS01" in by_address[("officer@testshire.example",)].body


def test_another_councils_return_goes_to_its_own_officers(rw, people):
    w = rw.world
    foreign_service = w.foreign_officer.roles.get().service
    factories.IndicatorFactory(service=foreign_service, code="EB01")
    open_return(w, council=w.foreign_council, services=[foreign_service], user=w.foreign_officer)
    reminders_send(today=DEADLINE)
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert set(by_address) == {("officer@testshire.example",), ("foreign@testshire.example",)}
    assert "EB01" in by_address[("foreign@testshire.example",)].body


def test_after_the_deadline_the_officers_are_told_it_is_late(rw, people):
    reminders_send(today=AFTER_DAY)
    (message,) = mail.outbox
    assert message.to == ["officer@testshire.example"]
    assert message.subject == "Late: Customer Services return for Q2 2026/27"
    assert "was due on 20 October 2026 and is late." in message.body


def test_the_escalation_goes_to_the_officers_and_managers_only(rw, people):
    reminders_send(today=ESCALATION_DAY)
    (message,) = mail.outbox
    # Not the clerk, the lead, Waste's or Resources' officers, nor the other council's.
    assert message.to == ["manager@testshire.example", "officer@testshire.example"]
    assert message.subject == "Still late: Customer Services return for Q2 2026/27"
    assert "still not in, 7 days late" in message.body
    assert Reminder.objects.get().kind == "escalation"


# --- Never twice -----------------------------------------------------------------------------------


def test_a_second_run_sends_nothing(rw, people):
    assert len(reminders_send(today=BEFORE_DAY)) == 1
    assert reminders_send(today=BEFORE_DAY) == []
    assert reminders_send(today=dt.date(2026, 10, 19)) == []  # the same kind, another day
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_each_kind_goes_once_through_the_whole_cycle(rw, people):
    day = dt.date(2026, 10, 1)
    while day <= dt.date(2026, 11, 30):
        reminders_send(today=day)
        reminders_send(today=day)
        day += dt.timedelta(days=1)
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Reminder",
        "Due today",
        "Late",
        "Still late",
    ]
    assert list(Reminder.objects.values_list("kind", flat=True)) == [
        "before",
        "on",
        "after",
        "escalation",
    ]


def test_the_database_refuses_the_same_reminder_twice(rw):
    part = ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service)
    Reminder.objects.create(service_return=part, kind="on", sent_at=timezone.now())
    with pytest.raises(Exception, match="reminder_once_per_kind"):
        Reminder.objects.create(service_return=part, kind="on", sent_at=timezone.now())


def test_a_mail_server_that_refuses_leaves_it_for_the_next_run(rw, people, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    assert reminders_send(today=DEADLINE) == []
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert len(reminders_send(today=DEADLINE)) == 1
    assert len(mail.outbox) == 1


def test_a_service_with_nobody_to_tell_is_recorded_for_the_lead(rw, client_for):
    reminders_send(today=DEADLINE)  # nobody in the world has an address yet
    assert mail.outbox == []
    assert Reminder.objects.get().recipients == ""
    html = client_for(rw.world.lead).get(reverse("returns:return_detail", args=[rw.parent.pk]))
    assert "nobody to send it to, no officer has an e-mail address" in html.content.decode()


# --- The task ---------------------------------------------------------------------------------------


def test_the_task_sends_todays_reminders_through_the_task_backend(rw, people, monkeypatch):
    morning = timezone.make_aware(dt.datetime(2026, 10, 20, 8, 0))
    monkeypatch.setattr(tasks, "now", lambda: morning)
    result = tasks.returns_remind.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert mail.outbox[0].subject == "Due today: Customer Services return for Q2 2026/27"


def test_the_task_sends_nothing_in_the_night(rw, people, monkeypatch):
    night = timezone.make_aware(dt.datetime(2026, 10, 20, 7, 59))
    monkeypatch.setattr(tasks, "now", lambda: night)
    result = tasks.returns_remind.enqueue()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 0)
    assert mail.outbox == []


# --- The tracker --------------------------------------------------------------------------------


def test_the_tracker_shows_each_services_last_reminder(rw, people, client_for):
    reminders_send(today=BEFORE_DAY)
    reminders_send(today=DEADLINE)
    html = client_for(rw.world.lead).get(reverse("returns:return_detail", args=[rw.parent.pk]))
    html = html.content.decode()
    assert '<th scope="col" class="govuk-table__header">Last reminder</th>' in html
    row = html[html.index("Customer Services</a>") :].split("</tr>")[0]
    assert "On the deadline" in row and "Before the deadline" not in row
    assert timezone.localdate().strftime("%-d %B %Y") in row
    waste = html[html.index("Waste</a>") :].split("</tr>")[0]
    assert "None sent" in waste


def test_two_returns_due_the_same_day_each_send_their_own(rw, people):
    other = open_return(rw.world, quarter=1, deadline=DEADLINE)
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2, value=Decimal("98"))
    reminders_send(today=DEADLINE)
    parents = set(Reminder.objects.values_list("service_return__parent", flat=True))
    # Q2's CS01 result is in now, but its action and risk are still owed; Q1's too.
    assert parents == {rw.parent.pk, other.pk}
    assert Return.objects.count() == 2
