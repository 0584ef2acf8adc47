"""The set-up task list: everything the performance lead sets up, each with a status worked
out from the council's data, and a link where its page exists. Tasks whose pages are not
built yet are listed so the lead sees the whole job, and say "Cannot start yet"."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from council.models import Council, Directorate, Role, Service, User
from risks.models import RiskMatrix
from signin.models import SingleSignOn

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
NOT_STARTED = "Not started"
CANNOT_START = "Cannot start yet"

# Set up through the Django admin today, until their GOV.UK pages are built (issue #18).
NOT_BUILT = [
    ("Financial years", "The years the council plans for, and which one is current."),
    ("Corporate priorities and objectives", "The themes of the corporate plan."),
    ("Plan templates", "The sections of a plan, their order and their columns."),
    ("Sign-off blocks", "Who signs each plan off."),
    ("Rating defaults", "How results are rated red, amber or green."),
    ("Returns calendar", "When each quarter's return is due."),
]


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


def sso_status(council: Council) -> str:
    """Optional: a council that signs in with passwords has nothing to do here."""
    sso = SingleSignOn.objects.filter(council=council).first()
    if sso is None:
        return NOT_STARTED
    return COMPLETED if sso.enabled else INCOMPLETE


def matrix_status(council: Council) -> str:
    return COMPLETED if RiskMatrix.objects.filter(council=council).exists() else NOT_STARTED


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
        *[Task(title, hint, CANNOT_START) for title, hint in NOT_BUILT],
    ]
