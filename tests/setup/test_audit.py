"""The council's audit log: who may read it, what it shows, its filters, its CSV export
and what a page costs."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Directorate, Role, User
from setup.audit import safe_cell
from tests import factories

LOG = reverse("setup:audit_list")
EXPORT = reverse("setup:audit_export")


def export_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (LOG, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    for url in (LOG, EXPORT):
        response = client.get(url)
        assert response.status_code == 403
        assert "Only the performance lead can set up the council." in response.text


def test_another_councils_lead_sees_only_their_own_council(client_for, world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    client_for(world.officer)  # a sign-in at this council
    client = client_for(lead)
    page = client.get(LOG).text
    assert world.foreign_plan.title in page or "Plan: " in page
    assert str(world.officer) not in page
    assert world.plan.title not in page
    rows = export_rows(client.get(EXPORT))
    assert rows[0] == ["When", "Who", "Kind", "Action", "What", "Plan", "Fields changed"]
    assert len(rows) > 1
    assert not any(str(world.officer) in cell or "Revenues" in cell for r in rows for cell in r)
    # This council's person is no filter of theirs.
    response = client.get(LOG, {"person": world.officer.pk})
    assert "Select a person from the list" in response.text
    assert str(world.officer) not in export_rows(client.get(EXPORT, {"person": world.officer.pk}))


def test_the_lead_sees_changes_and_sign_ins_newest_first(client, client_for, world):
    client_for(world.officer)
    client.logout()
    directorate = Directorate.objects.create(council=world.council, name="Place")
    page = client_for(world.lead).get(LOG).text
    assert '<h1 class="govuk-heading-l">Audit log</h1>' in page
    assert "Signed in" in page
    assert f"Plan: {world.plan.title}" in page
    assert page.index("Directorate: Place") < page.index(f"Plan: {world.plan.title}")
    directorate.delete()
    page = client_for(world.lead).get(LOG).text
    assert page.index("Deleted") < page.index("Directorate: Place")


def test_filters_by_person_kind_and_dates(client, client_for, world):
    client_for(world.officer)
    client.logout()
    # Outside a request nobody is recorded; a change made on a page names its maker.
    world.other_plan.history.update(history_user=world.officer_b)
    lead = client_for(world.lead)
    page = lead.get(LOG, {"person": world.officer.pk, "kind": "sign-ins"}).text
    assert page.count("Signed in") == 1
    assert f"Plan: {world.plan.title}" not in page
    page = lead.get(LOG, {"kind": "plans"}).text
    assert "Signed in" not in page and f"Plan: {world.plan.title}" in page
    page = lead.get(LOG, {"person": world.officer_b.pk, "kind": "plans"}).text
    assert f"Plan: {world.other_plan.title}" in page and f"Plan: {world.plan.title}" not in page
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    page = lead.get(LOG, {"since": tomorrow}).text
    assert "Nothing has been recorded that matches these filters" in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert "Signed in" in lead.get(LOG, {"since": today, "until": today}).text


def test_bad_filters_are_named_in_the_error_summary(client_for, world):
    client = client_for(world.lead)
    response = client.get(LOG, {"since": "31/02/2026", "until": "1/1/2020", "kind": "x"})
    assert response.status_code == 200
    assert "<title>Error: Audit log" in response.text
    assert 'href="#id_since">Enter the first day as a date, like 1/4/2026' in response.text
    assert 'href="#id_kind">Select a kind from the list' in response.text
    response = client.get(LOG, {"since": "2/1/2026", "until": "1/1/2026"})
    assert "The last day must be on or after the first" in response.text


def test_a_change_says_which_fields_it_changed(client_for, world):
    service = world.service
    service.name, service.head_of_service = "Customer Contact", "Sam Jones"
    service.save()
    service.save()  # saved again unchanged: nothing to name
    client = client_for(world.lead)
    page = client.get(LOG, {"kind": "setup"}).text
    assert 'Changed<br><span class="govuk-body-s">Name, head of service</span>' in page
    assert page.count("Service: Customer Contact") == 2  # changed, then saved again
    rows = export_rows(client.get(EXPORT, {"kind": "setup"}))
    assert rows[0][-1] == "Fields changed"
    changed = [row[-1] for row in rows if row[4] == "Service: Customer Contact"]
    assert changed == ["", "Name, head of service"]  # newest first


def test_the_export_is_the_filtered_list_and_safe_to_open(client_for, world):
    world.officer.first_name, world.officer.last_name = '=HYPERLINK("http://x")', "Smith"
    world.officer.save()
    Directorate.objects.create(council=world.council, name="Place")
    Directorate.history.filter(name="Place").update(history_user=world.officer)
    client = client_for(world.lead)
    page = client.get(LOG, {"kind": "setup"}).text
    assert f'href="{EXPORT}?kind=setup"' in page
    response = client.get(EXPORT, {"kind": "setup"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = export_rows(response)
    assert {row[2] for row in rows[1:]} == {"Council set-up"}
    place = next(row for row in rows if row[4] == "Directorate: Place")
    assert place[1:4] == ['\'=HYPERLINK("http://x") Smith', "Council set-up", "Added"]
    assert [safe_cell(v) for v in ("=1+2", "+1", "-1", "@SUM(A1)", "plain", 3)] == [
        "'=1+2",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "plain",
        "3",
    ]


def test_a_page_costs_the_same_queries_for_few_and_many_records(
    client_for, world, django_assert_num_queries
):
    """The session, the user and their roles, the page's rows, their count and the people
    they name (and the plans, on a page that names any; and two for each kind of record
    changed on it, people and plans here, to say which fields): the same for five new
    people as for three hundred."""
    client = client_for(world.lead)
    client.get(LOG)
    for extra in (5, 300):
        for n in range(extra):
            user = User.objects.create(council=world.council, username=f"u{extra}-{n}")
            Role.objects.create(user=user, name=Role.Name.OFFICER, service=world.service)
        User.history.filter(username__startswith="u").update(history_user=world.lead)
        Role.history.filter(user__username__startswith="u").update(history_user=world.officer)
        user.first_name = "Renamed"
        user.save()  # a person changed on both pages
        world.plan.save()  # and a plan
        with django_assert_num_queries(QUERIES_PER_PAGE):
            response = client.get(LOG)
        assert response.status_code == 200
        assert response.text.count('<tr class="govuk-table__row">') == 51


QUERIES_PER_PAGE = 12
