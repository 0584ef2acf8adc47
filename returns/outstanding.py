"""What returns wait on someone, for their dashboard: each service's part of each open return
of the services they fill in (officers) or review (managers), with what is still missing and
how much of it is their own.

A part stays on the dashboard while it is not submitted (however late), and for a month
after its deadline once it is, so that its status (submitted, accepted, sent back) is seen.
Every such part is shown, and the page costs the same queries however many services and
returns there are: one for the parts, and progress_across's five for all of them.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q

from council.models import Service
from returns.completion import ServiceProgress, progress_across
from returns.models import ServiceReturn

SHOWN_AFTER_DEADLINE = dt.timedelta(days=30)

# Each part of a return, as the thing still owed: (singular, plural).
OWED = {
    "Results": ("result due", "results due"),
    "Progress on actions": ("action to report", "actions to report"),
    "Risk reviews": ("risk to review", "risks to review"),
}


@dataclass
class DueReturn:
    """One service's part of a return, as its officers and managers see it on the dashboard."""

    progress: ServiceProgress
    state: tuple[str, str, str]
    today: dt.date
    user_id: int | None = None

    @property
    def part(self) -> ServiceReturn:
        return self.progress.service_return

    @property
    def deadline_words(self) -> str:
        """'Overdue by 3 days', 'Due today', 'Due in 10 days': the words the red tag repeats."""
        if self.part.submitted_at or self.part.is_accepted:
            return ""
        days = (self.part.parent.deadline - self.today).days
        if days < 0:
            return f"Overdue by {-days} day{'' if days == -1 else 's'}"
        if days == 0:
            return "Due today"
        return f"Due in {days} day{'' if days == 1 else 's'}"

    @property
    def owed(self) -> list[str]:
        """['3 results due, 2 of them yours', '1 action to report']: each part with something
        still missing, and how much of it is the user's own (they own the indicator or the
        risk, or lead the action)."""
        words = []
        for part in self.progress.parts:
            count = len(part.missing)
            if count:
                one, many = OWED[part.name]
                mine = sum(item.owner_id == self.user_id for item in part.missing)
                words.append(f"{count} {one if count == 1 else many}{yours_words(count, mine)}")
        return words


def yours_words(count: int, mine: int) -> str:
    """', 2 of them yours' after '3 results due'; ', yours' when the one is theirs."""
    if not mine:
        return ""
    if mine == count:
        return ", yours" if count == 1 else ", all yours"
    return f", {mine} of them yours"


def returns_due_for(user, today: dt.date) -> list[DueReturn]:
    """The parts of every return waiting on this user, latest return first."""
    mine = Service.objects.editable_by(user) | Service.objects.approvable_by(user)
    parts = list(
        ServiceReturn.objects.filter(parent__council_id=user.council_id, service__in=mine)
        .filter(
            Q(submitted_at__isnull=True) | Q(parent__deadline__gte=today - SHOWN_AFTER_DEADLINE)
        )
        .select_related("parent", "service__directorate", "reviewed_by")
        .order_by(
            "-parent__year",
            "-parent__quarter",
            F("parent__month").desc(nulls_first=True),
            "service__name",
        )
    )
    return [
        DueReturn(
            progress,
            progress.status(progress.service_return.parent.deadline, today),
            today,
            user.pk,
        )
        for progress in progress_across(parts)
    ]
