"""
Background work of the packs, with django.tasks.

`pack_build` starts a job and queues one `pack_chapter` per service, so that several
workers (`manage.py run_worker`) render chapters side by side; the chapter that completes
the job queues `pack_finish`, which renders the summary and stitches the file. Every task
catches its own failure and records it on the job: the clerk sees a message, never a
pack stuck in "running". A worker that dies is caught by `pack_mark_stale()`: while a
chapter renders, or the summary and file are made, a lease is renewed from a thread, and
a killed worker's lease lapses.
"""

import logging

from django.tasks import task

from council.storage_errors import is_disk_full
from packs import services as packs
from packs.models import PackChapter, PackJob, PackStatus
from plans.pdf.render import PdfRenderError

logger = logging.getLogger(__name__)


@task
def pack_build(job_id: int) -> None:
    """Start a pack: mark it running and queue a chapter per service."""
    packs.pack_purge()
    job = PackJob.objects.get(pk=job_id)
    if not packs.pack_start(job):
        return
    chapter_ids = list(job.chapters.values_list("pk", flat=True))
    if not chapter_ids:
        pack_finish.enqueue(job_id)
        return
    for chapter_id in chapter_ids:
        pack_chapter.enqueue(job_id, chapter_id)


@task
def pack_chapter(job_id: int, chapter_id: int) -> None:
    """Render one service's chapter; the last one to finish queues the stitching."""
    chapter = PackChapter.objects.select_related("job__council", "service").get(pk=chapter_id)
    if chapter.job.status != PackStatus.RUNNING or chapter.done:
        return
    try:
        with packs.chapter_lease(chapter):
            packs.chapter_render(chapter)
    except PdfRenderError:
        packs.pack_fail(job_id, f"the plan of {chapter.service.name} could not be printed.")
        return
    except Exception as error:
        logger.exception("Pack %s: chapter %s failed", job_id, chapter_id)
        packs.pack_fail(
            job_id, _blame(error) or f"something went wrong with {chapter.service.name}."
        )
        return
    if packs.chapter_finish(chapter):
        pack_finish.enqueue(job_id)


@task
def pack_finish(job_id: int) -> None:
    """Render the summary and stitch summary and chapters into the pack's file."""
    job = PackJob.objects.select_related("council").get(pk=job_id)
    if job.status != PackStatus.RUNNING:
        return
    try:
        with packs.job_lease(job):
            packs.pack_assemble(job)
    except Exception as error:
        logger.exception("Pack %s: assembling failed", job_id)
        packs.pack_fail(job_id, _blame(error) or "the summary or the final file could not be made.")


def _blame(error: Exception) -> str | None:
    """What to tell the clerk when the failure is the server's, not a plan's."""
    if is_disk_full(error):
        return (
            "the server ran out of space to store the pack. Ask your administrator to free "
            "some space, then make the pack again."
        )
    return None
