"""Files an upload leaves waiting in storage (`imports/`) until the person confirms its
preview: a Word plan, a plan file, a people CSV. A confirmed or removed one is deleted
there and then; one never confirmed (the person went away, their session ended) is
deleted by `waiting_files_purge`, which the scheduler runs (council/tasks.py).

A waiting file is reachable only through the session that uploaded it, which ends after
SESSION_COOKIE_AGE (a working day); two days is past any session that could still use it.
"""

import datetime as dt
import logging

from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

FOLDER = "imports"
KEPT_FOR = dt.timedelta(days=2)


def waiting_files_purge(now: dt.datetime | None = None) -> int:
    """Delete the waiting files uploaded more than KEPT_FOR ago; how many were deleted."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0  # nothing uploaded yet
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        except FileNotFoundError:
            continue  # confirmed, and deleted, while we looked
    if deleted:
        logger.info("Deleted %s upload%s never confirmed", deleted, "s" if deleted != 1 else "")
    return deleted
