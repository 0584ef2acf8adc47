"""What an import knows while it checks a file (ImportContext), and what one part of
the file is (Part): how to write it from a plan, and how to check it and prepare its save."""

from collections.abc import Callable
from dataclasses import dataclass

from council.models import CorporatePriority, QuarterLock, Service, User
from plans.exchange.format import FORMAT_VERSION, MAX_ERRORS
from plans.models import Plan


class ImportContext:
    """What an import knows while it checks a file: the target service and the errors so far."""

    def __init__(self, service: Service, years: list[int], version: int = FORMAT_VERSION):
        self.service = service
        self.version = version
        self.council_id = service.directorate.council_id
        self.years = years
        # The budget may show years before the plan (version 4): set from the plan's head.
        self.budget_years = years
        self.bid_years = years
        self.errors: list[str] = []
        self.error_count = 0  # errors kept (up to MAX_ERRORS) and those only counted
        self.rows = 0  # rows of every table read so far, against MAX_ROWS_PER_FILE
        self.action_lists: list[str] = []  # titles of the file's actions sections
        self.own_tables: list[str] = []  # titles of the file's sections with their own table
        self.section_titles: list[str] = []
        # Things that were left out or left blank without refusing the file.
        self.notes: list[str] = []
        self._priorities: dict[str, CorporatePriority] | None = None
        self._users: dict[str, User] | None = None
        self._locks: dict[tuple[int, int], QuarterLock] | None = None

    def error(self, where: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: {message}")

    def all_errors(self) -> list[str]:
        hidden = self.error_count - len(self.errors)
        return self.errors + ([f"... and {hidden:,} more problems"] if hidden > 0 else [])

    def priority(self, title) -> CorporatePriority | None:
        if self._priorities is None:
            self._priorities = {
                p.title: p for p in CorporatePriority.objects.filter(council_id=self.council_id)
            }
        return self._priorities.get(title)

    def refuse_locked(self, where: str, year, quarter, what: str) -> None:
        """An error when the file would add `what` (results, progress reports) to a quarter
        locked for the target service (council.models.QuarterLock): a locked quarter
        changes only through its own pages, by the performance lead, with a reason."""
        if self._locks is None:
            locks = QuarterLock.objects.in_force().filter(service=self.service)
            self._locks = {
                (lock.year, lock.quarter): lock
                for lock in locks.select_related("service", "locked_by")
            }
        lock = self._locks.get((year, quarter))
        if lock is not None:
            self.error(
                where,
                f"{lock.locked_words}: the file cannot add {what} to it. Leave it out of the "
                "file; the performance lead can enter it on its page, with a reason",
            )

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

    def user(self, username, where: str) -> User | None:
        """A person of the target council by username; None (with a note) when there is none."""
        if username is None or username == "":
            return None
        if not isinstance(username, str):
            self.error(where, "must be a username (text) or null")
            return None
        if self._users is None:
            self._users = {u.username: u for u in User.objects.filter(council_id=self.council_id)}
        user = self._users.get(username)
        if user is None:
            self.note(where, f"{username[:150]!r} has no account in this council; left blank")
        return user


Saver = Callable[[Plan], None]


@dataclass(frozen=True)
class Part:
    """One key of the file: how to write it from a plan, and how to check and save it."""

    key: str
    export: Callable[[Plan], object]
    prepare: Callable[[object, ImportContext, str], list[Saver]]
    since: int = 1  # the format version that added the part
