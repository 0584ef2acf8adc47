"""Background work of the returns, with django.tasks: the reminders, queued every hour by
the scheduler (council/schedule.py) and run by the worker."""

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from council.schedule import periodic
from returns.reminders import reminders_send


def now() -> dt.datetime:
    """The local time (a function, so that tests can set it)."""
    return timezone.localtime()


@periodic(every=dt.timedelta(hours=1))
@task
def returns_remind() -> int:
    """Send the reminders due today (each once: returns/reminders.py), from
    RETURN_REMINDER_HOUR on, so that nobody is e-mailed in the night; how many went."""
    moment = now()
    if moment.hour < settings.RETURN_REMINDER_HOUR:
        return 0
    return len(reminders_send(today=moment.date()))
