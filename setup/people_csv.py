"""
People and their roles from a CSV file: reading it, and checking every row against the
council before anything is written.

The format (README, "People from a CSV file"): a header row, then one row per role:

    email,first name,last name,job title,role,scope
    ana.ng@testshire.gov.uk,Ana,Ng,Waste officer,officer,Waste
    ana.ng@testshire.gov.uk,Ana,Ng,Waste officer,manager,Community

A person with several roles has several rows; a row with no role and no scope adds the
person only. `scope` is "whole council", a directorate's name, or a service's name (written
"Service (Directorate)" when two directorates have a service of that name).

Checking reads the council's directorates, services, the people named by the file and
their roles in a fixed number of queries, whatever the number of rows.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from council import stamps
from council.models import Council, Directorate, Role, Service, User
from setup.tasks import invitations_send

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
COLUMNS = ["email", "first name", "last name", "job title", "role", "scope"]
WHOLE_COUNCIL = ("whole council", "the whole council", "council")
EXAMPLE = (
    "email,first name,last name,job title,role,scope\r\n"
    "ana.ng@example.gov.uk,Ana,Ng,Waste officer,officer,Waste\r\n"
    "ana.ng@example.gov.uk,Ana,Ng,Waste officer,manager,Community\r\n"
    "sam.okafor@example.gov.uk,Sam,Okafor,Committee clerk,clerk,whole council\r\n"
    "lee.hart@example.gov.uk,Lee,Hart,Revenues manager,,\r\n"
)

# Role names as people write them: the value, the label and a few plain forms.
ROLE_WORDS = {
    **{value.replace("_", " "): value for value in Role.Name.values},
    **{label.lower(): value for value, label in Role.Name.choices},
    "clerk": Role.Name.CLERK,
    "lead": Role.Name.PERFORMANCE_LEAD,
}
ROLE_HINT = "officer, manager, clerk or performance lead"

# What a file that is not CSV starts with: told apart so the message can say what it is.
SIGNATURES = [
    (b"PK\x03\x04", "an Excel workbook or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file"),
    (b"%PDF", "a PDF"),
    (b"{\\rtf", "a rich text document"),
]
SAVE_AS = "Save it from your spreadsheet as 'CSV UTF-8 (Comma delimited)' and upload that."


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 with or without a byte order mark, else Windows-1252 (what
    Excel writes as plain 'CSV'). Anything else is refused, never guessed at."""
    if not data.strip():
        raise FileProblem("The file is empty.")
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise FileProblem(f"The file is {what}, not a CSV file. {SAVE_AS}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            f"The file is in UTF-16 ('Unicode text'), which cannot be read. {SAVE_AS}"
        )
    if b"\x00" in data:
        raise FileProblem(f"The file is not a text file. {SAVE_AS}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem(
                "The file's characters cannot be read: it is neither UTF-8 nor Windows-1252 "
                f"(Western European). {SAVE_AS}"
            ) from None
    if any(ch < " " and ch not in "\t\r\n" for ch in text):
        raise FileProblem(f"The file has characters that are not text. {SAVE_AS}")
    return text


def _column(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def read_rows(text: str) -> list[tuple[int, dict]]:
    """(line number, row by column) for each non-blank row after the header."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        columns = [_column(name) for name in header]
        unknown = [header[i].strip() for i, name in enumerate(columns) if name not in COLUMNS]
        if unknown:
            raise FileProblem(
                f"The file has a column this import does not know: {', '.join(unknown)}. "
                f"The columns are: {', '.join(COLUMNS)}."
            )
        if "email" not in columns:
            raise FileProblem(
                f"The file has no email column. The columns are: {', '.join(COLUMNS)}."
            )
        if len(set(columns)) < len(columns):
            raise FileProblem("The file has a column twice. Each column may appear once.")
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise FileProblem(
                    f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
                )
            row = dict.fromkeys(COLUMNS, "")
            row.update({name: cell.strip() for name, cell in zip(columns, cells, strict=False)})
            row["extra"] = len(cells) > len(columns)
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise FileProblem(f"Line {reader.line_num}: the file is not valid CSV ({error}).") from None
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    return rows


@dataclass
class NewPerson:
    line: int
    email: str
    first_name: str
    last_name: str
    job_title: str


@dataclass
class Check:
    """What an import would do, and every row it refuses with the reason."""

    errors: list[tuple[int, str]] = field(default_factory=list)
    new_people: dict[str, NewPerson] = field(default_factory=dict)
    # Existing people of the council whose name or job title the file changes.
    updates: dict[int, dict] = field(default_factory=dict)
    # (email, role name, directorate id, service id) for each role to give.
    roles: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)
    existing: dict[str, User] = field(default_factory=dict)
    unchanged_roles: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.new_people or self.updates or self.roles)


class Scopes:
    """The council's directorates and services by the names a file may use for them."""

    def __init__(self, council: Council):
        self.names: dict[str, list[tuple[int | None, int | None]]] = {}
        for directorate in Directorate.objects.filter(council=council):
            self.names.setdefault(directorate.name.lower(), []).append((directorate.pk, None))
        services = Service.objects.filter(directorate__council=council).select_related(
            "directorate"
        )
        for service in services:
            self.names.setdefault(service.name.lower(), []).append((None, service.pk))
            label = f"{service.name} ({service.directorate.name})".lower()
            self.names.setdefault(label, []).append((None, service.pk))
        self.council = council

    def find(self, written: str) -> tuple[int | None, int | None]:
        if written.lower() in WHOLE_COUNCIL:
            return None, None
        found = self.names.get(" ".join(written.lower().split()), [])
        if not found:
            raise ValidationError(
                f"'{written}' is not a directorate or service of {self.council}. Write a "
                "directorate's or service's name as it is on the Directorates and services "
                "page, or 'whole council'."
            )
        if len(found) > 1:
            raise ValidationError(
                f"More than one directorate or service is called '{written}'. Name the service "
                "with its directorate, like 'Customer Services (Community)'."
            )
        return found[0]


def _role(row: dict, scopes: Scopes) -> tuple[str, int | None, int | None] | None:
    written_role, written_scope = row["role"], row["scope"]
    if not written_role and not written_scope:
        return None
    if not written_role:
        raise ValidationError("Enter a role for this scope, or leave the scope blank too.")
    name = ROLE_WORDS.get(" ".join(written_role.lower().replace("_", " ").split()))
    if name is None:
        raise ValidationError(f"'{written_role}' is not a role. Use {ROLE_HINT}.")
    if not written_scope:
        raise ValidationError(
            "Enter what the role covers: 'whole council', a directorate or a service."
        )
    return (name, *scopes.find(written_scope))


def _email(row: dict) -> str:
    email = row["email"].lower()
    if not email:
        raise ValidationError("Enter an email address.")
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            f"'{row['email']}' is not an email address in the correct format, like "
            "name@council.gov.uk."
        ) from None
    if len(email) > 254:
        raise ValidationError("The email address must be 254 characters or fewer.")
    return email


def _person_fields(row: dict) -> dict:
    fields = {"first_name": row["first name"], "last_name": row["last name"]}
    fields["job_title"] = row["job title"]
    for name, limit in (("first_name", 150), ("last_name", 150), ("job_title", 200)):
        if len(fields[name]) > limit:
            label = name.replace("_", " ").capitalize()
            raise ValidationError(f"{label} must be {limit} characters or fewer.")
    return fields


def _accounts(council: Council, emails: set[str]) -> tuple[dict[str, User], set[str]]:
    """The council's people with these e-mail addresses, and the addresses someone else
    (another council, an operator) already signs in with. Two queries."""
    matching = User.objects.annotate(email_lower=Lower("email")).filter(
        Q(email_lower__in=emails) | Q(username__in=emails)
    )
    ours, taken = {}, set()
    for user in matching:
        for address in {user.email_lower, user.username} & emails:
            if user.council_id == council.pk and user.email_lower == address:
                ours[address] = user
            else:
                taken.add(address)
    return ours, taken - set(ours)


def people_check(*, council: Council, rows: list[tuple[int, dict]]) -> Check:
    """Check every row; the result says what confirming would write."""
    check = Check(rows=len(rows))
    scopes = Scopes(council)
    emails = {row["email"].lower() for _, row in rows if row["email"]}
    check.existing, taken = _accounts(council, emails)
    held = set(
        Role.objects.filter(user__in=check.existing.values()).values_list(
            "user_id", "name", "directorate_id", "service_id"
        )
    )
    first_line: dict[str, tuple[int, dict]] = {}
    seen_roles: dict[tuple, int] = {}
    for line, row in rows:
        try:
            if row["extra"]:
                raise ValidationError("The row has more cells than the header has columns.")
            email = _email(row)
            if email in taken:
                raise ValidationError(
                    "Someone else already has an account with this email address."
                )
            fields = _person_fields(row)
            role = _role(row, scopes)
            user = check.existing.get(email)
            if user is not None and not user.is_active:
                raise ValidationError(
                    f"{user} is deactivated. Reactivate them on their page first."
                )
            earlier = first_line.get(email)
            if earlier is not None:
                differ = [k for k, v in fields.items() if v and earlier[1].get(k, v) != v]
                if differ:
                    raise ValidationError(
                        f"The name or job title differs from line {earlier[0]} for the same "
                        "person. Write them the same on every row."
                    )
            if role is not None:
                key = (email, *role)
                if key in seen_roles:
                    raise ValidationError(f"This role repeats line {seen_roles[key]}.")
                if user is not None and (user.pk, *role) in held:
                    check.unchanged_roles += 1
                    seen_roles[key] = line
                    role = None
            if (
                user is None
                and earlier is None
                and not (fields["first_name"] and fields["last_name"])
            ):
                raise ValidationError("Enter the person's first name and last name.")
        except ValidationError as error:
            check.errors.append((line, error.messages[0]))
            continue
        if earlier is None:
            first_line[email] = (line, fields)
            if user is None:
                check.new_people[email] = NewPerson(line, email, **fields)
            else:
                changed = {k: v for k, v in fields.items() if v and getattr(user, k) != v}
                if changed:
                    check.updates[user.pk] = changed
        if role is not None:
            seen_roles[(email, *role)] = line
            check.roles.append((email, *role))
    return check


@transaction.atomic
def people_import(*, council: Council, text: str, by: User) -> Check:
    """Write what the file says, all of it or nothing: the file is checked again here (the
    council may have changed since the preview), then the new people, the changed names
    and the roles are written in bulk, each with its history row, and every new person is
    sent their invitation by the worker once the transaction commits (setup/tasks.py)."""
    check = people_check(council=council, rows=read_rows(text))
    if check.errors:
        line, message = check.errors[0]
        raise ValidationError(
            f"Nothing was imported: the file has {len(check.errors)} problem"
            f"{'s' if len(check.errors) != 1 else ''} now, the first on line {line}: {message}"
        )
    people = []
    for new in check.new_people.values():
        user = User(
            council=council,
            email=new.email,
            username=new.email,
            first_name=new.first_name,
            last_name=new.last_name,
            job_title=new.job_title,
        )
        user.set_unusable_password()
        people.append(user)
    reason = "Imported from a CSV file"
    people = bulk_create_with_history(people, User, default_user=by, default_change_reason=reason)
    if check.updates:
        changed = User.objects.in_bulk(list(check.updates))
        for pk, fields in check.updates.items():
            for name, value in fields.items():
                setattr(changed[pk], name, value)
        bulk_update_with_history(
            list(changed.values()),
            User,
            ["first_name", "last_name", "job_title"],
            default_user=by,
            default_change_reason=reason,
        )
    user_ids = {user.email: user.pk for user in people}
    user_ids.update({email: user.pk for email, user in check.existing.items()})
    roles = [
        Role(user_id=user_ids[email], name=name, directorate_id=directorate, service_id=service)
        for email, name, directorate, service in check.roles
    ]
    bulk_create_with_history(roles, Role, default_user=by, default_change_reason=reason)
    stamps.touch_setup()  # bulk writes send no signals
    # The worker sends the invitations once the people are committed (setup/tasks.py).
    ids = [user.pk for user in people]
    if ids:
        transaction.on_commit(lambda: invitations_send.enqueue(ids, by.pk if by else None))
    return check
