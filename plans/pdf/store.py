"""
Plan PDFs kept in storage under the plan's change tokens: a download of a plan that has not
changed since its PDF was made is served from storage, not rendered again.

A kept PDF's name is a hash of what the PDF shows: the plan's change stamps (its rows, its
sections, its service's indicators and risks, the council's set-up: council/stamps.py), the
day (overdue flags), and the code that prints it (council/code_version.py), so that a new
release never serves a PDF the old code laid out. Files go through Django's storage API
(local files, or S3-compatible storage when configured); each plan keeps only its newest.
Keeping is best effort: a full disk, or storage out of reach, costs the next reader a render,
never a download.

PDFs are made before anyone asks (PDF_RENDER_AHEAD): a change to a plan, or to its service's
indicators and risks, queues one task when its transaction commits, run PDF_RENDER_DELAY
seconds later by the worker, which makes the PDFs not kept yet. A burst of edits makes one
render: the tasks after the first find the PDF of the plan as it stands already kept.
"""

import datetime as dt
import hashlib
import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from council import code_version, stamps
from council.storage_errors import STORAGE_ERRORS
from plans.cache import parts as part_cache

logger = logging.getLogger(__name__)

FOLDER = "plan-pdfs"


def pdf_key(plan, today: dt.date | None = None) -> str:
    """The name of the plan's PDF as it stands now: one query for the change tokens."""
    today = today or dt.date.today()
    tokens = stamps.tokens(part_cache.all_scopes(plan), may_prune=False)
    parts = [str(plan.pk), today.isoformat(), code_version.current(), *tokens.values()]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()


def _folder(plan_id: int) -> str:
    return f"{FOLDER}/plan-{plan_id}"


def _name(plan_id: int, key: str) -> str:
    return f"{_folder(plan_id)}/{key}.pdf"


def kept_pdf(plan_id: int, key: str) -> bytes | None:
    """The PDF kept under this key, or None when there is none (or it cannot be read)."""
    try:
        with default_storage.open(_name(plan_id, key), "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None
    except STORAGE_ERRORS:
        logger.warning("The kept PDF of plan %s could not be read", plan_id, exc_info=True)
        return None


def keep_pdf(plan_id: int, key: str, pdf: bytes) -> None:
    """Keep the PDF under its key and drop the plan's older ones. Never raises for storage:
    the download it came from goes ahead either way."""
    name = _name(plan_id, key)
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(pdf))
        _, files = default_storage.listdir(_folder(plan_id))
        for file in files:
            if file != f"{key}.pdf":
                default_storage.delete(f"{_folder(plan_id)}/{file}")
    except STORAGE_ERRORS:
        logger.warning("The PDF of plan %s could not be kept", plan_id, exc_info=True)


def forget_all() -> int:
    """Delete every kept PDF (after data changed by hand, or a restore); how many went."""
    try:
        folders, _ = default_storage.listdir(FOLDER)
    except (FileNotFoundError, OSError):
        return 0
    count = 0
    for folder in folders:
        _, files = default_storage.listdir(f"{FOLDER}/{folder}")
        for file in files:
            default_storage.delete(f"{FOLDER}/{folder}/{file}")
            count += 1
    return count


# --- Made before anyone asks ------------------------------------------------------------------

_pending = threading.local()


def render_after_change(keys) -> None:
    """The PDFs a change makes stale are made again in the background (council/stamps.py
    calls this with the change's stamps; a change to the council's set-up waits for the
    next download: it touches every plan)."""
    plans = {key for scope, key in keys if key is not None and scope.startswith(stamps.PLAN)}
    services = {key for scope, key in keys if key is not None and scope == stamps.SERVICE}
    render_soon(plans, services)


def render_soon(plan_ids, service_ids) -> None:
    """Queue the PDFs of these plans (and the service's plans) to be made after the current
    transaction commits: one task per transaction, however many rows it changes."""
    if not settings.PDF_RENDER_AHEAD or not (plan_ids or service_ids):
        return
    plans, services = _pending.__dict__.setdefault("ids", (set(), set()))
    plans.update(plan_ids)
    services.update(service_ids)
    connection = transaction.get_connection()
    if not any(func is _queue for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_queue)


def _queue() -> None:
    from plans.tasks import plan_pdfs_make

    plans, services = _pending.__dict__.pop("ids", (set(), set()))
    task = plan_pdfs_make
    if task.get_backend().supports_defer:
        delay = dt.timedelta(seconds=settings.PDF_RENDER_DELAY)
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(sorted(plans), sorted(services))


def make_if_missing(plan) -> bool:
    """Make and keep the plan's PDF unless the one of the plan as it stands is kept already;
    whether it was made."""
    from plans.document import plan_document, plan_queryset
    from plans.pdf.plan import plan_pdf_render

    key = pdf_key(plan)
    if kept_pdf(plan.pk, key) is not None:
        return False
    pdf = plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk))).pdf
    keep_pdf(plan.pk, key, pdf)
    return True
