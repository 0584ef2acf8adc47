"""Background work of the council app, with django.tasks.

`waiting_files_tidy` runs by itself every six hours (queued by `manage.py run_scheduler`):
it deletes the uploads left waiting for a preview nobody confirmed (council/waiting_files.py).
"""

import datetime as dt

from django.tasks import task

from council.schedule import periodic
from council.waiting_files import waiting_files_purge


@periodic(every=dt.timedelta(hours=6))
@task
def waiting_files_tidy() -> None:
    """Delete uploads waiting for a confirmation for more than two days."""
    waiting_files_purge()
