"""People and their roles from a CSV file: who may import, the preview, what confirming
writes, and every kind of file and row it refuses."""

import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Role, User
from setup import people_csv
from setup.people_csv import EXAMPLE, people_check, read_rows
from tests import factories

HEADER = "email,first name,last name,job title,role,scope\n"
UPLOAD = reverse("setup:people_import")
CONFIRM = reverse("setup:people_import_confirm")


def csv_file(body: str, header: str = HEADER, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", (header + body).encode(encoding), "text/csv")


def upload(client, body: str | bytes, **kwargs):
    file = (
        SimpleUploadedFile("people.csv", body, "text/csv")
        if isinstance(body, bytes)
        else csv_file(body, **kwargs)
    )
    return client.post(UPLOAD, {"file": file})


GOOD = (
    "ana.ng@testshire.gov.uk,Ana,Ng,Waste officer,officer,Waste\n"
    "ana.ng@testshire.gov.uk,Ana,Ng,Waste officer,manager,Community\n"
    "sam.okafor@testshire.gov.uk,Sam,Okafor,Clerk,committee clerk,whole council\n"
    "lee.hart@testshire.gov.uk,Lee,Hart,,,\n"
)


def people_count(world) -> int:
    return User.objects.filter(council=world.council).count()


# -- Who may import ------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (UPLOAD, reverse("setup:people_import_example")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("setup:people_import_example")).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert client.post(CONFIRM).status_code == 403
    assert not User.objects.filter(email="ana.ng@testshire.gov.uk").exists()


def foreign_lead(world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    return lead


def test_another_councils_lead_cannot_reach_this_councils_services_or_pending_file(
    client, client_for, world
):
    lead_client = client_for(world.lead)
    assert "Import and send invitations" in upload(lead_client, GOOD).text
    pending = lead_client.session["people_import_pending"]
    # The other council's lead, with this council's file waiting in their session, writes
    # nothing into either council.
    other = client_for(foreign_lead(world))
    session = other.session
    session["people_import_pending"] = pending
    session.save()
    response = other.post(CONFIRM)
    assert response.status_code == 302
    assert not User.objects.filter(email="ana.ng@testshire.gov.uk").exists()
    # Their own upload naming this council's directorates is refused row by row.
    page = upload(other, "x@elsewhere.gov.uk,X,Y,,officer,Revenues\n").text
    assert "&#x27;Revenues&#x27; is not a directorate or service of Elsewhere" in page


def test_the_example_file_is_in_the_format_it_describes(client_for, world):
    response = client_for(world.lead).get(reverse("setup:people_import_example"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="people-example.csv"'
    assert response.content.decode("utf-8-sig") == EXAMPLE
    assert [row["role"] for _, row in read_rows(EXAMPLE)] == ["officer", "manager", "clerk", ""]


def test_the_people_page_links_to_the_import(client_for, world):
    page = client_for(world.lead).get(reverse("setup:person_list")).text
    assert f'href="{UPLOAD}"' in page


# -- Preview and confirm -------------------------------------------------------------------


def test_preview_writes_nothing_and_confirm_writes_everything(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.lead)
    before = people_count(world)
    page = client.get(UPLOAD).text
    assert "Download an example CSV file" in page
    response = upload(client, GOOD)
    assert response.status_code == 200
    assert 'People to add</dt><dd class="govuk-summary-list__value">3' in response.text
    assert 'Roles to give</dt><dd class="govuk-summary-list__value">3' in response.text
    assert people_count(world) == before
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM)
    assert response.status_code == 302
    assert response["Location"] == reverse("setup:person_list")
    assert people_count(world) == before + 3
    ana = User.objects.get(email="ana.ng@testshire.gov.uk")
    assert (ana.username, ana.job_title, ana.council) == (ana.email, "Waste officer", world.council)
    assert not ana.has_usable_password()
    assert sorted(ana.roles.values_list("name", "directorate_id", "service_id")) == [
        ("manager", world.directorate.pk, None),
        ("officer", None, world.sibling_service.pk),
    ]
    sam = User.objects.get(email="sam.okafor@testshire.gov.uk")
    assert [(r.name, r.directorate_id, r.service_id) for r in sam.roles.all()] == [
        ("clerk", None, None)
    ]
    assert not User.objects.get(email="lee.hart@testshire.gov.uk").roles.exists()
    # Their history says who added them, and why.
    record = ana.history.get()
    assert (record.history_user, record.history_change_reason) == (
        world.lead,
        "Imported from a CSV file",
    )
    assert Role.history.filter(user_id=ana.pk, history_user=world.lead).count() == 2
    # Each new person is invited, once.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana.ng@testshire.gov.uk",
        "lee.hart@testshire.gov.uk",
        "sam.okafor@testshire.gov.uk",
    ]
    assert "Set your password with this link" in mail.outbox[0].body
    # The file is gone: confirming again imports nothing twice.
    response = client.post(CONFIRM, follow=True)
    assert "There is no file waiting to be imported" in response.text
    assert people_count(world) == before + 3


def test_existing_people_get_new_roles_and_names_without_an_invitation(client_for, world):
    world.officer.email = "officer@testshire.gov.uk"
    world.officer.save()
    client = client_for(world.lead)
    body = (
        "OFFICER@testshire.gov.uk,Olive,Officer,Team leader,officer,Customer Services\n"
        "officer@testshire.gov.uk,Olive,Officer,Team leader,manager,Waste\n"
    )
    page = upload(client, body).text
    assert 'Roles they have already</dt><dd class="govuk-summary-list__value">1' in page
    client.post(CONFIRM)
    world.officer.refresh_from_db()
    assert (world.officer.first_name, world.officer.job_title) == ("Olive", "Team leader")
    assert sorted(world.officer.roles.values_list("name", flat=True)) == ["manager", "officer"]
    assert mail.outbox == []


def test_confirm_checks_again_and_writes_nothing_when_the_council_changed(client_for, world):
    client = client_for(world.lead)
    upload(client, GOOD)
    # Meanwhile someone at the other council takes one of the addresses.
    factories.UserFactory(
        council=world.foreign_council, username="sam", email="sam.okafor@testshire.gov.uk"
    )
    before = people_count(world)
    response = client.post(CONFIRM, follow=True)
    assert "Nothing was imported: the file has 1 problem now, the first on line 4" in response.text
    assert people_count(world) == before
    assert mail.outbox == []


def test_a_failure_while_writing_leaves_nothing_half_written(client_for, world, monkeypatch):
    client = client_for(world.lead)
    upload(client, GOOD)
    before = (people_count(world), Role.objects.count())

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(people_csv.stamps, "touch_setup", broken)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(CONFIRM)
    assert (people_count(world), Role.objects.count()) == before
    assert mail.outbox == []


# -- Bad rows ------------------------------------------------------------------------------


def row_errors(client, body, **kwargs) -> str:
    response = upload(client, body, **kwargs)
    assert response.status_code == 200
    assert "Import and send invitations" not in response.text
    assert "<title>Error: " in response.text
    return response.text


def test_every_bad_row_is_named_with_its_line_and_reason(client_for, world):
    factories.UserFactory(
        council=world.foreign_council, username="theirs", email="theirs@elsewhere.gov.uk"
    )
    world.officer_b.email = "gone@testshire.gov.uk"
    world.officer_b.is_active = False
    world.officer_b.save()
    body = (
        "a@testshire.gov.uk,A,One,,wizard,Waste\n"  # 2: unknown role
        "b@testshire.gov.uk,B,Two,,officer,Elsewhere Community\n"  # 3: not a scope here
        "not-an-email,C,Three,,officer,Waste\n"  # 4: bad e-mail
        "theirs@elsewhere.gov.uk,D,Four,,officer,Waste\n"  # 5: another council's user
        "e@testshire.gov.uk,E,Five,,officer,Waste\n"  # 6: fine
        "e@testshire.gov.uk,E,Five,,officer,waste\n"  # 7: repeats line 6
        "f@testshire.gov.uk,,,,officer,Waste\n"  # 8: no name
        "g@testshire.gov.uk,G,Seven,,officer,\n"  # 9: no scope
        "gone@testshire.gov.uk,,,,officer,Waste\n"  # 10: deactivated
        "e@testshire.gov.uk,Eve,Five,,manager,Community\n"  # 11: another name for line 6
        "h@testshire.gov.uk,H,Eight,,officer,Waste,extra\n"  # 12: a cell too many
    )
    page = row_errors(client_for(world.lead), body)
    assert "The file has 10 rows with problems. Nothing has been imported" in page
    expected = [
        (2, "&#x27;wizard&#x27; is not a role. Use officer, manager, clerk or performance lead."),
        (3, "&#x27;Elsewhere Community&#x27; is not a directorate or service of Testshire"),
        (4, "&#x27;not-an-email&#x27; is not an email address in the correct format"),
        (5, "Someone else already has an account with this email address."),
        (7, "This role repeats line 6."),
        (8, "Enter the person&#x27;s first name and last name."),
        (9, "Enter what the role covers"),
        (10, f"{world.officer_b} is deactivated. Reactivate them on their page first."),
        (11, "The name or job title differs from line 6"),
        (12, "The row has more cells than the header has columns."),
    ]
    for line, message in expected:
        assert (
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{line}</td><td class="govuk-table__cell">{message}'
            in page
        ), line
    assert not User.objects.filter(email__endswith="@testshire.gov.uk", is_active=True).exists()


def test_a_service_named_twice_must_be_named_with_its_directorate(client_for, world):
    factories.ServiceFactory(directorate=world.other_directorate, name="Customer Services")
    client = client_for(world.lead)
    page = row_errors(client, "a@testshire.gov.uk,A,One,,officer,Customer Services\n")
    assert "More than one directorate or service is called" in page
    page = upload(client, "a@testshire.gov.uk,A,One,,officer,customer services (resources)\n").text
    assert "Import and send invitations" in page


def test_a_file_that_changes_nothing_is_said_to(client_for, world):
    world.clerk.email = "clerk@testshire.gov.uk"
    world.clerk.save()
    page = row_errors(client_for(world.lead), "clerk@testshire.gov.uk,,,,clerk,whole council\n")
    assert "The file changes nothing" in page


# -- Bad files -----------------------------------------------------------------------------


def file_error(client, body, message, **kwargs):
    response = upload(client, body, **kwargs)
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert message in response.text.replace("&#x27;", "'")
    assert "Import and send invitations" not in response.text


def test_a_byte_order_mark_and_excel_windows_1252_are_read(client_for, world):
    client = client_for(world.lead)
    body = "zoe@testshire.gov.uk,Zoë,Brontë,Café manager,officer,Waste\n"
    assert "Import and send invitations" in upload(client, body, encoding="utf-8-sig").text
    response = upload(client, body, encoding="cp1252")
    assert "Import and send invitations" in response.text
    client.post(CONFIRM)
    assert User.objects.get(email="zoe@testshire.gov.uk").get_full_name() == "Zoë Brontë"


def test_semicolons_are_read_as_separators(client_for, world):
    client = client_for(world.lead)
    body = "e@testshire.gov.uk;E;Five;;officer;Waste\n"
    response = upload(client, body, header=HEADER.replace(",", ";"))
    assert "Import and send invitations" in response.text


def test_files_that_are_not_csv_text_are_refused_with_what_to_do(client_for, world):
    client = client_for(world.lead)
    save_as = "Save it from your spreadsheet as 'CSV UTF-8 (Comma delimited)'"
    file_error(client, b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "an Excel workbook")
    file_error(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls)")
    file_error(client, (HEADER + GOOD).encode("utf-16"), "UTF-16")
    file_error(client, b"email\n\x81\x8d\x8f@x\n", "The file's characters cannot be read")
    file_error(client, b"email\nab\x00cd\n", "not a text file")
    file_error(client, b"email\nab\x01cd\n", save_as)
    file_error(client, b"", "The selected file is empty")
    file_error(client, HEADER.encode(), "The file has a header row but no people")
    file_error(client, b"mail,name\nx,y\n", "a column this import does not know: mail, name")
    file_error(client, b'email\n"a@b.gov.uk\n', "not valid CSV")
    big = SimpleUploadedFile("big.csv", b"email\n" + b"x" * (5 * 1024 * 1024), "text/csv")
    response = client_for(world.lead).post(UPLOAD, {"file": big})
    assert "The file must be smaller than 5 MB" in response.text


def test_more_than_10000_rows_are_refused(client_for, world):
    body = "".join(f"p{n}@testshire.gov.uk,P,{n},,officer,Waste\n" for n in range(10_001))
    file_error(client_for(world.lead), body, "The file has more than 10,000 rows")


# -- Size ----------------------------------------------------------------------------------


def rows(count: int) -> str:
    scopes = ["Waste", "Community", "whole council", "Revenues", "Customer Services"]
    names = ["officer", "manager", "clerk"]
    return "".join(
        f"person{n}@testshire.gov.uk,First{n},Last{n},Officer,{names[n % 3]},{scopes[n % 5]}\n"
        for n in range(count)
    )


def test_checking_takes_as_many_queries_for_10_rows_as_for_1000(world):
    counts = []
    for count in (10, 1000):
        with CaptureQueriesContext(connection) as queries:
            check = people_check(council=world.council, rows=read_rows(HEADER + rows(count)))
        assert check.ok and len(check.new_people) == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_10000_rows_are_previewed_and_imported_in_reasonable_time(
    client_for, world, capsys, django_capture_on_commit_callbacks
):
    client = client_for(world.lead)
    body = rows(10_000)
    start = time.perf_counter()
    response = upload(client, body)
    preview = time.perf_counter() - start
    assert 'People to add</dt><dd class="govuk-summary-list__value">10000' in response.text
    start = time.perf_counter()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        response = client.post(CONFIRM)
    confirm = time.perf_counter() - start
    assert response.status_code == 302
    assert User.objects.filter(email__startswith="person").count() == 10_000
    assert Role.objects.filter(user__email__startswith="person").count() == 10_000
    # The worker is given the invitations once the transaction commits (the test backend
    # runs the task at once; it hands each e-mail over after its own commit).
    start = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    invitations = time.perf_counter() - start
    assert len(mail.outbox) == 10_000
    with capsys.disabled():
        print(
            f"\n10,000 rows: preview {preview:.1f} s; confirm {confirm:.1f} s in "
            f"{len(queries)} queries; invitations {invitations:.1f} s"
        )
    assert preview < 10 and confirm < 30
