"""
Change stamps: a token per plan, per service and for the council set-up that changes
whenever anything those pages show changes, so a rendered page can be kept and served again
until it does (council/page_cache.py, plans/cache/pages.py), and whatever else must follow a
change (a plan's PDF made again: plans/pdf/store.py) can listen (`on_change`).

Every model is listed here, in WATCHED (what a change to one of its rows touches) or in
NOT_SHOWN; tests/plans/test_stamps.py fails when a new model is in neither. Saves, deletes
and link changes are seen through Django's signals. Writes that send none (bulk_create,
QuerySet.update) call `touch_plan` or `touch_rows` themselves.

A change adds a ChangeStamp row in its own transaction, so the token changes exactly when
the change becomes visible, and a change rolled back leaves no trace. Rows are only ever
added, never updated: writers take no lock on them. A token is the largest id and the sum
of the ids of its scope's rows. The sum grows with every row committed, even one whose id
is lower than the largest (its transaction began first); `prune` keeps the rows few and
first adds a row with a larger id than any before, so no token ever comes back.

Nor after a backup is restored (docs/backup-and-restore.md). The dump brings back older
rows and the sequence that numbers them, so the next change is given the id of one made
after the backup, whose pages may still be kept (the caches are files, outside the
database): ids alone would give that lost change's token again. So each row also has a
random 48-bit nonce, and a token is the largest id, the sum of the ids and the sum of the
nonces. A row added after the restore has a nonce drawn afresh: its token equals one made
before the restore only if the nonces happen to sum the same, a chance of about one in
2**48 per token. A token the restore brings back (the rows as they were when the dump was
taken) stands for that same data, so a page kept under it is still true (unless it was
being rendered as the dump was taken and read a change committed just after: a page reads
its tokens before its rows; `manage.py clear_page_cache` after a restore rules that out).
Nothing else for the operator to do, and no more queries: the nonces are summed in the
same query as the ids.
"""

import threading

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save

PLAN, SERVICE, SETUP = "plan", "service", "setup"
# A plan's rows are stamped by the part that shows them ("plan.budget", …), and its sections
# by "plan.sections": a section edited starts its page again, but not its tables. A change
# to the plan itself (its status, its years) stamps PLAN, which every part depends on.
SECTIONS = "plan.sections"


def part(kind: str) -> str:
    return f"plan.{kind}"


# A row touches the scope named, through a path of foreign keys from the row to the scope's
# id. One step is read off the row; a longer path is looked up (once) through its parent.
# SETUP (one for the whole installation) is touched by anything councils set up: it changes
# seldom, so every page starting again after it costs little.
WATCHED: dict[str, list[tuple[str, str]]] = {
    "plans.Plan": [(PLAN, "id")],
    "plans.Section": [(SECTIONS, "plan_id")],
    "plans.SectionReview": [(SECTIONS, "section__plan_id")],
    "plans.SectionFigure": [(SECTIONS, "section__plan_id")],
    "plans.PlanTransition": [(PLAN, "plan_id")],
    "plans.OrgChart": [(part("workforce"), "plan_id")],
    "plans.SinglePointOfFailure": [(part("workforce"), "plan_id")],
    "plans.SkillRequirement": [(part("workforce"), "plan_id")],
    "plans.ServiceObjective": [(part("actions"), "plan_id")],
    # A carried-forward action shows on the plan it came from too ("carried to …").
    "plans.Action": [(part("actions"), "plan_id"), (part("actions"), "carried_from__plan_id")],
    "plans.ProgressUpdate": [(part("actions"), "action__plan_id")],
    "plans.Project": [(part("actions"), "plan_id")],
    "plans.Milestone": [(part("actions"), "project__plan_id")],
    "plans.BudgetLine": [(part("budget"), "plan_id")],
    "plans.BudgetAmount": [(part("budget"), "line__plan_id")],
    "plans.GrowthBid": [(part("budget"), "plan_id")],
    "plans.GrowthBidAmount": [(part("budget"), "bid__plan_id")],
    "plans.CarbonInitiative": [(part("carbon"), "plan_id")],
    "plans.CarbonSaving": [(part("carbon"), "initiative__plan_id")],
    "plans.KeyContact": [(part("contacts"), "plan_id")],
    "plans.Contract": [(part("contracts"), "plan_id")],
    "plans.ForwardPlanItem": [(part("forward_plan"), "plan_id")],
    "plans.KeyIssue": [(part("key_issues"), "plan_id")],
    "plans.PriorityContribution": [(part("priorities"), "plan_id")],
    "plans.SignOff": [(part("sign_off"), "plan_id")],
    "plans.PlanVersion": [(part("versions"), "plan_id")],
    "plans.EarlierVersion": [(part("versions"), "plan_id")],
    "plans.TableRow": [(part("table"), "plan_id")],
    "kpis.Indicator": [(SERVICE, "service_id")],
    "kpis.Target": [(SERVICE, "indicator__service_id")],
    "kpis.TargetRevision": [(SERVICE, "target__indicator__service_id")],
    "kpis.Result": [(SERVICE, "indicator__service_id")],
    "kpis.ResultCorrection": [(SERVICE, "result__indicator__service_id")],
    "risks.Risk": [(SERVICE, "service_id")],
    "risks.ServiceAppetite": [(SERVICE, "service_id")],
    "council.Council": [(SETUP, "")],
    "council.Directorate": [(SETUP, "")],
    "council.Service": [(SETUP, "")],
    "council.FinancialYear": [(SETUP, "")],
    "council.CorporatePriority": [(SETUP, "")],
    "council.Objective": [(SETUP, "")],
    "council.User": [(SETUP, "")],  # names on sections, sign-offs and versions
    "council.Role": [(SETUP, "")],
    "risks.RiskMatrix": [(SETUP, "")],
    "risks.MatrixLevel": [(SETUP, "")],
    "risks.RatingBand": [(SETUP, "")],
    "risks.CellRating": [(SETUP, "")],
    "risks.AppetiteLevel": [(SETUP, "")],
    "plans.Template": [(SETUP, "")],
    "plans.TemplateSection": [(SETUP, "")],
    "plans.TemplateSignOff": [(SETUP, "")],
}
# Models no plan page or dashboard shows.
NOT_SHOWN = frozenset(
    {
        "council.ChangeStamp",
        # Read by the result and progress pages and the returns' tracker, none of them kept.
        "council.QuarterLock",
        "packs.PackJob",
        "packs.PackChapter",
        "plans.WorkerHeartbeat",
        "kpis.ImportBatch",
    }
)
# Apps whose models must each be in WATCHED or NOT_SHOWN.
APPS = ("council", "plans", "packs", "kpis", "risks")
# A user's save that changes nothing shown: signing in.
QUIET_USER_FIELDS = frozenset({"last_login"})


# Rows kept per scope before the oldest are pruned.
PRUNE_AT = 20
# The scope of rows reached through a parent ((model, path, id) -> key), which never moves:
# a budget amount's line stays on its plan. Per thread, bounded.
_parents = threading.local()
PARENTS_KEPT = 10_000


def touch(keys=(), lookups=()) -> None:
    """Record a change to each (scope, key), and to the scope of each (model, scope, path, id)
    row found through a parent."""
    from council.models import ChangeStamp

    keys = set(keys)
    for model, scope, path, row_id in lookups:
        keys.update((scope, key) for key in _parent_keys(model, path, row_id))
    keys.discard(None)
    ChangeStamp.objects.bulk_create(
        [ChangeStamp(scope=scope, key=key) for scope, key in keys if key is not None]
    )
    for listener in _listeners:
        listener(keys)


# Called with the (scope, key)s of each change, in its transaction: the floors above listen
# here rather than this one calling up to them.
_listeners: list = []


def on_change(listener) -> None:
    """Call listener(keys) with the (scope, key)s every change touches (once per listener)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _parent_keys(model, path, row_id) -> list:
    if row_id is None:
        return []
    known = getattr(_parents, "keys", None)
    if known is None or len(known) > PARENTS_KEPT:
        known = _parents.keys = {}
    marker = (model, path, row_id)
    if marker not in known:
        known[marker] = list(model._base_manager.filter(pk=row_id).values_list(path, flat=True))
    return known[marker]


def forget_parents() -> None:
    """Drop this thread's remembered parents (tests whose ids start again call this)."""
    _parents.keys = {}


def touch_plan(plan_id: int) -> None:
    touch(keys=[(PLAN, plan_id)])


def touch_setup() -> None:
    touch(keys=[(SETUP, 0)])


def touch_rows(model, ids) -> None:
    """Everything a change to these rows of model touches: for writes that send no signals."""
    keys, lookups = [], []
    for scope, path in WATCHED[model._meta.label]:
        if scope == SETUP:
            keys.append((SETUP, 0))
        else:
            lookups.extend((model, scope, path, pk) for pk in ids)
    touch(keys, lookups)


def touch_row(instance) -> None:
    """Everything a change to this row touches."""
    keys, lookups = [], []
    for scope, path in WATCHED[instance._meta.label]:
        if scope == SETUP:
            keys.append((SETUP, 0))
        elif "__" in path:
            first, rest = path.split("__", 1)
            field = instance._meta.get_field(first)
            lookups.append((field.related_model, scope, rest, getattr(instance, field.attname)))
        else:
            key = getattr(instance, path)
            if key is not None:
                keys.append((scope, key))
    touch(keys, lookups)


# --- Signals ------------------------------------------------------------------------------


def _saved(sender, instance, update_fields=None, raw=False, **kwargs):
    quiet = sender._meta.label == "council.User" and update_fields
    if not (quiet and set(update_fields) <= QUIET_USER_FIELDS):
        touch_row(instance)


def _deleted(sender, instance, **kwargs):
    touch_row(instance)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        touch_row(instance)
    elif pk_set is None or model._meta.label not in WATCHED:  # cleared from the other side
        touch_setup()
    else:
        for row in model._base_manager.filter(pk__in=pk_set):
            touch_row(row)


def watched_models():
    return [apps.get_model(label) for label in WATCHED]


def connect() -> None:
    """Listen to every watched model (called once, from CouncilConfig.ready)."""
    for model in watched_models():
        uid = f"stamps:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _links_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )


# --- Reading -------------------------------------------------------------------------------


def tokens(keys, *, may_prune: bool = True) -> dict[tuple[str, int], str]:
    """The current token of each (scope, key): "0" for one never touched. A scope with many
    rows is pruned after the transaction (which gives it a new token), unless `may_prune` is
    off: a reader that keeps something for long (a PDF) must not change what it read."""
    from council.models import ChangeStamp

    keys = list(keys)
    found = {}
    rows = (
        ChangeStamp.objects.filter(_matching(keys))
        .values_list("scope", "key")
        .annotate(newest=Max("id"), total=Sum("id"), nonces=Sum("nonce"), count=Count("id"))
        .order_by()
    )
    for scope, key, newest, total, nonces, count in rows if keys else []:
        found[(scope, key)] = f"{newest}.{total}.{nonces}"
        if may_prune and count > PRUNE_AT:
            transaction.on_commit(lambda s=scope, k=key: prune(s, k))
    return {key: found.get(key, "0") for key in keys}


def _matching(keys: list[tuple[str, int]]) -> Q:
    """The rows of these (scope, key) pairs, in as few conditions as they group into: a
    plan page asks for some twenty scopes of one key, a list page for one scope of many
    keys. Building a condition costs more than the query it is in, so fewer is cheaper."""
    by_scope: dict[str, list[int]] = {}
    by_key: dict[int, list[str]] = {}
    for scope, key in keys:
        by_scope.setdefault(scope, []).append(key)
        by_key.setdefault(key, []).append(scope)
    condition = Q(pk__in=[])
    if len(by_key) < len(by_scope):
        for key, scopes in by_key.items():
            condition |= Q(key=key, scope__in=scopes)
    else:
        for scope, scope_keys in by_scope.items():
            condition |= Q(scope=scope, key__in=scope_keys)
    return condition


def prune(scope: str, key: int) -> None:
    """Keep one row for the scope: a new one, with an id larger than every earlier row's."""
    from council.models import ChangeStamp

    with transaction.atomic():
        newest = ChangeStamp.objects.create(scope=scope, key=key)
        ChangeStamp.objects.filter(scope=scope, key=key, id__lt=newest.id).delete()
