"""
Quarterly performance packs for committees: who may ask for one, the summary, the chapters.

A pack is a summary followed by one chapter per service (the service's plan for the
quarter's year). The work is split per service: each chapter is rendered alone by its own
task (plans/tasks.py), stored through Django's storage API, and the chapters are stitched
with pikepdf at the end (structure trees joined, so the pack stays tagged), so no
process holds every chapter's layout at once.

The summary is a list of builders (SUMMARY_BUILDERS): each takes the PackContext and gives
a SummaryPart (a title, a print template and its context) or None. The KPIs, risks and
actions apps add their builders here (KPI ratings, exceptions, top risks).

Everything in a pack is as at its quarter (job_as_at): results of later periods, later
progress notes and later risk scores are left out. Results print only once accepted with
their service's return, unless the clerk asks for provisional ones too (packs/checked.py).
"""

import datetime as dt
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from council import periods
from council.models import CorporatePriority, Role, Service, User
from kpis.models import Indicator, Rating
from kpis.reports import dashboard_rows, quarter_ratings
from packs.charts import rating_chart
from packs.checked import PROVISIONAL_NOTE, Acceptance, acceptance_of, plan_results_checked
from packs.models import PackChapter, PackJob, PackStatus
from packs.pdf import pdf_stitch
from plans.document import PlanDocument, plan_document, plan_queryset
from plans.models import BudgetLine, Plan, SectionKind
from plans.models.actions import DeliveryStatus
from plans.pdf.plan import plan_pdf_render
from plans.pdf.render import render_pdf
from risks.heatmap import heat_maps
from risks.history import risks_as_at
from risks.models import Risk

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "The pack could not be made: {reason} Ask for it again, or contact your performance lead if it fails again."
STALE_MESSAGE = (
    "The pack stopped before it was finished: the process making it stopped responding. "
    "Ask for it again."
)
QUEUE_MESSAGE = "No worker started the pack. Ask for it again, or contact your performance lead."


# --- Who may ask for a pack, and of which services --------------------------------------


def pack_services_for(user: User) -> QuerySet[Service]:
    """Services this user may put in a pack: clerks and the lead all they can see,
    managers the services they manage. Anyone else none (the page is 403 to them)."""
    if user.has_role(Role.Name.CLERK, Role.Name.PERFORMANCE_LEAD):
        return Service.objects.visible_to(user)
    if user.has_role(Role.Name.MANAGER):
        return Service.objects.approvable_by(user)
    return Service.objects.none()


def current_plans(services, year: int) -> dict[int, Plan]:
    """Each service's plan covering the year (the latest one starting in or before it)."""
    plans = Plan.objects.filter(
        service__in=services, first_year__lte=year, last_year__gte=year
    ).order_by("service_id", "-first_year")
    chosen: dict[int, Plan] = {}
    for plan in plans:
        chosen.setdefault(plan.service_id, plan)
    return chosen


@transaction.atomic
def pack_request(
    *,
    user: User,
    year: int,
    quarter: int,
    services: list[Service],
    scope_label: str,
    include_provisional: bool = False,
) -> PackJob:
    """Record a pack request with a chapter per service, and queue the work."""
    from packs.tasks import pack_build

    if quarter not in periods.QUARTERS:
        raise ValidationError({"quarter": "Select a quarter from the list"})
    if not services:
        raise ValidationError({"services": "Select at least one service"})
    allowed = set(pack_services_for(user).values_list("pk", flat=True))
    if any(service.pk not in allowed for service in services):
        raise ValidationError({"services": "You can only make packs of services you can see"})
    services = sorted(services, key=lambda s: (s.directorate.name, s.name))
    plans = current_plans(services, year)
    job = PackJob(
        council_id=user.council_id,
        requested_by=user,
        year=year,
        quarter=quarter,
        scope_label=scope_label[:300],
        include_provisional=include_provisional,
        services_total=len(services),
    )
    job.full_clean()
    job.save()
    PackChapter.objects.bulk_create(
        PackChapter(job=job, position=index, service=service, plan=plans.get(service.pk))
        for index, service in enumerate(services, start=1)
    )
    # The database backend stores the task in this transaction: a worker sees both or none.
    pack_build.enqueue(job.pk)
    return job


# --- Progress -----------------------------------------------------------------------------


def pack_start(job: PackJob) -> bool:
    """Mark a queued job running; False when it is not queued (already started or failed)."""
    now = timezone.now()
    started = PackJob.objects.filter(pk=job.pk, status=PackStatus.QUEUED).update(
        status=PackStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    return bool(started)


def pack_fail(job_id: int, reason: str) -> None:
    """Mark the job failed with a message the person who asked for it can act on."""
    PackJob.objects.filter(pk=job_id).exclude(status=PackStatus.DONE).update(
        status=PackStatus.FAILED,
        message=FAILED_MESSAGE.format(reason=reason),
        finished_at=timezone.now(),
    )


@transaction.atomic
def chapter_finish(chapter: PackChapter) -> bool:
    """Count a chapter as done. True for the one chapter that completes the job."""
    job = PackJob.objects.select_for_update().get(pk=chapter.job_id)
    if job.status != PackStatus.RUNNING:
        return False
    PackChapter.objects.filter(pk=chapter.pk).update(done=True)
    job.services_done = job.chapters.filter(done=True).count()
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["services_done", "heartbeat_at"])
    return job.services_done == job.services_total


@contextmanager
def _leased(renew: Callable[[], None]) -> Iterator[None]:
    """Call renew() now and then every PACK_HEARTBEAT_SECONDS from a thread while the block
    runs, however long it takes. A worker that is killed stops renewing."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.PACK_HEARTBEAT_SECONDS):
                renew()
        finally:
            connection.close()  # the thread's own connection

    renew()
    beater = threading.Thread(target=beat, name="pack-lease", daemon=True)
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()


def chapter_lease(chapter: PackChapter):
    """Hold the chapter's lease (and move the job's heartbeat) while it renders:
    pack_mark_stale() fails the pack once the lease lapses."""

    def renew() -> None:
        PackChapter.objects.filter(pk=chapter.pk).update(heartbeat_at=timezone.now())
        PackJob.objects.filter(pk=chapter.job_id, status=PackStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        )

    return _leased(renew)


def job_lease(job: PackJob):
    """Hold the job's finishing lease while its summary is made and the file stitched."""

    def renew() -> None:
        now = timezone.now()
        PackJob.objects.filter(pk=job.pk, status=PackStatus.RUNNING).update(
            finishing_at=now, heartbeat_at=now
        )

    return _leased(renew)


def pack_mark_stale(*, now: dt.datetime | None = None) -> int:
    """Fail jobs whose worker died (a chapter's or the finishing lease lapsed, or no
    progress at all for PACK_STALE_AFTER) or that no worker took."""
    now = now or timezone.now()
    lapsed = PackChapter.objects.filter(
        job=OuterRef("pk"),
        done=False,
        heartbeat_at__lt=now - dt.timedelta(seconds=settings.PACK_LEASE_SECONDS),
    )
    jobs = PackJob.objects.filter(status__in=[PackStatus.QUEUED, PackStatus.RUNNING]).annotate(
        lapsed=Exists(lapsed)
    )
    lease_cutoff = now - dt.timedelta(seconds=settings.PACK_LEASE_SECONDS)
    count = 0
    for job in jobs:
        finishing_lapsed = job.finishing_at is not None and job.finishing_at < lease_cutoff
        if job.status == PackStatus.RUNNING and (
            job.lapsed or finishing_lapsed or job.is_stale(now)
        ):
            message = STALE_MESSAGE
        elif job.status == PackStatus.QUEUED and job.is_stale(now):
            message = QUEUE_MESSAGE
        else:
            continue
        failed = PackJob.objects.filter(pk=job.pk, status=job.status).update(
            status=PackStatus.FAILED, message=message, finished_at=now
        )
        if failed:
            _fail_lost_tasks(job.pk, message, now)
        count += failed
    return count


def _fail_lost_tasks(job_id: int, message: str, now: dt.datetime) -> None:
    """The task backend's record of a task whose worker died says "running" for ever: mark
    this job's such tasks failed too, with the reason the clerk is given."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path__startswith="packs.tasks.pack_",
        args_kwargs__args__0=job_id,
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="packs.services.WorkerLost",
        traceback=message,
    )


def pack_purge(*, now: dt.datetime | None = None) -> int:
    """Delete packs (files and records) older than PACK_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PACK_RETENTION_DAYS)
    count = 0
    for job in PackJob.objects.filter(created_at__lt=cutoff).prefetch_related("chapters"):
        _delete_files(job)
        job.delete()
        count += 1
    return count


def _delete_files(job: PackJob) -> None:
    for chapter in job.chapters.all():
        if chapter.file:
            chapter.file.delete(save=False)
    if job.file:
        job.file.delete(save=False)


# --- Chapters -----------------------------------------------------------------------------


def chapter_render(chapter: PackChapter) -> None:
    """Render one service's chapter to its own PDF file (nothing when it has no plan)."""
    job = chapter.job
    if chapter.plan_id is None:
        return
    plan = plan_queryset().get(pk=chapter.plan_id)
    label = f"Performance pack {job.quarter_label}: chapter {chapter.position}"
    as_at = job_as_at(job)
    # Only accepted results (or provisional ones marked, when asked for), and the risks as
    # they were scored at the quarter's end, as the summary prints them.
    plan_results_checked(
        plan, acceptance_of([plan.service_id]), include_provisional=job.include_provisional
    )
    plan.service._prefetched_objects_cache["risks"] = risks_as_at([plan.service], as_at)
    # As at the pack's quarter: no later result or progress note in a quarter's pack.
    result = plan_pdf_render(plan_document(plan, as_at), chapter=label)
    chapter.pages = result.pages
    chapter.file.save(f"chapter-{chapter.position:03d}.pdf", ContentFile(result.pdf), save=False)
    chapter.save(update_fields=["file", "pages"])


# --- Summary ------------------------------------------------------------------------------


@dataclass
class PlanFacts:
    """What a pack's summary reads of one plan: its sections, the year's budget totals and
    the actions behind. Made plan by plan, keeping none of the plan's rows, so a pack of
    many large plans is never held in memory all at once."""

    plan: Plan
    sections: list
    budget: dict[str, Decimal | None]
    behind: list


@dataclass(frozen=True)
class PackRating:
    """An indicator's rating for the pack's quarter, as the pack counts it: a result not
    accepted yet is provisional, and shown only when the clerk asked for provisional ones."""

    indicator_id: int
    service_id: int
    rating: str
    provisional: bool
    shown: bool


@dataclass
class PackContext:
    """What summary builders see: the job, and each chapter with its plan's facts; the
    quarter's ratings and risks are read once, for every part that prints them."""

    job: PackJob
    chapters: list[PackChapter]
    facts: dict[int, PlanFacts] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.job.year

    @property
    def services(self) -> list[Service]:
        return [chapter.service for chapter in self.chapters]

    def facts_of(self, chapter: PackChapter) -> PlanFacts | None:
        return self.facts.get(chapter.plan_id)

    @cached_property
    def indicators(self) -> QuerySet[Indicator]:
        return (
            Indicator.objects.filter(service__in=self.services)
            .select_related("service")
            .order_by("service__name", "code")
        )

    @cached_property
    def acceptance(self) -> Acceptance:
        return acceptance_of(service.pk for service in self.services)

    @cached_property
    def ratings(self) -> list[PackRating]:
        """Every indicator rated on its result due by the quarter's end (as the dashboard
        rates them), with whether that result is provisional and printed."""
        quarter = (self.year, self.job.quarter)
        out = []
        for rated in quarter_ratings(self.indicators, quarter, job_as_at(self.job)):
            has_result = rated.rating != Rating.NO_DATA
            provisional = has_result and not self.acceptance.is_accepted(
                rated.service_id, rated.period
            )
            shown = self.job.include_provisional or not provisional
            out.append(
                PackRating(rated.indicator_id, rated.service_id, rated.rating, provisional, shown)
            )
        return out

    @cached_property
    def top_risks(self) -> list[Risk]:
        """The open risks with the highest residual scores as they were scored at the end
        of the quarter (unscored risks last: they have no score to rank them by)."""
        risks = risks_as_at(self.services, job_as_at(self.job))
        risks.sort(
            key=lambda r: (
                -(r.residual_score or 0),
                -(r.inherent_score or 0),
                r.service.name,
                r.reference,
            )
        )
        return risks[:TOP_RISKS]


@dataclass
class SummaryPart:
    """One part of a pack's summary, printed from its own template."""

    title: str
    template: str
    context: dict


SummaryBuilder = Callable[[PackContext], SummaryPart | None]


def _written(section) -> bool:
    return bool(section.body) if section.is_narrative else section.updated_at is not None


def _budget_total(document: PlanDocument, year: int, category: str) -> Decimal | None:
    """The year's total of one budget category, None when the plan has no such lines."""
    for item in document.sections:
        categories = getattr(item.part, "categories", None)
        if categories is None:
            continue
        for value, _label, table in categories:
            if value == category and year in [y for y, _ in table.years]:
                return table.totals[[y for y, _ in table.years].index(year)]
    return None


BEHIND = {DeliveryStatus.DELAYED, DeliveryStatus.NOT_ACHIEVED}
BUDGET_TOTALS = {
    "revenue": BudgetLine.Category.REVENUE,
    "income": BudgetLine.Category.INCOME,
    "savings": BudgetLine.Category.SAVINGS,
}


def plan_facts(document: PlanDocument, year: int) -> PlanFacts:
    """The summary's facts of a plan document; the plan's rows are let go."""
    behind = []
    for item in document.sections:
        if item.section.kind == SectionKind.ACTIONS:
            for _objective, cards in item.part.objectives_in(item.section):
                behind += [card for card in cards if card.status in BEHIND]
    facts = PlanFacts(
        plan=document.plan,
        sections=[item.section for item in document.sections],
        budget={
            name: _budget_total(document, year, category)
            for name, category in BUDGET_TOTALS.items()
        },
        behind=behind,
    )
    facts.plan._prefetched_objects_cache = {}
    return facts


def plan_status_summary(pack: PackContext) -> SummaryPart:
    """Per service: its plan, status, sections written and missing, budget totals."""
    rows = []
    for chapter in pack.chapters:
        facts = pack.facts_of(chapter)
        row = {"service": chapter.service, "chapter": chapter, "plan": None}
        if facts is not None:
            sections = facts.sections
            missing = [s for s in sections if s.required and not _written(s)]
            row.update(
                plan=facts.plan,
                sections_total=len(sections),
                sections_written=sum(1 for s in sections if _written(s)),
                missing=missing,
                **facts.budget,
            )
        rows.append(row)
    return SummaryPart(
        title="Plans and budgets",
        template="packs/pdf/plan_status.html",
        context={"rows": rows, "year_label": periods.year_label(pack.year)},
    )


def job_as_at(job: PackJob) -> dt.date:
    """A pack shows its services as at the end of its quarter (or today, if that is
    earlier): results and progress notes of later periods are left out."""
    return min(periods.quarter_end(job.year, job.quarter), timezone.localdate())


def _pack_as_at(pack: PackContext) -> dt.date:
    return job_as_at(pack.job)


def _provisional_words(pack: PackContext) -> dict:
    """What the summary says about results not accepted yet: how many, and whether they
    are left out or printed marked "provisional"."""
    provisional = sum(rated.provisional for rated in pack.ratings)
    return {
        "include_provisional": pack.job.include_provisional,
        "provisional_count": provisional,
        "provisional_note": PROVISIONAL_NOTE,
    }


def kpi_summary(pack: PackContext) -> SummaryPart | None:
    """Per service, how many indicators are on, near or off target for the quarter, and
    every red and amber indicator with its commentary (the exceptions committees read).
    Results not accepted yet are counted apart and left out, or marked when asked for."""
    services = pack.services
    ratings = pack.ratings
    if not ratings:
        return None
    held, provisional = "held", "provisional"
    counts = {s.pk: dict.fromkeys([*Rating.values, held, provisional], 0) for s in services}
    for rated in ratings:
        counts[rated.service_id][rated.rating if rated.shown else held] += 1
        counts[rated.service_id][provisional] += rated.provisional and rated.shown
    columns = list(Rating.values)
    labels = [Rating(value).label for value in Rating.values]
    if pack.job.include_provisional:
        columns.append(provisional)
        labels.append("Of which provisional")
    else:
        columns.append(held)
        labels.append("Not yet accepted (left out)")
    # Full rows, with results, targets and commentary, for the exceptions only.
    off = {
        rated.indicator_id: rated.provisional
        for rated in ratings
        if rated.shown and rated.rating in {Rating.RED, Rating.AMBER}
    }
    quarter = (pack.year, pack.job.quarter)
    exceptions = pack.indicators.filter(pk__in=off).with_figures_due(periods.quarter_end(*quarter))
    rows = dashboard_rows(exceptions, quarter, _pack_as_at(pack))
    return SummaryPart(
        title="Performance indicators",
        template="packs/pdf/kpis.html",
        context={
            "labels": labels,
            "services": [(s, [counts[s.pk][column] for column in columns]) for s in services],
            "exceptions": [(row, off[row.indicator.pk]) for row in rows],
            "quarter_label": pack.job.quarter_label,
            **_provisional_words(pack),
        },
    )


def action_summary(pack: PackContext) -> SummaryPart | None:
    """Every delayed or not achieved action with its latest progress note."""
    behind = []
    for chapter in pack.chapters:
        facts = pack.facts_of(chapter)
        behind += [(chapter.service, card) for card in (facts.behind if facts else [])]
    return SummaryPart(
        title="Actions delayed or not achieved",
        template="packs/pdf/actions.html",
        context={"rows": behind},
    )


TOP_RISKS = 10


def risk_summary(pack: PackContext) -> SummaryPart | None:
    """The open risks with the highest residual scores across the pack's services, as
    they were scored at the end of the quarter."""
    risks = pack.top_risks
    if not risks:
        return None
    return SummaryPart(
        title=f"Top {len(risks)} risks",
        template="packs/pdf/risks.html",
        context={"risks": risks, "as_at": _pack_as_at(pack)},
    )


def _rating_groups(pack: PackContext, group_of) -> dict:
    """Counts by rating of the indicators shown, per group: group_of(rating) gives the
    keys of the groups an indicator counts in."""
    groups: dict = defaultdict(lambda: defaultdict(int))
    for rated in pack.ratings:
        for key in group_of(rated):
            groups[key][rated.rating] += rated.shown  # a group with none shown says 0
    return groups


def glance_summary(pack: PackContext) -> SummaryPart | None:
    """The pictures a committee reads first: ratings per directorate and per corporate
    priority as bars with the counts in words beside them, and the top risks on the heat
    map (each cell's rating, score and risks in words)."""
    directorates = {}
    for service in pack.services:
        directorates.setdefault(service.directorate_id, service.directorate)
    directorate_of = {service.pk: service.directorate_id for service in pack.services}
    by_directorate = _rating_groups(pack, lambda rated: [directorate_of[rated.service_id]])
    links = defaultdict(list)
    for indicator_id, priority_id in Indicator.priorities.through.objects.filter(
        indicator__in=pack.indicators.order_by().values("pk")
    ).values_list("indicator_id", "corporatepriority_id"):
        links[indicator_id].append(priority_id)
    by_priority = _rating_groups(pack, lambda rated: links[rated.indicator_id])
    priorities = CorporatePriority.objects.filter(pk__in=by_priority)
    charts = []
    if pack.ratings:
        charts.append(
            rating_chart(
                "Indicators by directorate",
                "Directorate",
                [
                    (directorate.name, by_directorate[pk])
                    for pk, directorate in sorted(directorates.items(), key=lambda i: i[1].name)
                ],
            )
        )
    if by_priority:
        charts.append(
            rating_chart(
                "Indicators by corporate priority",
                "Corporate priority",
                [(priority.title, by_priority[priority.pk]) for priority in priorities],
            )
        )
    maps = heat_maps(pack.top_risks)
    if not charts and not maps:
        return None
    return SummaryPart(
        title="At a glance",
        template="packs/pdf/glance.html",
        context={
            "charts": charts,
            "heat_maps": maps,
            "risk_count": len(pack.top_risks),
            "quarter_label": pack.job.quarter_label,
            "as_at": _pack_as_at(pack),
            **_provisional_words(pack),
        },
    )


# Each app's part of the summary, in the order printed.
SUMMARY_BUILDERS: list[SummaryBuilder] = [
    glance_summary,
    plan_status_summary,
    kpi_summary,
    action_summary,
    risk_summary,
]


def pack_context(job: PackJob) -> PackContext:
    chapters = list(job.chapters.select_related("service__directorate", "plan"))
    plan_ids = [c.plan_id for c in chapters if c.plan_id]
    facts = {}
    # Twenty plans at a time, each reduced to what the summary prints.
    for plan in plan_queryset().filter(pk__in=plan_ids).iterator(chunk_size=20):
        facts[plan.pk] = plan_facts(plan_document(plan, job_as_at(job)), job.year)
    return PackContext(job=job, chapters=chapters, facts=facts)


def summary_render(pack: PackContext, *, first_chapter_page: int) -> tuple[bytes, int]:
    """The summary PDF and its page count, with each chapter's first page in the contents."""
    page = first_chapter_page
    starts = []
    for chapter in pack.chapters:
        starts.append((chapter, page if chapter.file else None))
        page += chapter.pages
    parts = [part for builder in SUMMARY_BUILDERS if (part := builder(pack)) is not None]
    html = render_to_string(
        "packs/pdf/summary.html",
        {
            "job": pack.job,
            "council": pack.job.council,
            "parts": parts,
            "starts": starts,
            "generated": timezone.localtime(),
        },
    )
    result = render_pdf(html)
    return result.pdf, result.pages


def pack_assemble(job: PackJob) -> None:
    """Summary first, then each chapter from storage, stitched into one stored PDF."""
    pack = pack_context(job)
    # Render the summary once to learn its length, then again with the real page numbers.
    _pdf, summary_pages = summary_render(pack, first_chapter_page=1)
    summary_pdf, _pages = summary_render(pack, first_chapter_page=summary_pages + 1)
    title = f"{job.council.name}: performance pack {job.quarter_label}"

    def chapters():
        for chapter in pack.chapters:
            if chapter.file:
                with chapter.file.open("rb") as stored:
                    yield f"{chapter.position}. {chapter.service.name}", stored.read()

    output, pages = pdf_stitch(summary=("Summary", summary_pdf), chapters=chapters(), title=title)

    name = f"{slugify(job.council.display_name)}-performance-pack-{job.year}-q{job.quarter}.pdf"
    job.file.save(name, ContentFile(output), save=False)
    for chapter in pack.chapters:
        if chapter.file:
            chapter.file.delete(save=False)
    job.chapters.update(file="")
    now = timezone.now()
    job.status = PackStatus.DONE
    job.pages = pages
    job.services_done = job.services_total
    job.message = ""
    job.finished_at = now
    job.heartbeat_at = now
    job.save()
