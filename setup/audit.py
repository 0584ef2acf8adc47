"""
The council's audit log: who changed what and when, and who signed in.

Changes are read from the history that django-simple-history keeps of every record (one
historical table per model), sign-ins from django-axes' access log (a row per successful
sign-in, whatever the way of signing in). Each table is filtered by its own path to the
council and the lot is read as one UNION query, newest first, so a page of the log costs
the same few queries however many records the council has:

- the rows of the page (one query),
- their count, for the pagination (one query),
- the people and plans they name (one query each),
- which fields each change changed: two for each kind of record changed on the page
  (setup/audit_changes.py).

Rows of a plan's records are found through the plan's own history, so the changes of a
plan that has since been deleted stay in the log.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from axes.models import AccessLog
from django.db.models import BigIntegerField, CharField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Objective,
    Role,
    Service,
    User,
)
from kpis.models import Indicator, Result, ResultCorrection, Target, TargetRevision
from plans.models import (
    Action,
    Milestone,
    Plan,
    ProgressUpdate,
    Project,
    Section,
    ServiceObjective,
    SignOff,
    Template,
    TemplateSection,
    TemplateSignOff,
)
from plans.registry import TABLES
from risks.models import AppetiteLevel, Risk, RiskMatrix, ServiceAppetite
from setup.audit_changes import changed_fields

KINDS = {
    "plans": "Plans",
    "indicators": "Indicators and results",
    "risks": "Risks",
    "setup": "Council set-up",
    "people": "People and roles",
    "sign-ins": "Sign-ins",
}
ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted", "login": "Signed in"}
LABEL_FIELDS = ("title", "name", "code", "reference", "email", "label", "year", "period")


@dataclass(frozen=True)
class Source:
    """One historical table: its model, the kind of change it is, what a row is called and
    how its rows are found from the council's id."""

    model: type
    kind: str
    noun: str
    council: str  # a lookup on the historical row, given the council's id

    def label_field(self) -> str | None:
        names = {f.name for f in self.model._meta.concrete_fields}
        return next((name for name in LABEL_FIELDS if name in names), None)

    def has_plan(self) -> bool:
        return any(f.name == "plan" for f in self.model._meta.concrete_fields)


PLAN = "plan_id__in"  # through the plan's history: see the module docstring
SERVICE = "service__directorate__council_id"

SOURCES = [
    Source(Council, "setup", "Council", "id"),
    Source(Directorate, "setup", "Directorate", "council_id"),
    Source(Service, "setup", "Service", "directorate__council_id"),
    Source(FinancialYear, "setup", "Financial year", "council_id"),
    Source(CorporatePriority, "setup", "Corporate priority", "council_id"),
    Source(Objective, "setup", "Objective", "priority__council_id"),
    Source(Template, "setup", "Plan template", "council_id"),
    Source(TemplateSection, "setup", "Template section", "template__council_id"),
    Source(TemplateSignOff, "setup", "Template sign-off block", "template__council_id"),
    Source(AppetiteLevel, "setup", "Risk appetite level", "council_id"),
    Source(RiskMatrix, "setup", "Risk matrix", "council_id"),
    Source(User, "people", "Person", "council_id"),
    Source(Role, "people", "Role", "user__council_id"),
    Source(Plan, "plans", "Plan", SERVICE),
    Source(Section, "plans", "Section", PLAN),
    Source(SignOff, "plans", "Sign-off", PLAN),
    Source(ServiceObjective, "plans", "Objective", PLAN),
    Source(Action, "plans", "Action", PLAN),
    Source(ProgressUpdate, "plans", "Action progress", "action__plan__" + SERVICE),
    Source(Project, "plans", "Project", PLAN),
    Source(Milestone, "plans", "Milestone", "project__plan__" + SERVICE),
    *(
        Source(table.model, "plans", str(table.noun), PLAN)
        for table in TABLES
        if table.model not in (ServiceObjective, Action, Project)
    ),
    Source(Indicator, "indicators", "Indicator", "council_id"),
    Source(Target, "indicators", "Target", "indicator__council_id"),
    Source(TargetRevision, "indicators", "Target revision", "target__indicator__council_id"),
    Source(Result, "indicators", "Result", "indicator__council_id"),
    Source(ResultCorrection, "indicators", "Result correction", "result__indicator__council_id"),
    Source(Risk, "risks", "Risk", SERVICE),
    Source(ServiceAppetite, "risks", "Risk appetite", SERVICE),
]


def _plan_ids(council: Council):
    return Plan.history.filter(service__directorate__council_id=council.pk).values("id")


def _history_rows(index: int, source: Source, council: Council, person, since, until):
    rows = source.model.history.all()
    if source.council == PLAN:
        rows = rows.filter(plan_id__in=_plan_ids(council))
    else:
        rows = rows.filter(**{source.council: council.pk})
    if person is not None:
        rows = rows.filter(history_user_id=person.pk)
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    if until is not None:
        rows = rows.filter(history_date__lt=until)
    label = source.label_field()
    return rows.annotate(
        a_when=F("history_date"),
        a_source=Value(index, output_field=IntegerField()),
        a_action=F("history_type"),
        a_user=F("history_user_id"),
        a_username=NO_TEXT,
        a_object=F("id"),
        a_label=Cast(label, CharField()) if label else Value("", output_field=CharField()),
        a_plan=F("id")
        if source.model is Plan
        else F("plan_id")
        if source.has_plan()
        else NO_NUMBER,
        a_history=F("history_id"),
    ).values_list(*COLUMNS)


# Typed NULLs: the first part of a UNION decides each column's type for all of them.
NO_TEXT = Cast(Value(None), CharField())
NO_NUMBER = Cast(Value(None), BigIntegerField())
COLUMNS = [
    "a_when",
    "a_source",
    "a_action",
    "a_user",
    "a_username",
    "a_object",
    "a_label",
    "a_plan",
    "a_history",
]
SIGN_IN = -1


def _sign_ins(council: Council, person, since, until):
    names = User.objects.filter(council=council).values("username")
    rows = AccessLog.objects.filter(username__in=names)
    if person is not None:
        rows = rows.filter(username=person.username)
    if since is not None:
        rows = rows.filter(attempt_time__gte=since)
    if until is not None:
        rows = rows.filter(attempt_time__lt=until)
    return rows.annotate(
        a_when=F("attempt_time"),
        a_source=Value(SIGN_IN, output_field=IntegerField()),
        a_action=Value("login", output_field=CharField()),
        a_user=NO_NUMBER,
        a_username=F("username"),
        a_object=F("id"),
        a_label=Cast("ip_address", CharField()),
        a_plan=NO_NUMBER,
        a_history=NO_NUMBER,
    ).values_list(*COLUMNS)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_rows(
    *,
    council: Council,
    person: User | None = None,
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
):
    """The council's changes and sign-ins as one query, newest first: tuples of COLUMNS.
    `until` is the last day included."""
    start = _day_start(since) if since else None
    end = _day_start(until) + timezone.timedelta(days=1) if until else None
    parts = [
        _history_rows(index, source, council, person, start, end)
        for index, source in enumerate(SOURCES)
        if kind in ("", source.kind)
    ]
    if kind in ("", "sign-ins"):
        parts.append(_sign_ins(council, person, start, end))
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-a_when", "-a_source", "-a_object")


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str
    action: str
    what: str
    plan: str
    fields: list[str]

    @property
    def changed(self) -> str:
        """'Target, commentary': the fields a change changed, in words."""
        return ", ".join(self.fields).capitalize()


def _what(source: Source | None, row) -> str:
    if source is None:
        return f"From {row[6]}" if row[6] else ""
    label = row[6] or f"#{row[5]}"
    field = source.label_field()
    if field and source.model._meta.get_field(field).choices:
        label = dict(source.model._meta.get_field(field).flatchoices).get(label, label)
    return f"{source.noun}: {label}"


def changes(rows) -> dict[tuple[int, int], list[str]]:
    """The fields each change among the rows changed, by (source, history id)."""
    by_source: dict[int, list[int]] = {}
    for row in rows:
        if row[2] == "~":
            by_source.setdefault(row[1], []).append(row[8])
    return {
        (index, history_id): fields
        for index, ids in by_source.items()
        for history_id, fields in changed_fields(SOURCES[index].model, ids).items()
    }


def entries(rows, *, people_by_id: dict, people_by_name: dict, plans: dict) -> list[Entry]:
    """Rows of audit_rows as the page and the export show them."""
    result = []
    changed = changes(rows)
    for row in rows:
        when, index, action, user_id, username, _, _, plan_id, history_id = row
        source = SOURCES[index] if index != SIGN_IN else None
        who = people_by_id.get(user_id) if user_id else people_by_name.get(username)
        what, plan = _what(source, row), plans.get(plan_id, "")
        if source is not None and source.model is Plan:
            what, plan = f"Plan: {plan or what}", ""
        result.append(
            Entry(
                when=when,
                who=who or (username or "The system"),
                kind=KINDS[source.kind] if source else KINDS["sign-ins"],
                action=ACTIONS.get(action, action),
                what=what,
                plan=plan,
                fields=changed.get((index, history_id), []),
            )
        )
    return result


def page_entries(rows: list, council: Council) -> list[Entry]:
    """One page of rows with the people and plans they name: two queries."""
    ids = {row[3] for row in rows if row[3]}
    names = {row[4] for row in rows if row[4]}
    people = User.objects.filter(Q(pk__in=ids) | Q(username__in=names, council=council))
    people = list(people.only("username", "first_name", "last_name", "council_id"))
    plan_ids = {row[7] for row in rows if row[7]}
    plans = {p.pk: p.title for p in Plan.objects.filter(pk__in=plan_ids).select_related("service")}
    return entries(
        rows,
        people_by_id={p.pk: str(p) for p in people},
        people_by_name={p.username: str(p) for p in people if p.council_id == council.pk},
        plans=plans,
    )


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


def export_lines(rows, council: Council) -> Iterator[str]:
    """The CSV export, line by line, for a streamed response. The council's people and plans
    are read once; the rows are read from a server-side cursor, in chunks."""
    people = User.objects.filter(council=council).only("username", "first_name", "last_name")
    people = list(people)
    people_by_id = {p.pk: str(p) for p in people}
    people_by_name = {p.username: str(p) for p in people}
    plans = Plan.objects.filter(service__directorate__council=council).select_related("service")
    plans = {plan.pk: plan.title for plan in plans}
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(
        ["When", "Who", "Kind", "Action", "What", "Plan", "Fields changed"]
    )
    chunk = []
    for row in rows.iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) == 2000:
            yield from _export_chunk(chunk, writer, people_by_id, people_by_name, plans)
            chunk = []
    yield from _export_chunk(chunk, writer, people_by_id, people_by_name, plans)


def _export_chunk(chunk, writer, people_by_id, people_by_name, plans) -> Iterator[str]:
    for entry in entries(
        chunk, people_by_id=people_by_id, people_by_name=people_by_name, plans=plans
    ):
        when = timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S")
        cells = [when, entry.who, entry.kind, entry.action, entry.what, entry.plan, entry.changed]
        yield writer.writerow([safe_cell(cell) for cell in cells])
