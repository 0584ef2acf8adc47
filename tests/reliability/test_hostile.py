"""A catalogue of hostile input against the forms, uploads, URLs and admin: each case says
what was stored and what the page showed."""

import io

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from plans.models import (
    BudgetLine,
    CarbonInitiative,
    Contract,
    ForwardPlanItem,
    KeyContact,
    OrgChart,
    PriorityContribution,
    SectionKind,
    SinglePointOfFailure,
)
from risks.models import ServiceAppetite
from tests import factories
from tests.plans.conftest import add_actions_section
from tests.plans.helpers import empty_tables, formset_data

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE plans_plan; --",
    "1' OR '1'='1",
    "Robert\u202egnp.exe",  # right-to-left override
    "zero\u200bwidth\u200djoin\ufeff",
    "Emoji 👩🏽‍💻 🚀 ünïcödé",
    "{{ settings.SECRET_KEY }} {% debug %}",
]

# (section kind, formset prefix, other tables on that page, model, text field, other fields)
TEXT_FIELDS = [
    (SectionKind.CONTRACTS, "contracts", (), Contract, "title", {"supplier": "A Ltd"}),
    (SectionKind.CONTACTS, "contacts", (), KeyContact, "name", {}),
    (SectionKind.WORKFORCE, "spof", ("skills",), SinglePointOfFailure, "post", {}),
    (
        SectionKind.FORWARD_PLAN,
        "forward",
        (),
        ForwardPlanItem,
        "item",
        {"decision_date": "2027-01-14"},
    ),  # fmt: skip
    (SectionKind.CARBON, "carbon", (), CarbonInitiative, "initiative", {}),
]


def edit_url(plan, kind):
    section = plan.sections.get(kind=kind)
    return f"/plans/{plan.pk}/sections/{section.pk}/edit/", section


def post_row(client, plan, kind, prefix, others, row):
    url, section = edit_url(plan, kind)
    data = {"version": section.version, **formset_data(prefix, [row]), **empty_tables(*others)}
    return client.post(url, data)


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize(
    ("kind", "prefix", "others", "model", "field", "extra"),
    TEXT_FIELDS,
    ids=[t[1] for t in TEXT_FIELDS],
)
def test_hostile_text_is_stored_as_typed_and_shown_escaped(
    client_for, world, kind, prefix, others, model, field, extra, value
):
    client = client_for(world.officer)
    response = post_row(client, world.plan, kind, prefix, others, {field: value, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert getattr(model.objects.get(plan=world.plan), field) == value
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert escape(value) in page
    if "<" in value or '"' in value:
        assert value not in page
    assert "SECRET_KEY" not in value or "django-insecure" not in page


@pytest.mark.parametrize(
    ("kind", "prefix", "others", "model", "field", "extra"),
    TEXT_FIELDS,
    ids=[t[1] for t in TEXT_FIELDS],
)
def test_nul_bytes_are_refused_with_a_message(
    client_for, world, kind, prefix, others, model, field, extra
):
    client = client_for(world.officer)
    response = post_row(client, world.plan, kind, prefix, others, {field: "a\x00b", **extra})
    assert response.status_code == 200
    assert b"Null characters are not allowed" in response.content
    assert not model.objects.filter(plan=world.plan).exists()


RICH_TEXT = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
    ('<img src=x onerror="alert(1)"><p>Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">link</a>', '<a rel="noopener noreferrer">link</a>'),
    (
        '<a href="data:text/html,<script>alert(1)</script>">link</a>',
        '<a rel="noopener noreferrer">link</a>',
    ),
    ('<a href="file:///etc/passwd">link</a>', '<a rel="noopener noreferrer">link</a>'),
    ("<svg><script>alert(1)</script></svg><p>Hi</p>", "<p>Hi</p>"),
    ('<iframe src="https://evil.example"></iframe><p>Hi</p>', "<p>Hi</p>"),
    ('<p style="background:url(javascript:alert(1))">Hi</p>', "<p>Hi</p>"),
]


@pytest.mark.parametrize(("html", "stored"), RICH_TEXT)
def test_hostile_rich_text_is_sanitised_before_it_is_stored(client_for, world, html, stored):
    client = client_for(world.officer)
    url, section = edit_url(world.plan, SectionKind.NARRATIVE)
    response = client.post(url, {"version": section.version, "body": html})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == stored
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "alert(1)" not in page and "file:///" not in page


FIGURES = [
    ("NaN", "must be a number"),
    ("Infinity", "must be a number"),
    ("-Infinity", "must be a number"),
    ("1e999", "must be a number"),
    ("99999999999999999999", "must be less than 1 trillion"),
    ("0x41", "must be a number"),
    ("1;DROP TABLE x", "must be a number"),
]


@pytest.mark.parametrize(("figure", "message"), FIGURES)
def test_hostile_budget_figures_are_refused(client_for, world, figure, message):
    client = client_for(world.officer)
    url, section = edit_url(world.plan, SectionKind.BUDGET)
    rows = [{"category": "revenue", "description": "Line", "year_2026": figure}]
    response = client.post(
        url, {"version": section.version, **formset_data("lines", rows), **empty_tables("bids")}
    )
    assert response.status_code == 200
    assert message.encode() in response.content
    assert not BudgetLine.objects.filter(plan=world.plan).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "cannot be negative"),
        ("NaN", "must be a number"),
        ("10000000000000", "less than 1 trillion"),
    ],
)
def test_hostile_contract_values_are_refused(client_for, world, value, message):
    row = {"title": "T", "supplier": "S", "value": value}
    response = post_row(client_for(world.officer), world.plan, SectionKind.CONTRACTS,
                        "contracts", (), row)  # fmt: skip
    assert response.status_code == 200
    assert message.encode() in response.content
    assert not Contract.objects.filter(plan=world.plan).exists()


@pytest.mark.parametrize("date", ["2026-02-30", "31/31/2026", "99999-01-01", "0000-00-00", "'; --"])
def test_invalid_dates_are_refused(client_for, world, date):
    row = {"title": "T", "supplier": "S", "start_date": date}
    response = post_row(client_for(world.officer), world.plan, SectionKind.CONTRACTS,
                        "contracts", (), row)  # fmt: skip
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert not Contract.objects.filter(plan=world.plan).exists()


def test_ten_megabytes_of_text_is_refused_and_not_stored(client_for, world):
    client = client_for(world.officer)
    url, section = edit_url(world.plan, SectionKind.NARRATIVE)
    response = client.post(url, {"version": section.version, "body": "A" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    section.refresh_from_db()
    assert section.body == "" and section.version == 1


# --- uploads -------------------------------------------------------------------------------


def jpeg_with_payload() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "navy").save(buffer, format="JPEG")
    return buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"


UPLOADS = [
    ("svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", False),
    ("html", b"<!DOCTYPE html><script>alert(1)</script>", False),
    ("polyglot", jpeg_with_payload(), True),
    ("zip", b"PK\x03\x04" + b"\x00" * 200, False),
]


@pytest.mark.parametrize(("name", "content", "accepted"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_hostile_uploads(client_for, world, settings, tmp_path, name, content, accepted):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(content)
    upload.name = "chart.png"
    url, section = edit_url(world.plan, SectionKind.WORKFORCE)
    data = {"version": section.version, **empty_tables("spof", "skills"),
            "chart-image": upload, "chart-alt_text": "Chart"}  # fmt: skip
    response = client_for(world.officer).post(url, data)
    if not accepted:
        assert response.status_code == 200
        assert b"must be a PNG or JPEG image" in response.content
        assert not OrgChart.objects.filter(plan=world.plan).exists()
        return
    assert response.status_code == 302
    stored = OrgChart.objects.get(plan=world.plan).image.read()
    assert stored.startswith(b"\x89PNG")  # re-encoded ...
    assert b"<script>" not in stored and b"<html>" not in stored  # ... without the payload
    served = client_for(world.clerk).get(f"/plans/{world.plan.pk}/org-chart.png")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


# --- forged requests and tampered ids --------------------------------------------------------


def test_forged_csrf_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    url, section = edit_url(world.plan, SectionKind.NARRATIVE)
    for token in (None, "forged-token-0123456789abcdef0123456789abcdef"):
        data = {"version": section.version, "body": "<p>forged</p>"}
        if token:
            data["csrfmiddlewaretoken"] = token
        assert client.post(url, data).status_code == 403
    section.refresh_from_db()
    assert section.body == ""


@pytest.mark.parametrize(
    ("who", "plan", "status"),
    [
        ("officer", "foreign_plan", 404),
        ("officer", "other_plan", 404),
        ("clerk", "plan", 403),
        ("foreign_officer", "plan", 404),
    ],  # fmt: skip
)
def test_tampered_plan_ids_in_urls(client_for, world, who, plan, status):
    target = getattr(world, plan)
    url, section = edit_url(target, SectionKind.NARRATIVE)
    response = client_for(getattr(world, who)).post(
        url, {"version": section.version, "body": "<p>mine now</p>"}
    )
    assert response.status_code == status
    section.refresh_from_db()
    assert section.body == ""


def test_a_section_of_another_plan_in_my_plans_url_is_404(client_for, world):
    foreign = world.foreign_plan.sections.get(kind=SectionKind.NARRATIVE)
    url = f"/plans/{world.plan.pk}/sections/{foreign.pk}/edit/"
    response = client_for(world.officer).post(url, {"version": 1, "body": "<p>x</p>"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.body == ""


# Every table of a plan is a model formset whose rows carry their id. Django would accept the
# id of any row of the model and save a row it cannot find in the plan as a new one; ours
# refuse an id that is not of this plan's rows.
ROW_REFUSED = "This row is not in this plan any more. Reload the page and make your change again"

# (section kind, formset prefix, other tables on that page, factory of a row, row posted)
TABLES = [
    (SectionKind.BUDGET, "lines", ("bids",), factories.BudgetLineFactory,
     {"category": "revenue", "description": "Mine"}),
    (SectionKind.BUDGET, "bids", ("lines",), factories.GrowthBidFactory,
     {"kind": "revenue_cost", "details": "Mine", "reason": "Mine"}),
    (SectionKind.WORKFORCE, "spof", ("skills",), factories.SinglePointOfFailureFactory,
     {"post": "Mine"}),
    (SectionKind.WORKFORCE, "skills", ("spof",), factories.SkillRequirementFactory,
     {"job_title": "Mine"}),
    (SectionKind.PRIORITIES, "contributions", (), factories.PriorityContributionFactory,
     {"contribution": "Mine"}),
    (SectionKind.CONTRACTS, "contracts", (), factories.ContractFactory,
     {"title": "Mine", "supplier": "Me"}),
    (SectionKind.CARBON, "carbon", (), factories.CarbonInitiativeFactory, {"initiative": "Mine"}),
    (SectionKind.FORWARD_PLAN, "forward", (), factories.ForwardPlanItemFactory,
     {"item": "Mine", "decision_date": "14/01/2027"}),
    (SectionKind.CONTACTS, "contacts", (), factories.KeyContactFactory, {"name": "Mine"}),
    (SectionKind.KEY_ISSUES, "issues", (), factories.KeyIssueFactory,
     {"category": "workforce", "text": "Mine"}),
]  # fmt: skip


@pytest.fixture
def my_row(world):
    """The row to post for a table, complete (a contribution needs one of our priorities)."""
    factories.SectionFactory(plan=world.plan, kind=SectionKind.KEY_ISSUES, position=10)
    priority = factories.PriorityFactory(council=world.council, title="Our priority")

    def row_for(prefix, row):
        return {**row, "priority": str(priority.pk)} if prefix == "contributions" else dict(row)

    return row_for


def snapshot(record):
    return model_to_dict(type(record).objects.get(pk=record.pk))


@pytest.mark.parametrize(
    ("kind", "prefix", "others", "factory", "row"), TABLES, ids=[t[1] for t in TABLES]
)
def test_the_rows_below_are_valid_without_a_tampered_id(
    client_for, world, my_row, kind, prefix, others, factory, row
):
    """The control for the next test: the same row with no id is saved as a new row."""
    client = client_for(world.officer)
    response = post_row(client, world.plan, kind, prefix, others, my_row(prefix, row))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert factory._meta.model.objects.filter(plan=world.plan).count() == 1


@pytest.mark.parametrize("victim", ["other_plan", "foreign_plan"])
@pytest.mark.parametrize(
    ("kind", "prefix", "others", "factory", "row"), TABLES, ids=[t[1] for t in TABLES]
)
def test_a_row_id_of_another_plan_is_refused_and_nothing_is_copied(
    client_for, world, my_row, victim, kind, prefix, others, factory, row
):
    model = factory._meta.model
    theirs = factory(plan=getattr(world, victim))
    before = snapshot(theirs)
    url, section = edit_url(world.plan, kind)
    tampered = {"id": str(theirs.pk), **my_row(prefix, row)}
    data = {
        "version": section.version,
        **formset_data(prefix, [tampered], initial=1),
        **empty_tables(*others),
    }
    response = client_for(world.officer).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert ROW_REFUSED in page  # in the error summary and above the row
    assert page.count(ROW_REFUSED) == 2
    assert not model.objects.filter(plan=world.plan).exists()  # no copy in my plan
    assert snapshot(theirs) == before  # theirs untouched
    section.refresh_from_db()
    assert section.version == 1


def test_an_id_on_a_row_sent_as_new_is_refused_not_copied(client_for, world):
    """INITIAL_FORMS tampered to 0: Django would save my existing row's data as a new row."""
    mine = factories.ContractFactory(plan=world.plan, title="Mine")
    row = {"id": str(mine.pk), "title": "Copy", "supplier": "Me"}
    url, section = edit_url(world.plan, SectionKind.CONTRACTS)
    response = client_for(world.officer).post(
        url, {"version": section.version, **formset_data("contracts", [row], initial=0)}
    )
    assert response.status_code == 200
    assert ROW_REFUSED in response.content.decode()
    assert list(Contract.objects.filter(plan=world.plan).values_list("title", flat=True)) == [
        "Mine"
    ]


def test_a_risk_appetite_id_of_another_service_is_refused(client_for, world):
    theirs = factories.ServiceAppetiteFactory(service=world.other_service, area="Theirs")
    before = snapshot(theirs)
    url = reverse("risks:appetite_edit", args=[world.service.pk])
    row = {"id": str(theirs.pk), "area": "Mine", "level": str(theirs.level_id), "reason": ""}
    data = {
        "appetite-TOTAL_FORMS": "1",
        "appetite-INITIAL_FORMS": "1",
        "appetite-MIN_NUM_FORMS": "0",
        "appetite-MAX_NUM_FORMS": "1000",
        **{f"appetite-0-{name}": value for name, value in row.items()},
    }
    response = client_for(world.officer).post(url, data)
    assert response.status_code == 200
    assert "This area is not in this service&#x27;s risk appetite any more" in (
        response.content.decode()
    )
    assert not ServiceAppetite.objects.filter(service=world.service).exists()
    assert snapshot(theirs) == before


def test_an_action_cannot_be_put_under_another_plans_objective(client_for, world):
    add_actions_section(world.plan)
    mine = factories.ServiceObjectiveFactory(plan=world.plan, title="Ours")
    theirs = factories.ServiceObjectiveFactory(plan=world.other_plan, title="Theirs")
    section = world.plan.sections.get(kind=SectionKind.ACTIONS)
    url = reverse("plans:action_create", args=[world.plan.pk, mine.pk])
    row = {"version": section.version, "title": "Mine", "target_text": "Quarterly"}
    client = client_for(world.officer)
    response = client.post(url, {**row, "objective": str(theirs.pk)})
    assert response.status_code == 200
    assert "Select an objective of this plan" in response.content.decode()
    assert not theirs.actions.exists() and not mine.actions.exists()
    assert client.post(url, {**row, "objective": str(mine.pk)}).status_code == 302  # control
    assert mine.actions.get().title == "Mine"


def test_a_priority_of_another_council_in_a_form_is_refused(client_for, world):
    theirs = factories.PriorityFactory(council=world.foreign_council, title="Their priority")
    row = {"priority": str(theirs.pk), "contribution": "x"}
    url, section = edit_url(world.plan, SectionKind.PRIORITIES)
    response = client_for(world.officer).post(
        url, {"version": section.version, **formset_data("contributions", [row])}
    )
    assert response.status_code == 200
    assert b"from the list" in response.content
    assert not PriorityContribution.objects.filter(plan=world.plan).exists()


def test_a_tampered_version_is_a_conflict_not_an_overwrite(client_for, world):
    url, section = edit_url(world.plan, SectionKind.NARRATIVE)
    response = client_for(world.officer).post(url, {"version": "1 OR 1=1", "body": "<p>x</p>"})
    assert response.status_code == 409
    section.refresh_from_db()
    assert section.body == "" and section.version == 1


# --- role escalation via the admin --------------------------------------------------------------


def test_a_councils_superuser_cannot_edit_or_see_another_councils_people(
    client_for, world, council_operator
):
    client = client_for(council_operator)
    url = f"/admin/council/user/{world.foreign_officer.pk}/change/"
    assert client.get(url).status_code == 404
    client.post(url, {"username": "foreign", "is_active": "", "roles-TOTAL_FORMS": "0",
                      "roles-INITIAL_FORMS": "0"})  # fmt: skip
    world.foreign_officer.refresh_from_db()
    assert world.foreign_officer.is_active
    listing = client.get("/admin/council/user/").content.decode()
    assert "foreign" not in listing


def test_lead_cannot_make_themself_superuser_or_move_council(client_for, world):
    client = client_for(world.lead)
    data = {"username": "lead", "first_name": "Pat", "last_name": "Lead", "email": "",
            "job_title": "", "phone": "", "is_active": "on", "is_superuser": "on",
            "is_staff": "on", "council": str(world.foreign_council.pk),
            "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0"}  # fmt: skip
    client.post(f"/admin/council/user/{world.lead.pk}/change/", data)
    world.lead.refresh_from_db()
    assert not world.lead.is_superuser and not world.lead.is_staff
    assert world.lead.council == world.council


def test_a_councils_superuser_cannot_give_a_role_in_another_councils_service(
    client_for, world, council_operator
):
    client = client_for(council_operator)
    foreign_service = world.foreign_plan.service
    data = {"username": "officer", "first_name": "Pat", "last_name": "Tester", "email": "",
            "job_title": "", "phone": "", "is_active": "on",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-0-name": "officer",
            "roles-0-service": str(foreign_service.pk), "roles-0-directorate": ""}  # fmt: skip
    response = client.post(f"/admin/council/user/{world.officer.pk}/change/", data)
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not world.officer.roles.filter(service=foreign_service).exists()


def test_no_role_reaches_the_admin(client_for, world):
    for who in (world.officer, world.clerk, world.manager, world.lead):
        response = client_for(who).get("/admin/council/user/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
