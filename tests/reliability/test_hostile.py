"""A catalogue of hostile input against the forms, uploads, URLs and admin: each case says
what was stored and what the page showed."""

import io

import pytest
from django.test import Client
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
from tests import factories
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


def test_a_row_id_of_another_council_in_a_form_is_not_applied(client_for, world):
    theirs = factories.ContractFactory(plan=world.foreign_plan, title="Theirs")
    row = {"id": str(theirs.pk), "title": "Hijacked", "supplier": "Me"}
    url, section = edit_url(world.plan, SectionKind.CONTRACTS)
    data = {"version": section.version, **formset_data("contracts", [row], initial=1)}
    client_for(world.officer).post(url, data)
    theirs.refresh_from_db()
    assert theirs.title == "Theirs" and theirs.plan == world.foreign_plan
    # At most the row lands as a new row of the officer's own plan.
    assert set(Contract.objects.filter(title="Hijacked").values_list("plan", flat=True)) <= {
        world.plan.pk
    }


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


def test_lead_cannot_edit_or_see_another_councils_people(client_for, world):
    client = client_for(world.lead)
    url = f"/admin/council/user/{world.foreign_officer.pk}/change/"
    assert client.get(url).status_code == 302  # "does not exist" back to the index
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


def test_lead_cannot_give_a_role_in_another_councils_service(client_for, world):
    client = client_for(world.lead)
    foreign_service = world.foreign_plan.service
    data = {"username": "officer", "first_name": "Pat", "last_name": "Tester", "email": "",
            "job_title": "", "phone": "", "is_active": "on",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-0-name": "officer",
            "roles-0-service": str(foreign_service.pk), "roles-0-directorate": ""}  # fmt: skip
    response = client.post(f"/admin/council/user/{world.officer.pk}/change/", data)
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not world.officer.roles.filter(service=foreign_service).exists()


def test_officer_and_clerk_cannot_reach_the_admin(client_for, world):
    for who in (world.officer, world.clerk, world.manager):
        response = client_for(who).get("/admin/council/user/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
