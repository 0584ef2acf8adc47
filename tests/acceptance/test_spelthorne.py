"""
Acceptance: the Spelthorne Customer Services plan 2024/25, entered through the app's pages by
its people, printed, and scored against its checklist.

The performance lead sets the council up in the set-up pages (/setup/) and the risk pages;
the officer starts the plan and fills in every section; the clerk downloads the PDF.

Decisions on the checklist's oddities (its `notes`):
- The growth bids' total row is labelled as printed ("Total Cost - Revenue"), and its 27/28
  total is typed as printed (18,100, for bids adding up to 18,400): the plan page points the
  difference out, the PDF prints the council's figure. The plan is one year (2024/25); its
  bids' figures for 25/26 to 27/28 are the growth bids' three later years.
- Column 4 of the key activities asks "is a business case required? and when ... by?": its
  answers are typed as each action's target as printed.
- The template guidance the council left in its plan is typed as part of the text, since it
  prints in the published plan.
- The 2023/24 resources are the budget lines' year before the plan, printed as one table
  with a column per category. The provisional 2024/25 table, the template's 'X' matrix, is
  a section with its own table, typed cell by cell as printed.
- The plan was signed on paper (24.2.24, 24.02.24) before it was entered: each sign-off
  block (9.1, 9.2) is a section with its own table, typed as printed. A sign-off made in the
  app would print the day it was made.
- The carbon table is typed as printed: the first initiative's 24/25 'TBC', the second's
  left blank (it prints nothing); its total row prints with no figure, as the plan's does
  (the template's choice on the section's columns page).
- Document control is a section with its own table of labels and values (no header row),
  with the stray date under it as its text after the table.
- The appendix's risk appetite grid is a section with its own table, typed as printed: its
  rows mix the council's scale, its current appetite, the template's instructions, a
  repeated header and two areas, one of them marked under two categories.

Checked by eye (pdftoppm -r 50; ACCEPTANCE_PDF_DIR=<folder> keeps the PDF): every item sits
in its section in the plan's order. What the app prints that the council did not write: its
table captions and totals ('Revenue expenditure (£)', 'Total capital', 'Key performance
indicators'), the indicators' frequency ('Quarterly',
'Annual') where the plan prints '24/25', 'annual', '7 working days' or nothing, and the
heading 'Document control' over a table the plan prints under no heading.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from council.models import Service, User
from plans.models import Plan, TemplateSection
from tests.acceptance import spelthorne_plan as seed
from tests.acceptance.figures import stand_in_png
from tests.acceptance.scoring import score_pdf
from tests.acceptance.set_up import LeadSetUp
from tests.acceptance.typist import Choose, Typist

SEED = "spelthorne-customer-services-2024-25"

# Items the app cannot take as printed yet, each with why.
OFFICER = "katie.frampton@spelthorne-test.example"
CLERK = "committee.clerk@spelthorne-test.example"
KNOWN_MISSING: dict[str, str] = {}
# Sections whose heading does not print: a section with nothing in it is left out of the PDF.
KNOWN_MISSING_HEADINGS: dict[str, str] = {}


def typist_for(user) -> Typist:
    client = Client()
    client.force_login(user)
    return Typist(client)


def set_up_council(typist: Typist, council):
    """The performance lead: years, directorate and service, people, priorities, template."""
    lead = LeadSetUp(typist, council)
    lead.years([2023, 2024], current=2024)
    lead.directorate(seed.DIRECTORATE)
    lead.service(seed.DIRECTORATE, seed.SERVICE, code="customer-services", head="Sandy Muirhead")
    lead.person("Katie", "Frampton", OFFICER, "Officer", f"{seed.SERVICE} ({seed.DIRECTORATE})")
    lead.person("Committee", "Clerk", CLERK, "Committee clerk")
    for position, title in enumerate(seed.PRIORITIES, start=1):
        lead.priority(title, position)
    for number, level, title, kind in seed.TEMPLATE:
        lead.section(title, Choose(kind), Choose(LEVELS[level]), number, required=True)


LEVELS = {1: "1: a section", 2: "2: a part of the section above it (1.1)"}


def template_columns(lead: Typist, council, title: str, fields: dict):
    section = TemplateSection.objects.get(template__council=council, title=title)
    lead.submit(reverse("plans:template_columns", args=[section.pk]), fields)


def lay_out_columns(lead: Typist, council):
    """Each structured section's columns as the plan's own table headers."""
    fields = {"parts": ["objectives"], "actions__print": "table"}
    keys = [key for key, _ in seed.ACTION_COLUMNS]
    for order, (key, label) in enumerate(seed.ACTION_COLUMNS, start=1):
        fields[f"actions__{key}__label"] = label
        fields[f"actions__{key}__shown"] = True
        fields[f"actions__{key}__order"] = order
    for key in ("reference", "priorities", "objective", "status", "latest"):
        if key not in keys:
            fields[f"actions__{key}__shown"] = False
    template_columns(lead, council, "KEY ACTIVITIES/PROJECTS FOR 2024/25", fields)

    template_columns(
        lead,
        council,
        "RESOURCES 2023/24",
        {
            "parts": ["budget_lines"],
            "budget_areas__print": "table",
            "budget_areas__description__label": "Service Area",
            "budget_areas__revenue__label": "Revenue Expenditure Budget £",
            "budget_areas__capital__label": "Capital Budget £",
            "budget_areas__income__label": "Projected Income £",
            "budget_areas__staffing__label": "Staff (Full time equivalents)",
            "budget_areas__savings__shown": False,
            "budget_areas__notes__label": "Key risks for budget",
        },
    )
    fields = {"parts": ["growth_bids"]}
    for order, (key, label) in enumerate(seed.GROWTH_BID_COLUMNS, start=1):
        fields[f"growth_bids__{key}__label"] = label
        fields[f"growth_bids__{key}__shown"] = True
        fields[f"growth_bids__{key}__order"] = order
    template_columns(lead, council, "Growth bids 24/25, 25/26 and 26/27", fields)

    template_columns(
        lead,
        council,
        "CARBON FOOTPRINT",
        {
            "carbon__cost_centre__label": "Cost Centre",
            "carbon__cost_centre__order": 1,
            "carbon__initiative__order": 2,
            "carbon__years__label": "24/25",
            "carbon__years__order": 3,
            # The plan prints its total row though no initiative has a figure yet.
            "carbon__total_label": "Total carbon reduction",
            "carbon__empty_total": Choose("Yes: the total row prints with its figures blank"),
        },
    )
    template_columns(
        lead,
        council,
        "KEY PERFORMANCE INDICATORS",
        {
            "indicators__reference__label": "Code",
            "indicators__title__label": "Key indicator description",
            "indicators__frequency__label": "Time period",
            "indicators__frequency__shown": True,
            "indicators__frequency__order": 3,
            "indicators__targets__label": "Target",
            "indicators__targets__order": 4,
            "indicators__last_actual__shown": False,
            "indicators__latest__shown": False,
            "indicators__rating__shown": False,
        },
    )
    template_columns(
        lead,
        council,
        "KEY CONTACTS",
        {"contacts__role__shown": False, "contacts__email__shown": False},
    )
    own_columns(lead, council, "Provisional 2024/25 revenue cost/income budget requested",
                seed.PROVISIONAL_COLUMNS)  # fmt: skip
    for title, labels in seed.SIGN_OFF_COLUMNS.items():
        own_columns(lead, council, title, labels)
    own_columns(lead, council, "Document control", ["Label", "Value"], header=False)
    own_columns(
        lead, council, "Appendix A SERVICE PLAN TEMPLATE – Risk Appetite", seed.APPETITE_COLUMNS
    )


def own_columns(lead: Typist, council, title: str, labels: list[str], header: bool = True):
    """A section's own table: the columns it uses, labelled as printed; the rest hidden."""
    fields = {"table__header": "shown" if header else "none"}
    for index in range(1, 11):
        shown = index <= len(labels)
        fields[f"table__cell_{index}__shown"] = shown
        fields[f"table__cell_{index}__order"] = index
        if shown:
            fields[f"table__cell_{index}__label"] = labels[index - 1]
    template_columns(lead, council, title, fields)


def own_rows(officer: Typist, plan, title: str, rows: list[list[str]], text: dict | None = None):
    cells = [{f"cell_{i}": cell for i, cell in enumerate(row, start=1)} for row in rows]
    add_rows(officer, section_url(plan, title), "rows", cells, text)


def section_url(plan, title):
    section = plan.sections.get(title=title)
    return reverse("plans:section_edit", args=[plan.pk, section.pk])


def add_rows(officer: Typist, url: str, prefix: str, rows: list[dict], fields: dict | None = None):
    """Type rows into a section's table, two new rows a save as the page offers them."""
    fields = dict(fields or {})
    for start in range(0, len(rows), 2):
        for offset, row in enumerate(rows[start : start + 2]):
            for name, value in row.items():
                fields[f"{prefix}-{start + offset}-{name}"] = value
        officer.submit(url, fields)
        fields = {}


def write_text(officer: Typist, plan, title: str, body: str):
    officer.submit(section_url(plan, title), {"body": body})


def fill_in_plan(officer: Typist, plan):
    write_text(officer, plan, "SERVICE OVERVIEW", seed.OVERVIEW)
    # Its organisation chart is lost from the seed but for one box: a stand-in is uploaded.
    officer.submit(
        section_url(plan, "WHO WE ARE"),
        {
            "body": seed.WHO_WE_ARE,
            "chart-image": stand_in_png("Customer services"),
            "chart-alt_text": "Organisation chart of Customer services (only its top box "
            "survives in the source)",
        },
    )
    write_text(
        officer,
        plan,
        "WHAT WE DO: Service Purpose and Core Business Functions",
        seed.WHAT_WE_DO,
    )

    # Key activities: the table's title is the service objective its rows sit under.
    write_text(officer, plan, "KEY ACTIVITIES/PROJECTS FOR 2024/25", seed.KEY_ACTIVITIES_TEXT)
    officer.submit(
        reverse("plans:objective_create", args=[plan.pk]),
        {"title": seed.KEY_ACTIVITIES_TABLE, "priorities": Choose("Services")},
    )
    objective = plan.serviceobjectives.get()
    for action in seed.ACTIONS:
        fields = {key: value for key, value in action.items() if key != "priorities"}
        if action["priorities"]:
            fields["priorities"] = Choose(*action["priorities"])
        officer.submit(reverse("plans:action_create", args=[plan.pk, objective.pk]), fields)

    # Resources 2023/24: last year's approved figures, as a year before the plan.
    url = section_url(plan, "RESOURCES 2023/24")
    officer.submit(
        url,
        {
            "body": seed.RESOURCES_TEXT,
            "layout-budget_prior_years": Choose("1 year"),
            "layout-budget_prior_columns": "Budget",
        },
    )
    lines = [
        ("Revenue expenditure", "1,615,700"),
        ("Capital", "71,000"),
        ("Income", "311,500"),
        ("Staffing (full-time equivalents)", "23.5"),
    ]
    rows = [
        {"category": Choose(category), "description": seed.SERVICE, "year_2023": last_year}
        for category, last_year in lines
    ]
    add_rows(officer, url, "lines", rows)

    url = section_url(plan, "Growth bids 24/25, 25/26 and 26/27")
    rows = [
        {
            "kind": Choose(bid["kind"]),
            "details": bid["details"],
            "reason": bid["reason"],
            "start_date": bid["start_date"],
            "pid_required": True,
            "procurement_involved": True,
            **{f"year_{2024 + n}": amount for n, amount in enumerate(bid["amounts"])},
        }
        for bid in seed.GROWTH_BIDS
    ]
    # The council asks for each bid's figures for the three years after the plan's one.
    officer.submit(url, {"layout-bid_later_years": Choose("3 years")})
    add_rows(officer, url, "bids", rows, {"body": seed.GROWTH_BIDS_TEXT})
    officer.submit(
        url,
        {
            "layout-bid_total_label": seed.GROWTH_BIDS_TOTAL_LABEL,
            **{
                f"layout-bid_total_{year}": total for year, total in seed.GROWTH_BIDS_PRINTED_TOTALS
            },
        },
    )

    own_rows(
        officer, plan, "Provisional 2024/25 revenue cost/income budget requested", seed.PROVISIONAL
    )
    write_text(
        officer,
        plan,
        "Significant/Material anticipated revenue budget impacts:",
        seed.BUDGET_IMPACTS,
    )

    url = section_url(plan, "CARBON FOOTPRINT")
    rows = [{"initiative": initiative, "year_2024": saving} for initiative, saving in seed.CARBON]
    add_rows(officer, url, "carbon", rows, {"body": seed.CARBON_TEXT})

    write_text(officer, plan, "PROCUREMENT CONTRACTS", seed.CONTRACTS_TEXT)

    write_text(officer, plan, "KEY PERFORMANCE INDICATORS", seed.KPIS_TEXT)
    service = Service.objects.get(name=seed.SERVICE)
    for title, frequency, unit, target in seed.INDICATORS:
        response = officer.submit(
            reverse("kpis:indicator_create", args=[service.pk]),
            {
                "title": title,
                "kind": Choose("Key (corporate) indicator"),
                "unit": Choose(unit),
                "frequency": Choose(frequency),
            },
        )
        if target:
            officer.submit(response.url + "targets/", {"value_2024": target})

    url = section_url(plan, "KEY ISSUES/RISKS FOR 2024/25")
    rows = [
        {"category": Choose(category), "heading": heading, "text": text}
        for category, heading, text in seed.KEY_ISSUES
    ]
    add_rows(officer, url, "issues", rows, {"body": seed.KEY_ISSUES_TEXT})

    write_text(
        officer,
        plan,
        "LOOKING FURTHER AHEAD: OTHER KEY ISSUES/RISKS FOR THE NEXT THREE YEARS",
        seed.LOOKING_AHEAD,
    )

    url = section_url(plan, "KEY CONTACTS")
    add_rows(officer, url, "contacts", [{"name": n, "phone": p} for n, p in seed.CONTACTS])

    for title, row in seed.SIGN_OFFS.items():
        own_rows(officer, plan, title, [row])
    own_rows(
        officer, plan, "Document control", seed.DOCUMENT_CONTROL,
        {"body_after": seed.DOCUMENT_CONTROL_AFTER},
    )  # fmt: skip
    own_rows(
        officer, plan, "Appendix A SERVICE PLAN TEMPLATE – Risk Appetite", seed.APPETITE_GRID,
        {"body": seed.APPENDIX_TEXT},
    )  # fmt: skip


@pytest.mark.django_db
def test_spelthorne_plan_prints_as_published(first_day):
    council, lead_user = first_day(seed.COUNCIL)
    lead = typist_for(lead_user)
    set_up_council(lead, council)
    lay_out_columns(lead, council)

    officer = typist_for(User.objects.get(email=OFFICER))
    service = Service.objects.get(name=seed.SERVICE)
    officer.submit(
        reverse("plans:plan_create"),
        {
            "service": Choose(seed.SERVICE),
            "first_year": Choose("2024/25"),
            "last_year": Choose("2024/25"),
        },
    )
    plan = Plan.objects.get(service=service)
    officer.submit(
        reverse("plans:plan_details", args=[plan.pk]),
        {"printed_title": seed.TITLE, "reference": seed.REFERENCE},
    )
    fill_in_plan(officer, plan)

    clerk = typist_for(User.objects.get(email=CLERK))
    pdf = clerk.client.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    score = score_pdf(SEED, content)
    missing = score.missing
    assert score.title_found, score.report
    headings_missing = set(re.findall(r"^(S\d\d) .* MISSING ", score.report, re.M))
    assert headings_missing == set(KNOWN_MISSING_HEADINGS), score.report
    assert missing == set(KNOWN_MISSING), score.report
