"""The review pages for each role (STYLE.md checklist), and the outstanding-work page."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanVersion, Section, SectionKind
from plans.services.editing import section_save
from plans.services.review import plan_publish, plan_reopen, plan_submit, section_return
from tests.plans.helpers import FAKE_VERSION_PDF, fake_version_pdfs
from tests.plans.test_review import approve_all, approved_plan, reviewable, sign_all  # noqa: F401


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake_version_pdfs(monkeypatch)


def url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.pk, *args])


# --- submit --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    for name in ["plan_submit", "plan_return", "plan_publish", "plan_reopen", "plan_history"]:
        response = client.get(url(name, world.plan))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_submits_from_the_plan_page(client_for, world):
    client = client_for(world.officer)
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert url("plan_submit", world.plan) in page
    assert client.get(url("plan_submit", world.plan)).status_code == 200
    response = client.post(url("plan_submit", world.plan), {"comment": "Ready for you"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.IN_REVIEW


def test_submit_refuses_other_roles_and_scopes(client_for, world):
    assert client_for(world.manager).post(url("plan_submit", world.plan)).status_code == 403
    assert client_for(world.clerk).get(url("plan_submit", world.plan)).status_code == 403
    assert client_for(world.officer_b).get(url("plan_submit", world.plan)).status_code == 404
    assert client_for(world.officer).get(url("plan_submit", world.foreign_plan)).status_code == 404
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.DRAFT


def test_submitting_twice_shows_the_reason(client_for, world):
    client = client_for(world.officer)
    client.post(url("plan_submit", world.plan))
    response = client.post(url("plan_submit", world.plan), {"comment": "again"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "A plan that is in review cannot be moved to in review." in content
    assert "again" in content


def test_officer_submits_a_single_section(client_for, world):
    section = world.plan.sections.get(kind="narrative")
    response = client_for(world.officer).post(url("section_submit", world.plan, section.pk))
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).review_status == "submitted"
    response = client_for(world.clerk).post(url("section_submit", world.plan, section.pk))
    assert response.status_code == 403
    assert Section.objects.get(pk=section.pk).reviews.count() == 1


# --- review --------------------------------------------------------------------------------


def test_manager_reviews_sections(client_for, world):
    plan_submit(plan=world.plan, user=world.officer)
    section = world.plan.sections.get(kind="narrative")
    client = client_for(world.manager)
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert url("section_review", world.plan, section.pk) in page
    review_page = client.get(url("section_review", world.plan, section.pk)).content.decode()
    assert "Review: 1 Service overview" in review_page
    response = client.post(
        url("section_review", world.plan, section.pk),
        {"decision": "return", "comment": "", "seen_version": 1},
    )
    assert "Enter a comment saying what needs to change" in response.content.decode()
    assert "Error: Review" in response.content.decode()
    response = client.post(
        url("section_review", world.plan, section.pk),
        {"decision": "return", "comment": "Add staff numbers", "seen_version": 1},
    )
    assert response.status_code == 302
    officer_page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    assert "Add staff numbers" in officer_page
    assert "Sent back" in officer_page


def test_review_of_a_changed_section_is_refused_with_a_message(client_for, world):
    plan_submit(plan=world.plan, user=world.officer)
    section = world.plan.sections.get(kind="narrative")
    section_save(section=section, expected_version=1, user=world.officer, body="<p>new</p>")
    response = client_for(world.manager).post(
        url("section_review", world.plan, section.pk), {"decision": "approve", "seen_version": 1}
    )
    assert response.status_code == 200
    assert "has changed since you opened it" in response.content.decode()
    assert Section.objects.get(pk=section.pk).review_status == "submitted"


def test_review_refuses_other_roles_and_scopes(client_for, world):
    section = world.plan.sections.first()
    assert (
        client_for(world.officer).get(url("section_review", world.plan, section.pk)).status_code
        == 403
    )
    assert (
        client_for(world.clerk).get(url("section_review", world.plan, section.pk)).status_code
        == 403
    )
    other = world.other_plan.sections.first()
    assert (
        client_for(world.manager).get(url("section_review", world.other_plan, other.pk)).status_code
        == 404
    )
    assert (
        client_for(world.manager).get(url("section_review", world.plan, other.pk)).status_code
        == 404
    )


# --- send back, sign off, publish, revise ------------------------------------------------


def test_manager_sends_the_plan_back_with_a_comment(client_for, world):
    plan_submit(plan=world.plan, user=world.officer)
    client = client_for(world.manager)
    response = client.post(url("plan_return", world.plan), {"comment": ""})
    assert b"Enter what needs to change" in response.content
    response = client.post(url("plan_return", world.plan), {"comment": "Budget missing"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.DRAFT
    assert (
        client_for(world.officer).post(url("plan_return", world.plan), {"comment": "x"}).status_code
        == 403
    )


def test_manager_signs_off_and_publishes(client_for, world):
    plan_submit(plan=world.plan, user=world.officer)
    approve_all(world.plan, world.manager)
    block = world.plan.sign_offs.get()
    client = client_for(world.manager)
    assert (
        url("sign_off", world.plan, block.pk)
        in client.get(world.plan.get_absolute_url()).content.decode()
    )
    response = client.post(url("sign_off", world.plan, block.pk), {"comment": "Performing well"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED
    assert (
        client_for(world.clerk).post(url("plan_publish", world.plan), {"comment": "x"}).status_code
        == 403
    )
    client = client_for(world.manager)  # the test client is shared: sign the manager in again
    response = client.post(url("plan_publish", world.plan), {"comment": ""})
    assert b"Enter reason for this version" in response.content
    response = client.post(url("plan_publish", world.plan), {"comment": "Approved by committee"})
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=world.plan)
    assert version.reason == "Approved by committee"
    page = client_for(world.clerk).get(world.plan.get_absolute_url()).content.decode()
    assert "Published" in page and "1, issued" in page
    history = client_for(world.clerk).get(url("plan_history", world.plan)).content.decode()
    assert "Approved by committee" in history  # the version control table
    assert world.plan.sign_offs.get().comment == "Performing well"


def test_sign_off_refuses_officers_and_other_councils(client_for, world):
    block = world.plan.sign_offs.get()
    assert client_for(world.officer).get(url("sign_off", world.plan, block.pk)).status_code == 403
    assert (
        client_for(world.foreign_officer).get(url("sign_off", world.plan, block.pk)).status_code
        == 404
    )


def test_published_versions_can_be_read_and_downloaded_byte_for_byte(client_for, world):
    plan = approved_plan(world)
    version = plan_publish(plan=plan, user=world.manager, reason="First")
    clerk = client_for(world.clerk)
    page = clerk.get(url("version_detail", plan, 1)).content.decode()
    assert "This is the plan as published" in page
    assert "Service overview" in page
    response = clerk.get(url("version_pdf", plan, 1))
    assert b"".join(response.streaming_content) == FAKE_VERSION_PDF
    assert response["Content-Type"] == "application/pdf"
    assert client_for(world.officer_b).get(url("version_pdf", plan, 1)).status_code == 404
    assert client_for(world.officer).get(url("version_detail", plan, 2)).status_code == 404
    assert version.number == 1


def test_revision_and_history_pages(client_for, world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    client = client_for(world.officer)
    assert client.post(url("plan_reopen", plan), {"comment": ""}).status_code == 200
    assert client.post(url("plan_reopen", plan), {"comment": "Mid-year"}).status_code == 302
    section = plan.sections.get(kind="narrative")
    client.post(
        url("section_edit", plan, section.pk),
        {"version": section.version, "body": "<p>Mid-year text</p>"},
    )
    history = client_for(world.clerk).get(url("plan_history", plan)).content.decode()
    assert "What changed since version 1 was published" in history
    assert "Added: Mid-year text" in history
    assert "Published" in history and "Mid-year" in history
    assert (
        client_for(world.clerk).post(url("plan_reopen", plan), {"comment": "x"}).status_code == 403
    )


def test_compare_two_versions(client_for, world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    plan_reopen(plan=plan, user=world.officer, reason="Update")
    section = plan.sections.get(kind="narrative")
    section_save(
        section=section,
        expected_version=section.version,
        user=world.officer,
        body="<p>Second text</p>",
    )
    approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="Second")
    page = client_for(world.clerk).get(url("plan_history", plan) + "?from=1&to=2").content.decode()
    assert "What changed from version 1 to version 2" in page
    assert "Added: Second text" in page
    page = client_for(world.clerk).get(url("plan_history", plan) + "?from=1&to=9").content.decode()
    assert "Choose two different published versions to compare." in page


def test_comparing_a_version_with_itself_is_shown_as_a_form_error(client_for, world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    plan_reopen(plan=plan, user=world.officer, reason="Update")
    approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="Second")
    page = client_for(world.clerk).get(url("plan_history", plan) + "?from=2&to=2").content.decode()
    assert "<title>Error: History of" in page
    assert (
        '<li><a href="#compare-from">Choose two different published versions to compare.</a>'
        in page
    )
    assert 'aria-describedby="compare-error"' in page
    # The versions chosen are shown again, not the form's defaults.
    assert page.count('<option value="2" selected>') == 2
    assert "What changed from version" not in page


def test_a_plan_with_one_version_says_there_is_nothing_to_compare(client_for, world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    page = client_for(world.clerk).get(url("plan_history", plan) + "?from=1&to=1").content.decode()
    assert "Choose two different published versions to compare." in page
    assert "There is a problem" not in page
    assert "<title>Error: " not in page


# --- outstanding work and roll forward -----------------------------------------------------


def test_outstanding_work_for_each_role(client_for, world):
    factories_year = world.council.years.get(start_year=2026)
    factories_year.is_current = True
    factories_year.save()
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).get(kind="budget")
    section_return(
        section=section, user=world.manager, seen_version=section.version, comment="Numbers?"
    )
    manager_page = client_for(world.manager).get(reverse("plans:outstanding")).content.decode()
    assert "Customer Services: 1 Service overview" in manager_page
    assert "Waste" in manager_page  # a service of the directorate with no plan this year
    officer_page = client_for(world.officer).get(reverse("plans:outstanding")).content.decode()
    assert "Customer Services: 2 Budget" in officer_page and "Numbers?" in officer_page
    clerk_page = client_for(world.clerk).get(reverse("plans:outstanding")).content.decode()
    assert "Revenues service plan 2026/27" in clerk_page  # a draft not yet submitted
    assert "Elsewhere" not in clerk_page


def test_officer_rolls_a_plan_forward(client_for, world):
    client = client_for(world.officer)
    page = client.get(url("plan_roll_forward", world.plan)).content.decode()
    assert "Create the 2027/28 to 2029/30 plan from this one" in page
    response = client.post(url("plan_roll_forward", world.plan))
    new = Plan.objects.get(service=world.service, first_year=2027)
    assert response["Location"] == new.get_absolute_url()
    assert new.sections.count() == world.plan.sections.count()
    assert client_for(world.manager).post(url("plan_roll_forward", world.plan)).status_code == 403
    assert client_for(world.officer_b).get(url("plan_roll_forward", world.plan)).status_code == 404
    assert new.sections.filter(kind=SectionKind.BUDGET).exists()


def test_pdf_of_a_published_plan_is_the_stored_file(client_for, world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    response = client_for(world.clerk).get(url("plan_pdf", plan))
    assert response.status_code == 302
    assert response["Location"] == url("version_pdf", plan, 1)
