"""The demo council's open return: the last complete quarter before today, due in a few days,
so that every role meets the quarterly cycle at once. Safe to run twice.

- Waste and Recycling has sent everything and submitted: the manager can accept it or send
  it back, and officer-b sees it waiting for review.
- Customer Services is part way through (what the demo's results and progress reports hold
  for that quarter; its results when they hold nothing): the officer sees it under "Your
  returns".
- Revenues and Benefits owes whatever its records leave owed.

What a service sends is recorded as its officers would record it, through the services of
the apps (results, progress reports, a risk's review), so the tracker reads real records.
"""

import datetime as dt

from django.db import transaction

from council import periods
from council.models import Council, Role, Service, User
from kpis.services import result_record
from plans.models import DeliveryStatus
from plans.services.actions import action_progress_record
from returns.completion import actions_due, due_periods, indicators_due, progress_of
from returns.models import Return, ServiceReturn
from returns.services import return_open, service_return_submit
from risks.models import Risk

DEADLINE_IN = dt.timedelta(days=5)
SUBMITTED = "waste-recycling"
PART_WAY = "customer-services"


@transaction.atomic
def load_returns_demo(council: Council, *, today: dt.date) -> Return:
    """Open the return for the last quarter ended before today, unless the council has it."""
    year, quarter = periods.last_ended_quarter(today)
    existing = Return.objects.filter(
        council=council, frequency=Return.Frequency.QUARTERLY, year=year, quarter=quarter
    ).first()
    if existing:
        return existing
    services = list(
        Service.objects.filter(directorate__council=council)
        .select_related("directorate")
        .order_by("name")
    )
    parent = return_open(
        council=council,
        year=year,
        quarter=quarter,
        deadline=today + DEADLINE_IN,
        services=services,
        asks_results=True,
        asks_progress=True,
        asks_risks=True,
        user=User.objects.filter(council=council, roles__name=Role.Name.PERFORMANCE_LEAD).first(),
    )
    submitted = part_of(parent, SUBMITTED)
    officer = officer_of(submitted.service)
    send_everything(parent, submitted.service, user=officer)
    service_return_submit(service_return=submitted, user=officer)

    part_way = part_of(parent, PART_WAY)
    (progress,) = progress_of(parent, [part_way])
    if not any(part.done_count for part in progress.parts):
        send_results(parent, part_way.service, user=officer_of(part_way.service))
    return parent


def part_of(parent: Return, code: str) -> ServiceReturn:
    return ServiceReturn.objects.select_related("service").get(parent=parent, service__code=code)


def officer_of(service: Service) -> User:
    return User.objects.filter(roles__service=service, roles__name=Role.Name.OFFICER).first()


def send_everything(parent: Return, service: Service, *, user: User) -> None:
    """Everything the service owes in the return, as its officer would send it."""
    send_results(parent, service, user=user)
    for action in actions_due(parent, [service.pk]):
        if not action.reported:
            action_progress_record(
                action=action,
                year=parent.year,
                quarter=parent.quarter,
                status=DeliveryStatus.ON_TRACK,
                note="Going as planned this quarter.",
                user=user,
            )
    for risk in service.risks.filter(status=Risk.Status.OPEN, review_date__lte=parent.deadline):
        # A review confirms the scores and sets the next review three months on.
        risk.review_date = risk.review_date + dt.timedelta(days=91)
        risk.save()


def send_results(parent: Return, service: Service, *, user: User) -> None:
    """A result for every period due without one: the year's target where it is a number
    (else the latest result), so that none needs commentary to explain a miss."""
    for indicator in indicators_due(parent, [service.pk], with_history=True):
        target = indicator.target_for(parent.year)
        latest = indicator.latest_result()
        value = target.value if target and target.value is not None else None
        if value is None and latest is not None:
            value = latest.value
        if value is None:
            continue
        for period in due_periods(indicator.frequency, parent.period):
            if indicator.result_for(period) is None:
                result_record(
                    indicator=indicator,
                    year=period.year,
                    period=period.number,
                    value=value,
                    text="",
                    commentary="As expected for the quarter.",
                    user=user,
                )
