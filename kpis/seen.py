"""What a page showed of a result, so that a save can tell when someone else saved the
same result in between (two officers on one return's grid, an officer and the lead).

The page sends back a short token of the result as it showed it (`result_seen`). A save
whose token no longer matches the saved result is refused with who saved what, and what
was typed stays on the page; a row the person did not touch is not a change at all."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator

from kpis.models import Result

# A result not saved yet, or a row left empty.
NOTHING = "none"


def seen_token(printed: str, commentary: str) -> str:
    """The token of a result as printed, with its commentary. Line endings and surrounding
    spaces do not count: browsers send a textarea's lines back as CRLF."""
    printed = printed.strip()
    commentary = "\n".join(commentary.strip().splitlines())
    if not printed and not commentary:
        return NOTHING
    text = f"{printed}\x1f{commentary}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def result_seen(result: Result | None) -> str:
    if result is None:
        return NOTHING
    return seen_token(result.printed, result.commentary)


def changed_since_seen(result: Result) -> ValidationError:
    """The refusal of a save over a result someone else saved after the page was opened:
    who, when, and what it is now, so the person can choose between theirs and it."""
    change = result.history.select_related("history_user").first()
    who = "someone else"
    when = result.entered_at
    if change is not None:
        when = change.history_date
        if change.history_user is not None:
            who = change.history_user.get_full_name() or change.history_user.username
    when = timezone.localtime(when)
    now = f"it is now {result.printed}"
    if result.commentary.strip():
        commentary = Truncator(" ".join(result.commentary.split())).chars(200)
        now += f", with the commentary “{commentary}”"
    return ValidationError(
        f"Saved by {who} at {when:%H:%M} on {when.day} {when:%B %Y} after you opened this "
        f"page: {now}. What you typed is kept: check it, then save again to replace theirs",
        code="changed",
    )
