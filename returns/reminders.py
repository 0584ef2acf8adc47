"""Reminders of a return, sent by themselves to each service that still owes part of it:
before the deadline, on it, after it, and after that to the service's managers too. Each
goes to the owners of what is still owed (an indicator's or a risk's owner_user, an
action's lead officer), and to the service's officers when something owed has no owner with
an account.

`reminders_send` is run by the worker (returns/tasks.py, queued every hour by
`manage.py run_scheduler`), never in a web request. A service that is complete or has
submitted gets none. Each kind goes once per service and return: a `Reminder` row is
written in the same transaction as the e-mail is handed to the mail server, and the
database refuses a second one, so running the job twice (or two jobs at once) sends nothing
twice. A mail server that refuses rolls the row back: the next run tries again.

Each kind is due from its day until the next kind's day (the escalation for a week), so a
run missed while the worker was stopped is made up by the next one; once a window has
passed its reminder is skipped, never sent late ("due today" the day after the deadline).
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from council.models import MAX_REMINDER_DAYS, Council, Role, User
from returns.completion import ServiceProgress, progress_of
from returns.models import Reminder, Return

logger = logging.getLogger(__name__)

# An escalation not sent within a week of its day is not sent at all: returns long past
# (say, when reminders are first switched on) never e-mail anyone.
ESCALATION_WINDOW_DAYS = 7


def kind_due(deadline: dt.date, today: dt.date, council: Council) -> str | None:
    """The kind of reminder due today for a return with this deadline, if any, by the
    council's returns calendar (set up at /setup/returns-calendar/)."""
    days = (today - deadline).days
    if -council.reminder_days_before <= days < 0:
        return Reminder.Kind.BEFORE
    if days == 0:
        return Reminder.Kind.ON
    escalation = council.escalation_days_after
    if council.reminder_days_after <= days < escalation:
        return Reminder.Kind.AFTER
    if escalation <= days < escalation + ESCALATION_WINDOW_DAYS:
        return Reminder.Kind.ESCALATION
    return None


def recipients_of(rows: list[ServiceProgress], kind: str) -> dict[int, list[User]]:
    """Who each service's reminder goes to (by its part's pk), in two queries for any number
    of services: the owners (with an account) of what it still owes; its officers too when
    something owed has no such owner; its managers too once it is escalated. Roles over the
    service's directorate or the whole council count (council.models), and only active
    people are told."""
    owner_ids = {item.owner_id for row in rows for item in missing(row) if item.owner_id}
    owners = {
        user.pk: user
        for user in (User.objects.filter(pk__in=owner_ids, is_active=True) if owner_ids else [])
    }
    # Something owed with no owner to tell (none, or no longer active) goes to the officers.
    unowned = {
        row.service.pk for row in rows if any(i.owner_id not in owners for i in missing(row))
    }
    escalated = kind == Reminder.Kind.ESCALATION
    asked = [row.service for row in rows if escalated or row.service.pk in unowned]
    roles = []
    if asked:
        roles = list(
            Role.objects.filter(
                name__in=[Role.Name.OFFICER, Role.Name.MANAGER],
                user__is_active=True,
                user__council_id=asked[0].directorate.council_id,
            )
            .filter(
                Q(service__in=asked)
                | Q(directorate_id__in={service.directorate_id for service in asked})
                | Q(service__isnull=True, directorate__isnull=True)
            )
            .select_related("user")
        )
    people = {}
    for row in rows:
        service = row.service
        names = {Role.Name.MANAGER} if escalated else set()
        if service.pk in unowned:
            names.add(Role.Name.OFFICER)
        chosen = {owners[i.owner_id] for i in missing(row) if i.owner_id in owners}
        chosen |= {
            role.user
            for role in roles
            if role.name in names
            and (
                role.service_id == service.pk
                or role.directorate_id == service.directorate_id
                or (role.service_id is None and role.directorate_id is None)
            )
        }
        people[row.service_return.pk] = sorted(chosen, key=lambda user: user.pk)
    return people


def missing(row: ServiceProgress) -> list:
    return [item for part in row.parts for item in part.missing]


def subject_for(progress: ServiceProgress, kind: str) -> str:
    parent = progress.service_return.parent
    what = f"{progress.service} return for {parent.period_label}"
    return {
        Reminder.Kind.BEFORE: f"Reminder: {what} is due on {parent.deadline:%-d %B %Y}",
        Reminder.Kind.ON: f"Due today: {what}",
        Reminder.Kind.AFTER: f"Late: {what}",
        Reminder.Kind.ESCALATION: f"Still late: {what}",
    }[kind]


def reminder_send(
    progress: ServiceProgress, kind: str, *, today: dt.date, people: list[User]
) -> Reminder | None:
    """Send one reminder to these people and record it; None when it went already or the
    mail server refused."""
    service_return = progress.service_return
    parent = service_return.parent
    addresses = sorted({user.email for user in people if user.email})
    body = render_to_string(
        "returns/email/reminder.txt",
        {
            "kind": kind,
            "parent": parent,
            "service": progress.service,
            "progress": progress,
            "days": abs((parent.deadline - today).days),
            "site_url": settings.SITE_URL,
        },
    )
    reminder = Reminder(
        service_return=service_return,
        kind=kind,
        sent_at=timezone.now(),
        recipients=", ".join(addresses),
    )
    try:
        with transaction.atomic():
            # No full_clean(): the unique constraint itself, not a query before it, is what
            # stops a second run at the same moment.
            reminder.save()
            if addresses:
                send_mail(subject_for(progress, kind), body, settings.DEFAULT_FROM_EMAIL, addresses)
    except IntegrityError:
        return None
    except (smtplib.SMTPException, OSError):
        logger.exception(
            "Reminder to %s for %s not sent; the next run tries again", addresses, service_return
        )
        return None
    if not addresses:
        # Recorded all the same, so that the tracker shows the lead nobody could be told.
        logger.warning(
            "Reminder for %s: nobody with an e-mail address to send it to", service_return
        )
    return reminder


def reminders_send(*, today: dt.date) -> list[Reminder]:
    """Send every reminder due today, for every council's returns."""
    # Each council has its own days; these bounds hold for every council's calendar.
    earliest = today - dt.timedelta(days=MAX_REMINDER_DAYS + ESCALATION_WINDOW_DAYS - 1)
    latest = today + dt.timedelta(days=MAX_REMINDER_DAYS)
    sent = []
    returns = Return.objects.filter(deadline__range=(earliest, latest)).select_related("council")
    for parent in returns.order_by("pk"):
        kind = kind_due(parent.deadline, today, parent.council)
        if kind is None:
            continue
        owing = list(
            parent.service_returns.filter(submitted_at__isnull=True)
            .exclude(reminders__kind=kind)
            .select_related("parent", "service__directorate")
        )
        if not owing:
            continue
        rows = [progress for progress in progress_of(parent, owing) if not progress.complete]
        people = recipients_of(rows, kind) if rows else {}
        for progress in rows:
            reminder = reminder_send(
                progress, kind, today=today, people=people[progress.service_return.pk]
            )
            if reminder is not None:
                sent.append(reminder)
    return sent
