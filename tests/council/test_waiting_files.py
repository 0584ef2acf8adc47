"""Uploads left waiting for a preview nobody confirmed are deleted after two days
(council/waiting_files.py), by the worker when the scheduler queues council.tasks."""

import datetime as dt
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import TaskResultStatus
from django.utils import timezone

from council.tasks import waiting_files_tidy
from council.waiting_files import waiting_files_purge


def waiting(name: str, age: dt.timedelta) -> str:
    path = default_storage.save(f"imports/{name}", ContentFile(b"waiting"))
    stamp = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(path), (stamp, stamp))
    return path


def test_only_uploads_older_than_two_days_are_deleted():
    old = waiting("old.docx", dt.timedelta(days=2, minutes=1))
    recent = waiting("recent.csv", dt.timedelta(days=1, hours=23))
    kept_elsewhere = default_storage.save("org-charts/plan-1/chart.png", ContentFile(b"png"))
    os.utime(default_storage.path(kept_elsewhere), (0, 0))

    assert waiting_files_purge() == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(recent)
    assert default_storage.exists(kept_elsewhere)  # only the waiting files' folder is tidied


def test_with_nothing_ever_uploaded_there_is_nothing_to_do():
    assert waiting_files_purge() == 0


def test_the_worker_s_task_tidies_them(db):
    old = waiting("plan.json", dt.timedelta(days=3))
    assert waiting_files_tidy.enqueue().status == TaskResultStatus.SUCCESSFUL
    assert not default_storage.exists(old)
