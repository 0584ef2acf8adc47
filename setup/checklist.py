"""The set-up task list: everything the performance lead sets up, each with a status worked
out from the council's data and a link to its page."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Role,
    Service,
    User,
)
from plans.models import Template
from risks.models import RiskMatrix
from signin.models import SingleSignOn

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
NOT_STARTED = "Not started"


@dataclass(frozen=True)
class Task:
    title: str
    hint: str
    status: str
    url: str = ""


def profile_status(council: Council) -> str:
    filled = [bool(council.vision), bool(council.values), bool(council.protective_marking)]
    return COMPLETED if all(filled) else INCOMPLETE


def structure_status(council: Council) -> str:
    directorates = Directorate.objects.filter(council=council).annotate(n=Count("services"))
    counts = list(directorates.values_list("n", flat=True))
    if not counts:
        return NOT_STARTED
    return COMPLETED if all(counts) else INCOMPLETE


def people_status(council: Council) -> str:
    """Not started while only performance leads have accounts; complete once every service
    has an officer (of the service, its directorate or the whole council)."""
    people = User.objects.filter(council=council, is_active=True)
    if not people.exclude(roles__name=Role.Name.PERFORMANCE_LEAD).exists():
        return NOT_STARTED
    officers = Role.objects.filter(
        name=Role.Name.OFFICER, user__council=council, user__is_active=True
    )
    whole = officers.filter(service__isnull=True, directorate__isnull=True).exists()
    if whole:
        return COMPLETED
    uncovered = Service.objects.filter(directorate__council=council).exclude(
        # Without the NULLs: NOT IN a list with a NULL in it is never true.
        Q(pk__in=officers.filter(service__isnull=False).values("service_id"))
        | Q(directorate_id__in=officers.filter(directorate__isnull=False).values("directorate_id"))
    )
    return INCOMPLETE if uncovered.exists() else COMPLETED


def years_status(council: Council) -> str:
    """Complete once the council has years and one of them is current."""
    years = FinancialYear.objects.filter(council=council)
    if not years.exists():
        return NOT_STARTED
    return COMPLETED if years.filter(is_current=True).exists() else INCOMPLETE


def priorities_status(council: Council) -> str:
    """Complete once the council has priorities and each has an objective."""
    priorities = CorporatePriority.objects.filter(council=council).annotate(n=Count("objectives"))
    counts = list(priorities.values_list("n", flat=True))
    if not counts:
        return NOT_STARTED
    return COMPLETED if all(counts) else INCOMPLETE


def rating_hint(council: Council) -> str:
    """The rule a new indicator starts with, in words: the task is done by the defaults every
    council starts with, so the hint says what they are."""
    if council.default_tolerance is None:
        return "New indicators are not rated until their own tolerance is set."
    unit = "%" if council.default_tolerance_kind == Council.ToleranceKind.PERCENTAGE else ""
    amount = f"{council.default_tolerance.normalize():f}{unit}"
    return f"New indicators are amber within {amount} of target."


def calendar_hint(council: Council) -> str:
    days = council.return_deadline_days
    return f"Returns are due {days} day{'' if days == 1 else 's'} after the quarter or month ends."


def sso_status(council: Council) -> str:
    """Optional: a council that signs in with passwords has nothing to do here."""
    sso = SingleSignOn.objects.filter(council=council).first()
    if sso is None:
        return NOT_STARTED
    return COMPLETED if sso.enabled else INCOMPLETE


def matrix_status(council: Council) -> str:
    return COMPLETED if RiskMatrix.objects.filter(council=council).exists() else NOT_STARTED


def templates_status(council: Council) -> str:
    """Complete once every template of the council has sections for its plans."""
    counts = Template.objects.filter(council=council).annotate(n=Count("sections"))
    counts = list(counts.values_list("n", flat=True))
    if not any(counts):
        return NOT_STARTED
    return COMPLETED if all(counts) else INCOMPLETE


def signoff_status(council: Council) -> str:
    """Complete once every template names its sign-off blocks (a template without any gives
    its plans one 'Head of service' block)."""
    counts = Template.objects.filter(council=council).annotate(n=Count("sign_offs"))
    counts = list(counts.values_list("n", flat=True))
    if not any(counts):
        return NOT_STARTED
    return COMPLETED if all(counts) else INCOMPLETE


def council_tasks(council: Council) -> list[Task]:
    return [
        Task(
            "Council profile",
            "Name, vision, values and protective marking.",
            profile_status(council),
            reverse("setup:council_profile"),
        ),
        Task(
            "Directorates and services",
            "The services that write a plan, in their directorates.",
            structure_status(council),
            reverse("setup:directorate_list"),
        ),
        Task(
            "Financial years",
            "The years the council plans for, and which one is current.",
            years_status(council),
            reverse("setup:year_list"),
        ),
        Task(
            "Corporate priorities and objectives",
            "The themes of the corporate plan, and the objectives under each.",
            priorities_status(council),
            reverse("setup:priority_list"),
        ),
        Task(
            "Plan templates",
            "The sections of a plan, their order and their columns.",
            templates_status(council),
            reverse("setup:template_list"),
        ),
        Task(
            "Sign-off blocks",
            "Who signs each plan off, and in what order.",
            signoff_status(council),
            reverse("setup:signoff_list"),
        ),
        Task(
            "People and roles",
            "Who signs in, and what they write, sign off or read.",
            people_status(council),
            reverse("setup:person_list"),
        ),
        Task(
            "Single sign-on",
            "Sign in with the council's own accounts (Microsoft Entra ID or OpenID Connect).",
            sso_status(council),
            reverse("setup:sign_in"),
        ),
        Task(
            "Risk matrix and appetite scale",
            "How risks are scored, and the levels of risk appetite.",
            matrix_status(council),
            reverse("risks:matrix_detail"),
        ),
        Task(
            "Rating defaults",
            "How results are rated red, amber or green. " + rating_hint(council),
            COMPLETED,
            reverse("setup:rating_defaults"),
        ),
        Task(
            "Returns calendar",
            "When each return is due, and when reminders go. " + calendar_hint(council),
            COMPLETED,
            reverse("setup:returns_calendar"),
        ),
    ]
