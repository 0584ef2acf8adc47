"""The plan pages for each role: list, start a plan, the plan document and editing its sections.

Checklist per view (STYLE.md): anonymous → sign in; wrong role → 403; out of scope → 404;
GET shows the key content; a valid POST changes the database and redirects; an invalid POST
shows the error summary and keeps what was typed.
"""

import datetime as dt
import errno
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from plans.models import (
    BudgetLine,
    Contract,
    GrowthBid,
    OrgChart,
    Plan,
    PriorityContribution,
    Section,
    SectionKind,
)
from tests import factories
from tests.plans.helpers import empty_tables, formset_data


def section_of(plan, kind):
    return (
        plan.sections.get(kind=kind)
        if kind != "narrative"
        else plan.sections.filter(kind=kind).first()
    )


def edit_url(plan, kind):
    return reverse("plans:section_edit", args=[plan.pk, section_of(plan, kind).pk])


# --- the plan list and the dashboard --------------------------------------------------------


def test_plan_list_shows_only_plans_in_scope(client_for, world):
    content = client_for(world.officer).get("/plans/").content.decode()
    assert "Customer Services service plan" in content
    assert "Revenues service plan" not in content
    assert "Elsewhere" not in content


def test_plan_list_filters_by_status(client_for, world):
    world.other_plan.status = Plan.Status.APPROVED
    world.other_plan.save()
    content = client_for(world.clerk).get("/plans/?status=approved").content.decode()
    assert "Revenues service plan" in content
    assert "Customer Services service plan" not in content


def test_plan_list_kept_for_a_reader_shows_a_change_at_once(client_for, world):
    """The list is kept between requests; a plan changed or added changes it on the next."""
    client = client_for(world.clerk)
    assert "RV-2026" not in client.get("/plans/").content.decode()
    kept = client.get("/plans/")
    assert "object_list" not in kept.context  # from the page cache, not loaded again

    world.other_plan.reference = "RV-2026"
    world.other_plan.save()
    factories.PlanFactory(service=world.sibling_service, first_year=2030, last_year=2030)

    content = client.get("/plans/").content.decode()
    assert "RV-2026" in content and "Waste service plan 2030/31" in content


def test_plan_list_kept_is_never_shown_to_a_reader_with_other_services(client_for, world):
    clerk = client_for(world.clerk).get("/plans/").content.decode()
    officer = client_for(world.officer).get("/plans/").content.decode()
    assert "Revenues service plan" in clerk and "Revenues service plan" not in officer
    assert "Start a plan" in officer and "Start a plan" not in clerk  # not kept: the reader's


def test_plan_list_from_the_page_cache_takes_few_queries(
    client_for, world, django_assert_num_queries
):
    client = client_for(world.clerk)
    with CaptureQueriesContext(connection) as first:
        client.get("/plans/")
    with CaptureQueriesContext(connection) as again:
        client.get("/plans/")
    # Counted now: the log they read is emptied by the next request.
    rendered, kept = len(first.captured_queries), len(again.captured_queries)
    for year in range(2030, 2040):
        factories.PlanFactory(service=world.sibling_service, first_year=year, last_year=year)
    client.get("/plans/")
    with django_assert_num_queries(kept):
        response = client.get("/plans/")
    assert kept < rendered
    assert "Waste service plan 2039/40" in response.content.decode()


def test_plan_list_page_past_the_end_is_404(client_for, world):
    client = client_for(world.clerk)
    assert client.get("/plans/", {"page": "1"}).status_code == 200
    assert client.get("/plans/", {"page": "2"}).status_code == 404


def test_anonymous_cannot_list_plans(client):
    assert client.get("/plans/").status_code == 302


# --- starting a plan -----------------------------------------------------------------------


def test_officer_starts_a_plan(client_for, world):
    client = client_for(world.officer)
    assert b"Start a plan" in client.get("/plans/new/").content
    response = client.post(
        "/plans/new/", {"service": world.service.pk, "first_year": 2027, "last_year": 2027}
    )
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.sections.count() == 8


@pytest.mark.parametrize("who", ["manager", "clerk", "lead"])
def test_readers_cannot_start_a_plan(client_for, world, who):
    client = client_for(getattr(world, who))
    assert client.get("/plans/new/").status_code == 403
    assert client.post("/plans/new/", {"service": world.service.pk}).status_code == 403


def test_officer_cannot_start_a_plan_for_another_service(client_for, world):
    response = client_for(world.officer).post(
        "/plans/new/", {"service": world.other_service.pk, "first_year": 2027, "last_year": 2027}
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content or b"There is a problem" in response.content
    assert not Plan.objects.filter(service=world.other_service, first_year=2027).exists()


def test_starting_a_plan_with_bad_years_shows_errors_and_keeps_input(client_for, world):
    response = client_for(world.officer).post(
        "/plans/new/", {"service": world.service.pk, "first_year": 2028, "last_year": 2026}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "The last year must be the same as or after the first year" in content
    assert "Error: Start a plan" in content
    assert 'value="2028" selected' in content


def test_starting_a_duplicate_plan_is_refused_with_a_message(client_for, world):
    response = client_for(world.officer).post(
        "/plans/new/", {"service": world.service.pk, "first_year": 2026, "last_year": 2026}
    )
    assert b"This service already has a plan starting in that year." in response.content


# --- the plan document ---------------------------------------------------------------------


def test_plan_page_shows_numbered_sections_with_contents_and_edit_links(client_for, world):
    content = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    assert "Customer Services service plan 2026/27 to 2028/29" in content
    for section in world.plan.sections.all():
        assert f'href="#{section.anchor}"' in content
        assert f"{section.number} {section.title}" in content
        assert reverse("plans:section_edit", args=[world.plan.pk, section.pk]) in content


@pytest.mark.parametrize("who", ["manager", "clerk", "lead"])
def test_readers_see_the_plan_without_edit_links(client_for, world, who):
    response = client_for(getattr(world, who)).get(world.plan.get_absolute_url())
    assert response.status_code == 200
    assert b"/edit/" not in response.content


def test_plan_out_of_scope_is_not_found(client_for, world):
    assert client_for(world.officer).get(world.other_plan.get_absolute_url()).status_code == 404
    assert client_for(world.manager).get(world.other_plan.get_absolute_url()).status_code == 404


def test_plan_of_another_council_is_not_found_even_for_the_clerk(client_for, world):
    for user in (world.clerk, world.lead, world.officer):
        assert client_for(user).get(world.foreign_plan.get_absolute_url()).status_code == 404


def test_plan_page_shows_who_last_changed_each_section(client_for, world):
    client = client_for(world.officer)
    section = section_of(world.plan, "narrative")
    client.post(edit_url(world.plan, "narrative"), {"version": section.version, "body": "Hello"})
    content = client.get(world.plan.get_absolute_url()).content.decode()
    assert f"Last changed by {world.officer}" in content


def test_user_text_is_escaped_on_the_plan_page(client_for, world):
    factories.KeyContactFactory(plan=world.plan, name='<script>alert("x")</script>')
    content = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;" in content


# --- editing a narrative section -----------------------------------------------------------


def test_officer_edits_a_narrative_section_and_it_is_sanitised(client_for, world):
    section = section_of(world.plan, "narrative")
    response = client_for(world.officer).post(
        edit_url(world.plan, "narrative"),
        {
            "version": section.version,
            "body": '<p onclick="x()">We <strong>answer</strong></p><script>bad()</script>',
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>We <strong>answer</strong></p>"
    assert section.version == 2


def test_edit_page_shows_the_guidance(client_for, world):
    content = client_for(world.officer).get(edit_url(world.plan, "narrative")).content.decode()
    assert "Guidance for Service overview" in content


@pytest.mark.parametrize("who", ["manager", "clerk", "lead", "officer_b"])
def test_other_roles_cannot_edit_a_section(client_for, world, who):
    user = getattr(world, who)
    url = edit_url(world.plan, "narrative")
    expected = 404 if who == "officer_b" else 403
    assert client_for(user).get(url).status_code == expected
    assert client_for(user).post(url, {"version": 1, "body": "x"}).status_code == expected
    assert section_of(world.plan, "narrative").body == ""


def test_section_of_another_council_is_not_found(client_for, world):
    section = world.foreign_plan.sections.first()
    url = reverse("plans:section_edit", args=[world.foreign_plan.pk, section.pk])
    assert client_for(world.officer).get(url).status_code == 404


def test_section_id_from_another_plan_is_not_found(client_for, world):
    other_section = world.other_plan.sections.first()
    url = reverse("plans:section_edit", args=[world.plan.pk, other_section.pk])
    assert client_for(world.officer).get(url).status_code == 404


def test_published_plan_cannot_be_edited(client_for, world):
    world.plan.status = Plan.Status.PUBLISHED
    world.plan.save()
    client = client_for(world.officer)
    assert client.get(edit_url(world.plan, "narrative")).status_code == 403
    assert b"/edit/" not in client.get(world.plan.get_absolute_url()).content


def test_over_long_narrative_is_refused_and_kept(client_for, world):
    section = section_of(world.plan, "narrative")
    text = "x" * 200_001
    response = client_for(world.officer).post(
        edit_url(world.plan, "narrative"), {"version": section.version, "body": text}
    )
    assert response.status_code == 200
    assert b"The text must be 200,000 characters or fewer" in response.content
    assert b"Error: Edit" in response.content
    assert section_of(world.plan, "narrative").body == ""


def test_second_save_from_the_same_version_is_refused_and_shows_what_changed(
    client_for, world, client
):
    section = section_of(world.plan, "narrative")
    url = edit_url(world.plan, "narrative")
    client.force_login(world.officer)
    client.post(url, {"version": section.version, "body": "<p>Saved first</p>"})
    response = client.post(url, {"version": section.version, "body": "<p>My later edit</p>"})
    content = response.content.decode()
    assert response.status_code == 409
    assert "after you opened it. Your changes have not been saved yet." in content
    assert "Saved first" in content  # what is saved now
    assert "My later edit" in content  # what the user typed, still in the form
    assert 'name="version" value="2"' in content
    assert section_of(world.plan, "narrative").body == "<p>Saved first</p>"
    response = client.post(url, {"version": 2, "body": "<p>My later edit</p>"})
    assert response.status_code == 302
    assert section_of(world.plan, "narrative").body == "<p>My later edit</p>"


def test_tampered_version_is_a_conflict_not_a_crash(client_for, world):
    response = client_for(world.officer).post(
        edit_url(world.plan, "narrative"), {"version": "abc", "body": "x"}
    )
    assert response.status_code == 409


# --- editing the budget --------------------------------------------------------------------


def budget_post(section, lines, bids=()):
    return {
        "version": section.version,
        **formset_data("lines", list(lines)),
        **formset_data("bids", list(bids)),
    }


def test_officer_adds_budget_lines_and_bids_with_figures_per_year(client_for, world):
    section = section_of(world.plan, SectionKind.BUDGET)
    data = budget_post(
        section,
        [
            {"category": "revenue", "description": "Customer Services", "cost_centre": "CS100",
             "year_2026": "£1,615,700", "year_2027": "1642000", "year_2028": ""},
            {"category": "savings", "description": "Efficiencies", "year_2026": "(43,490)"},
            {"category": "", "description": "", "year_2026": ""},
        ],
        [{"kind": "revenue_cost", "details": "webCAPTURE API", "start_date": "01/04/2026",
          "year_2026": "10400", "year_2027": "10,400", "pid_required": "on"}],
    )  # fmt: skip
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.BUDGET), data)
    assert response.status_code == 302
    revenue = BudgetLine.objects.get(plan=world.plan, category="revenue")
    assert {a.year: a.amount for a in revenue.amounts.all()} == {
        2026: Decimal("1615700"),
        2027: Decimal("1642000"),
    }
    savings = BudgetLine.objects.get(plan=world.plan, category="savings")
    assert savings.amounts.get().amount == Decimal("-43490")
    bid = GrowthBid.objects.get(plan=world.plan)
    assert bid.start_date == dt.date(2026, 4, 1)
    assert bid.pid_required
    assert [a.amount for a in bid.amounts.all()] == [Decimal("10400"), Decimal("10400")]
    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    assert "1,615,700" in page
    assert "(43,490)" in page
    assert "20,800" not in page  # totals are per year, not summed across years
    assert "Total growth bids" in page


def test_bad_budget_input_is_refused_whole_and_kept(client_for, world):
    section = section_of(world.plan, SectionKind.BUDGET)
    data = budget_post(
        section,
        [
            {"category": "revenue", "description": "Good line", "year_2026": "1000"},
            {"category": "capital", "description": "Bad line", "year_2026": "lots", "year_2027": "1e999"},
            {"category": "income", "description": "x" * 301, "year_2026": "5"},
        ],
        [{"kind": "saving", "details": "Bid", "start_date": "01/04/2027", "end_date": "01/04/2026",
          "year_2026": "NaN"}],
    )  # fmt: skip
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.BUDGET), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Figure for 2026/27 must be a number, like 1,615,700, or 23.5 for staff FTE" in content
    assert "Description must be 300 characters or fewer" in content
    assert "The end date must be the same as or after the start date." in content
    assert "Amount for 2026/27 must be a number" in content
    assert 'value="Good line"' in content and 'value="lots"' in content
    assert not BudgetLine.objects.filter(plan=world.plan).exists()  # nothing half-saved
    assert not GrowthBid.objects.filter(plan=world.plan).exists()


def test_rows_are_reordered_and_removed(client_for, world):
    section = section_of(world.plan, SectionKind.BUDGET)
    first = factories.BudgetLineFactory(plan=world.plan, description="First", position=1)
    second = factories.BudgetLineFactory(plan=world.plan, description="Second", position=2)
    rows = [
        {
            "id": first.pk,
            "category": "revenue",
            "description": "First",
            "position": "5",
            "DELETE": "",
        },
        {
            "id": second.pk,
            "category": "revenue",
            "description": "Second",
            "position": "2",
            "DELETE": "on",
        },
    ]
    data = {
        "version": section.version,
        **formset_data("lines", rows, initial=2),
        **empty_tables("bids"),
    }
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.BUDGET), data)
    assert response.status_code == 302
    assert list(
        BudgetLine.objects.filter(plan=world.plan).values_list("description", "position")
    ) == [("First", 5)]


def test_another_plans_row_cannot_be_edited_through_this_plan(client_for, world):
    foreign_line = factories.BudgetLineFactory(plan=world.other_plan, description="Not yours")
    section = section_of(world.plan, SectionKind.BUDGET)
    rows = [{"id": foreign_line.pk, "category": "revenue", "description": "Hijacked"}]
    data = {
        "version": section.version,
        **formset_data("lines", rows, initial=1),
        **empty_tables("bids"),
    }
    client_for(world.officer).post(edit_url(world.plan, SectionKind.BUDGET), data)
    foreign_line.refresh_from_db()
    assert foreign_line.description == "Not yours"
    assert foreign_line.plan == world.other_plan


def test_year_outside_the_plan_is_ignored(client_for, world):
    section = section_of(world.plan, SectionKind.BUDGET)
    rows = [{"category": "revenue", "description": "Line", "year_2026": "1", "year_2031": "99"}]
    data = {"version": section.version, **formset_data("lines", rows), **empty_tables("bids")}
    client_for(world.officer).post(edit_url(world.plan, SectionKind.BUDGET), data)
    line = BudgetLine.objects.get(plan=world.plan)
    assert list(line.amounts.values_list("year", flat=True)) == [2026]


# --- the other tables ----------------------------------------------------------------------


def test_contracts_are_saved_and_end_before_start_is_refused(client_for, world):
    section = section_of(world.plan, SectionKind.CONTRACTS)
    url = edit_url(world.plan, SectionKind.CONTRACTS)
    bad = [{"title": "Telephony", "supplier": "Northgate", "value": "-5",
            "start_date": "01/06/2026", "end_date": "31/05/2025"}]  # fmt: skip
    response = client_for(world.officer).post(
        url, {"version": section.version, **formset_data("contracts", bad)}
    )
    content = response.content.decode()
    assert "Contract sum cannot be negative" in content
    assert "The end date must be the same as or after the start date." in content
    good = [{"title": "Telephony", "supplier": "Northgate", "value": "£38,500",
             "start_date": "01/06/2026", "end_date": "31/05/2029", "review_date": "31/02/2027"}]  # fmt: skip
    response = client_for(world.officer).post(
        url, {"version": section.version, **formset_data("contracts", good)}
    )
    assert b"Review date must be a real date, like 31/03/2025" in response.content
    good[0]["review_date"] = "30/11/2027"
    response = client_for(world.officer).post(
        url, {"version": section.version, **formset_data("contracts", good)}
    )
    assert response.status_code == 302
    assert Contract.objects.get(plan=world.plan).value == Decimal("38500")


def test_carbon_tonnes_cannot_be_negative(client_for, world):
    section = section_of(world.plan, SectionKind.CARBON)
    rows = [{"initiative": "E-billing", "year_2026": "-3"}]
    response = client_for(world.officer).post(
        edit_url(world.plan, SectionKind.CARBON),
        {"version": section.version, **formset_data("carbon", rows)},
    )
    assert b"Tonnes saved for 2026/27 cannot be negative" in response.content


def test_priority_contribution_must_use_an_objective_of_the_priority(client_for, world):
    first = factories.PriorityFactory(council=world.council, title="Environment")
    second = factories.PriorityFactory(council=world.council, title="Economy")
    objective = factories.ObjectiveFactory(priority=second, title="Support businesses")
    section = section_of(world.plan, SectionKind.PRIORITIES)
    rows = [{"priority": first.pk, "objective": objective.pk, "contribution": "We help"}]
    response = client_for(world.officer).post(
        edit_url(world.plan, SectionKind.PRIORITIES),
        {"version": section.version, **formset_data("contributions", rows)},
    )
    assert b"Select an objective of the priority you chose" in response.content


def test_cells_the_council_left_blank_are_kept_blank(client_for, world):
    """An objective with nothing written beside it, and a contract row naming no supplier
    ('None specific'), are saved as printed, and print nothing in the blank cells."""
    priority = factories.PriorityFactory(council=world.council, title="Economy")
    first = factories.ObjectiveFactory(priority=priority, title="Agree an economic strategy")
    second = factories.ObjectiveFactory(priority=priority, title="Support Visit Herts")
    client = client_for(world.officer)
    section = section_of(world.plan, SectionKind.PRIORITIES)
    rows = [
        {"priority": priority.pk, "objective": first.pk, "contribution": "We log reports"},
        {"priority": priority.pk, "objective": second.pk, "contribution": ""},
    ]
    response = client.post(
        edit_url(world.plan, SectionKind.PRIORITIES),
        {"version": section.version, **formset_data("contributions", rows)},
    )
    assert response.status_code == 302
    saved = PriorityContribution.objects.filter(plan=world.plan).order_by("position", "pk")
    assert [c.contribution for c in saved] == ["We log reports", ""]
    section = section_of(world.plan, SectionKind.CONTRACTS)
    response = client.post(
        edit_url(world.plan, SectionKind.CONTRACTS),
        {"version": section.version, **formset_data("contracts", [{"title": "None specific"}])},
    )
    assert response.status_code == 302
    contract = Contract.objects.get(plan=world.plan)
    assert (contract.title, contract.supplier) == ("None specific", "")


def test_priority_of_another_council_cannot_be_chosen(client_for, world):
    foreign_priority = factories.PriorityFactory(council=world.foreign_council, title="Theirs")
    section = section_of(world.plan, SectionKind.PRIORITIES)
    rows = [{"priority": foreign_priority.pk, "contribution": "We help"}]
    response = client_for(world.officer).post(
        edit_url(world.plan, SectionKind.PRIORITIES),
        {"version": section.version, **formset_data("contributions", rows)},
    )
    assert response.status_code == 200
    assert b"Select a priority from the list" in response.content


def test_forward_plan_and_contacts_are_saved(client_for, world):
    client = client_for(world.officer)
    section = section_of(world.plan, SectionKind.FORWARD_PLAN)
    rows = [
        {
            "decision_date": "14/09/2027",
            "item": "Complaints Policy",
            "committee": "Regulatory",
            "key_decision": "on",
        }
    ]
    assert (
        client.post(
            edit_url(world.plan, SectionKind.FORWARD_PLAN),
            {"version": section.version, **formset_data("forward", rows)},
        ).status_code
        == 302
    )
    section = section_of(world.plan, SectionKind.CONTACTS)
    rows = [{"name": "Dana Price", "email": "not-an-email"}]
    response = client.post(
        edit_url(world.plan, SectionKind.CONTACTS),
        {"version": section.version, **formset_data("contacts", rows)},
    )
    assert b"Enter a valid email address" in response.content
    rows[0]["email"] = "dana@example.org"
    assert (
        client.post(
            edit_url(world.plan, SectionKind.CONTACTS),
            {"version": section.version, **formset_data("contacts", rows)},
        ).status_code
        == 302
    )
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "Complaints Policy" in page and "dana@example.org" in page


def test_a_key_issue_prints_under_the_council_s_heading_or_else_its_category(client_for, world):
    section = factories.SectionFactory(
        plan=world.plan, kind=SectionKind.KEY_ISSUES, title="Key issues", position=10
    )
    rows = [
        {"category": "data_protection", "heading": "GDPR", "text": "Always a risk of breach."},
        {"category": "ict", "text": "ICT support will be required."},
    ]
    client = client_for(world.officer)
    response = client.post(
        reverse("plans:section_edit", args=[world.plan.pk, section.pk]),
        {"version": section.version, **formset_data("issues", rows)},
    )

    assert response.status_code == 302
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert re.search(r"<dt[^>]*>GDPR</dt>", page)
    assert "Data protection (GDPR)" not in page
    assert re.search(r"<dt[^>]*>ICT</dt>", page)


def test_a_forward_plan_date_prints_as_the_council_wrote_it(client_for, world):
    client = client_for(world.officer)
    section = section_of(world.plan, SectionKind.FORWARD_PLAN)
    rows = [
        {"decision_date": "14/09/2027", "decision_text": "Sept 2027", "item": "Complaints Policy"},
        {"decision_date": "01/12/2027", "item": "Fees and charges"},
    ]
    response = client.post(
        edit_url(world.plan, SectionKind.FORWARD_PLAN),
        {"version": section.version, **formset_data("forward", rows)},
    )
    assert response.status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "Sept 2027" in page and "14 Sep 2027" not in page
    assert "1 Dec 2027" in page  # no words typed: the date


# --- the organisation chart ----------------------------------------------------------------


def image_file(fmt="PNG", size=(40, 30), name="chart.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=fmt)
    buffer.seek(0)
    buffer.name = name
    return buffer


def workforce_post(section, **extra):
    return {"version": section.version, **empty_tables("spof", "skills"), **extra}


def test_org_chart_upload_is_re_encoded_and_served_only_in_scope(
    client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    section = section_of(world.plan, SectionKind.WORKFORCE)
    data = workforce_post(
        section,
        **{
            "chart-image": image_file("JPEG", name="team.jpg"),
            "chart-alt_text": "Manager leads two teams",
        },
    )
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.WORKFORCE), data)
    assert response.status_code == 302
    chart = OrgChart.objects.get(plan=world.plan)
    assert chart.image.name.endswith(".png")
    with Image.open(chart.image.path) as stored:
        assert stored.format == "PNG"
    image_url = reverse("plans:org_chart_image", args=[world.plan.pk])
    assert client_for(world.clerk).get(image_url).status_code == 200
    assert client_for(world.officer_b).get(image_url).status_code == 404
    assert client_for(world.foreign_officer).get(image_url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
            b"must be a PNG or JPEG image",
        ),
        (io.BytesIO(b"<html><script>alert(1)</script></html>"), b"must be a PNG or JPEG image"),
        (io.BytesIO(b"GIF89a" + b"\x00" * 100), b"must be a PNG or JPEG image"),
        (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10), b"must be a PNG or JPEG image"),
    ],
)
def test_org_chart_that_is_not_an_image_is_refused(
    client_for, world, upload, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload.name = "chart.png"
    section = section_of(world.plan, SectionKind.WORKFORCE)
    data = workforce_post(section, **{"chart-image": upload, "chart-alt_text": "Chart"})
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.WORKFORCE), data)
    assert response.status_code == 200
    assert message in response.content
    assert not OrgChart.objects.filter(plan=world.plan).exists()


def test_gif_pretending_to_be_png_is_refused(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    section = section_of(world.plan, SectionKind.WORKFORCE)
    data = workforce_post(
        section, **{"chart-image": image_file("GIF", name="chart.png"), "chart-alt_text": "Chart"}
    )
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.WORKFORCE), data)
    assert b"must be a PNG or JPEG image" in response.content


def test_org_chart_too_big_or_without_alt_text_is_refused(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ORG_CHART_MAX_BYTES = 100
    section = section_of(world.plan, SectionKind.WORKFORCE)
    data = workforce_post(
        section, **{"chart-image": image_file(size=(400, 400)), "chart-alt_text": ""}
    )
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.WORKFORCE), data)
    assert b"must be smaller than" in response.content
    settings.ORG_CHART_MAX_BYTES = 5 * 1024 * 1024
    data = workforce_post(section, **{"chart-image": image_file(), "chart-alt_text": ""})
    response = client_for(world.officer).post(edit_url(world.plan, SectionKind.WORKFORCE), data)
    assert b"Enter a text alternative that describes the organisation chart" in response.content
    assert not OrgChart.objects.filter(plan=world.plan).exists()


def upload_chart(client, world, alt_text="Manager leads two teams"):
    section = section_of(world.plan, SectionKind.WORKFORCE)
    data = workforce_post(
        section, **{"chart-image": image_file(name="team.png"), "chart-alt_text": alt_text}
    )
    return client.post(edit_url(world.plan, SectionKind.WORKFORCE), data)


def test_org_chart_upload_on_a_full_disk_is_a_form_error_and_keeps_the_old_chart(
    client_for, world, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    assert upload_chart(client, world).status_code == 302
    old = OrgChart.objects.get(plan=world.plan)
    old_bytes = old.read_image()
    storage = OrgChart._meta.get_field("image").storage

    def full_disk(name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_save", full_disk)
    response = upload_chart(client, world, alt_text="A new structure")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The organisation chart could not be stored" in page
    assert "run out of space" in page
    assert "A new structure" in page  # what was typed is kept
    chart = OrgChart.objects.get(plan=world.plan)
    assert (chart.image.name, chart.alt_text) == (old.image.name, "Manager leads two teams")
    assert chart.read_image() == old_bytes  # the old file was not deleted


def test_replacing_the_org_chart_deletes_the_old_file_after_saving(
    client_for, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload_chart(client, world)
    old_name = OrgChart.objects.get(plan=world.plan).image.name
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_chart(client, world).status_code == 302
    new_name = OrgChart.objects.get(plan=world.plan).image.name
    assert new_name != old_name
    assert (tmp_path / new_name).exists()
    assert not (tmp_path / old_name).exists()


def test_org_chart_whose_file_is_missing_is_404_and_the_plan_still_prints(
    client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    assert upload_chart(client, world).status_code == 302
    chart = OrgChart.objects.get(plan=world.plan)
    (tmp_path / chart.image.name).unlink()
    image_url = reverse("plans:org_chart_image", args=[world.plan.pk])
    assert client.get(image_url).status_code == 404
    assert client.get(world.plan.get_absolute_url()).status_code == 200
    response = client.get(reverse("plans:plan_pdf", args=[world.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


# --- query counts --------------------------------------------------------------------------


def fill_plan(plan, rows: int):
    priority = factories.PriorityFactory(council=plan.service.directorate.council)
    for i in range(rows):
        line = factories.BudgetLineFactory(plan=plan, position=i)
        for year in plan.years:
            line.amounts.create(year=year, amount=1000 + i)
        bid = factories.GrowthBidFactory(plan=plan, position=i, priority=priority)
        bid.amounts.create(year=plan.first_year, amount=10)
        factories.SinglePointOfFailureFactory(plan=plan, position=i)
        factories.SkillRequirementFactory(plan=plan, position=i)
        factories.PriorityContributionFactory(
            plan=plan, priority=priority, objective=factories.ObjectiveFactory(priority=priority)
        )
        factories.ContractFactory(plan=plan, position=i)
        initiative = factories.CarbonInitiativeFactory(plan=plan, position=i)
        initiative.savings.create(year=plan.first_year, tonnes=1)
        factories.ForwardPlanItemFactory(plan=plan, position=i)
        factories.KeyContactFactory(plan=plan, position=i)
    Section.objects.filter(plan=plan, kind="narrative").update(
        body="<p>Text</p>", updated_by=plan.created_by
    )


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_plan_page_query_count_does_not_grow_with_rows(
    client_for, world, django_assert_max_num_queries
):
    client = client_for(world.clerk)
    small = factories.PlanFactory(service=world.sibling_service, first_year=2026, last_year=2028)
    large = factories.PlanFactory(service=world.sibling_service, first_year=2027, last_year=2029)
    for plan in (small, large):
        for section in world.plan.sections.all():
            Section.objects.create(
                plan=plan, title=section.title, kind=section.kind, position=section.position
            )
    fill_plan(small, 10)
    fill_plan(large, 200)
    small_count = count_queries(client, small.get_absolute_url(), django_assert_max_num_queries)
    large_count = count_queries(client, large.get_absolute_url(), django_assert_max_num_queries)
    assert small_count == large_count
    assert large_count <= 40


def test_plan_page_from_the_page_cache_takes_fewer_queries_and_shows_the_same(
    client_for, world, django_assert_max_num_queries
):
    client = client_for(world.clerk)
    fill_plan(world.plan, 50)
    url = world.plan.get_absolute_url()
    first = count_queries(client, url, django_assert_max_num_queries)
    again = count_queries(client, url, django_assert_max_num_queries)
    assert again < first
    assert again <= 15
    # The same document, whichever way it came.
    pattern = r'(nonce|value)="[\w-]{16,}"'
    kept = re.sub(pattern, "", client.get(url).content.decode())
    caches["pages"].clear()
    assert re.sub(pattern, "", client.get(url).content.decode()) == kept
