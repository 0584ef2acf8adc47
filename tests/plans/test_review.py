"""Review, sign-off, publication, revision and roll forward: the services and their rules."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from plans.changes import plan_changes
from plans.models import (
    Plan,
    PlanTransition,
    PlanVersion,
    Section,
    SectionKind,
    SectionReview,
)
from plans.services.editing import section_save
from plans.services.review import (
    ALLOWED_MOVES,
    _move,
    plan_publish,
    plan_reopen,
    plan_sign_off,
    plan_submit,
    section_approve,
    section_return,
)
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.conftest import person
from tests.plans.helpers import FAKE_VERSION_PDF, fake_version_pdfs

Status = Plan.Status


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch):
    """The PDF renderer is tested on its own; here a version's PDF only has to be stored."""
    fake_version_pdfs(monkeypatch)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def reviewable(plan):
    return plan.sections.exclude(kind__in=[SectionKind.SIGN_OFF, SectionKind.VERSIONS])


def approve_all(plan, manager):
    for section in reviewable(plan):
        section.refresh_from_db()
        if section.review_status == Section.ReviewStatus.SUBMITTED:
            section_approve(section=section, user=manager, seen_version=section.version)


def sign_all(plan, manager):
    for block in plan.sign_offs.order_by("position"):
        plan_sign_off(sign_off=block, user=manager)


def approved_plan(world):
    plan_submit(plan=world.plan, user=world.officer)
    approve_all(world.plan, world.manager)
    sign_all(world.plan, world.manager)
    world.plan.refresh_from_db()
    return world.plan


# --- the state machine ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), list(itertools.product(Status.values, Status.values)))
def test_only_allowed_moves_are_possible(world, start, end):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(status=start)
    plan.refresh_from_db()
    if (start, end) in ALLOWED_MOVES:
        _move(plan, end, world.manager, "ok")
        assert Plan.objects.get(pk=plan.pk).status == end
        assert PlanTransition.objects.filter(plan=plan, from_status=start, to_status=end).exists()
    else:
        with pytest.raises(ValidationError) as error:
            _move(plan, end, world.manager)
        assert "cannot be moved to" in error.value.messages[0]
        assert Plan.objects.get(pk=plan.pk).status == start


def test_draft_cannot_be_published_or_signed(world):
    with pytest.raises(ValidationError) as error:
        plan_publish(plan=world.plan, user=world.manager, reason="x")
    assert error.value.messages == ["Only an approved plan can be published."]
    with pytest.raises(ValidationError) as error:
        plan_sign_off(sign_off=world.plan.sign_offs.first(), user=world.manager)
    assert error.value.messages == ["Only a plan in review can be signed off."]


# --- submitting and reviewing --------------------------------------------------------------


def test_officer_submits_and_managers_are_told(world):
    plan_submit(plan=world.plan, user=world.officer, comment="Ready")
    world.plan.refresh_from_db()
    assert world.plan.status == Status.IN_REVIEW
    assert set(reviewable(world.plan).values_list("review_status", flat=True)) == {"submitted"}
    transition = world.plan.transitions.get()
    assert (transition.by, transition.comment) == (world.officer, "Ready")


def test_submission_e_mails_the_managers(world, django_capture_on_commit_callbacks):
    world.manager.email = "manager@testshire.example"
    world.manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=world.plan, user=world.officer)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@testshire.example"]
    assert "For review: Customer Services service plan" in mail.outbox[0].subject
    assert f"/plans/{world.plan.pk}/" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["manager", "clerk", "lead", "officer_b"])
def test_only_the_service_s_officers_submit(world, who):
    with pytest.raises(PermissionDenied):
        plan_submit(plan=world.plan, user=getattr(world, who))
    assert Plan.objects.get(pk=world.plan.pk).status == Status.DRAFT


def test_manager_approves_the_version_they_read(world):
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).first()
    section_approve(
        section=section, user=world.manager, seen_version=section.version, comment="Good"
    )
    section.refresh_from_db()
    assert section.review_status == "approved"
    assert section.reviewed_by == world.manager
    assert section.reviews.filter(decision="approved", section_version=section.version).exists()


def test_approving_a_section_that_changed_since_it_was_opened_is_refused(world):
    plan_submit(plan=world.plan, user=world.officer)
    section = world.plan.sections.get(kind="narrative")
    seen = section.version
    section_save(section=section, expected_version=seen, user=world.officer, body="<p>New</p>")
    with pytest.raises(ValidationError) as error:
        section_approve(section=section, user=world.manager, seen_version=seen)
    assert "has changed since you opened it" in error.value.messages[0]
    assert Section.objects.get(pk=section.pk).review_status == "submitted"


def test_second_manager_approving_the_same_section_is_refused(world):
    second = factories.UserFactory(council=world.council, username="manager2")
    factories.RoleFactory(user=second, name="manager", directorate=world.directorate)
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).first()
    section_approve(section=section, user=world.manager, seen_version=section.version)
    with pytest.raises(ValidationError) as error:
        section_approve(section=section, user=second, seen_version=section.version)
    assert "is not waiting for review: it is approved" in error.value.messages[0]
    assert section.reviews.filter(decision="approved").count() == 1


def test_sending_a_section_back_needs_a_comment(world):
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).first()
    with pytest.raises(ValidationError) as error:
        section_return(
            section=section, user=world.manager, seen_version=section.version, comment=" "
        )
    assert error.value.message_dict["comment"] == ["Enter a comment saying what needs to change"]
    section_return(
        section=section, user=world.manager, seen_version=section.version, comment="Add figures"
    )
    section.refresh_from_db()
    assert (section.review_status, section.review_comment) == ("returned", "Add figures")


def test_officers_cannot_review(world):
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).first()
    with pytest.raises(PermissionDenied):
        section_approve(section=section, user=world.officer, seen_version=section.version)


# --- sign-off ------------------------------------------------------------------------------


def test_sign_off_needs_every_required_section_approved(world):
    plan_submit(plan=world.plan, user=world.officer)
    with pytest.raises(ValidationError) as error:
        plan_sign_off(sign_off=world.plan.sign_offs.first(), user=world.manager)
    assert (
        "Every required section must be approved before the plan is signed off"
        in error.value.messages[0]
    )


def test_blocks_are_signed_in_order_and_the_last_approves_the_plan(world):
    world.plan.sign_offs.all().delete()
    first = world.plan.sign_offs.create(position=1, title="Group Head")
    second = world.plan.sign_offs.create(position=2, title="Deputy Chief Executive")
    plan_submit(plan=world.plan, user=world.officer)
    approve_all(world.plan, world.manager)
    with pytest.raises(ValidationError) as error:
        plan_sign_off(sign_off=second, user=world.manager)
    assert error.value.messages == ["Group Head must sign before Deputy Chief Executive."]
    plan_sign_off(sign_off=first, user=world.manager, comment="They perform well")
    assert Plan.objects.get(pk=world.plan.pk).status == Status.IN_REVIEW
    # Someone else signs the second block: one person never signs two (test_sign_off_rules).
    director = person(world.council, "director", "manager", directorate=world.directorate)
    plan_sign_off(sign_off=second, user=director)
    assert Plan.objects.get(pk=world.plan.pk).status == Status.APPROVED
    first.refresh_from_db()
    assert (first.signed_name, first.comment) == (
        world.manager.get_full_name(),
        "They perform well",
    )
    with pytest.raises(ValidationError) as error:
        plan_sign_off(sign_off=first, user=world.manager)
    assert "Only a plan in review can be signed off." in error.value.messages


def test_editing_an_approved_section_withdraws_approval_and_tells_the_approver(
    world, django_capture_on_commit_callbacks
):
    world.manager.email = "manager@testshire.example"
    world.manager.save()
    plan = approved_plan(world)
    section = plan.sections.get(kind="narrative")
    with django_capture_on_commit_callbacks(execute=True):
        section_save(
            section=section,
            expected_version=section.version,
            user=world.officer,
            body="<p>Edit</p>",
        )
    section.refresh_from_db()
    plan.refresh_from_db()
    assert section.review_status == "submitted"
    assert section.reviews.filter(decision="withdrawn").exists()
    assert plan.status == Status.IN_REVIEW
    assert not plan.sign_offs.filter(signed_at__isnull=False).exists()
    assert any(
        "Approval withdrawn" in m.subject and m.to == ["manager@testshire.example"]
        for m in mail.outbox
    )


# --- publishing, versions, revisions --------------------------------------------------------


def test_publish_freezes_a_numbered_version_with_its_pdf(world):
    plan = approved_plan(world)
    version = plan_publish(plan=plan, user=world.manager, reason="Approved by committee")
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert (version.number, version.reason, version.made_by, version.reviewer) == (
        1, "Approved by committee", world.manager, world.manager,
    )  # fmt: skip
    assert version.pdf.read() == FAKE_VERSION_PDF
    assert "Service overview" in version.snapshot_html
    assert (
        "Approved by committee" in version.snapshot_html
        or plan.sections.filter(kind="versions").count() == 0
    )


def test_published_pdf_and_snapshot_do_not_change_after_later_edits(world):
    plan = approved_plan(world)
    version = plan_publish(plan=plan, user=world.manager, reason="First")
    stored = version.pdf.read()
    snapshot = version.snapshot_html
    plan_reopen(plan=plan, user=world.officer, reason="Mid-year update")
    section = plan.sections.get(kind="narrative")
    section_save(
        section=section, expected_version=section.version, user=world.officer, body="<p>Changed</p>"
    )
    version = PlanVersion.objects.get(pk=version.pk)
    assert version.pdf.read() == stored
    assert version.snapshot_html == snapshot
    assert "Changed" not in snapshot


def test_nobody_edits_a_published_plan(world):
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="First")
    section = plan.sections.get(kind="narrative")
    with pytest.raises(ValidationError) as error:
        section_save(
            section=section, expected_version=section.version, user=world.officer, body="x"
        )
    assert error.value.messages == ["This plan has been published and can no longer be changed."]


def test_versions_are_numbered_in_sequence_and_need_a_reason(world):
    plan = approved_plan(world)
    with pytest.raises(ValidationError):
        plan_publish(plan=plan, user=world.manager, reason="")
    plan_publish(plan=plan, user=world.lead, reason="First")
    plan_reopen(plan=plan, user=world.manager, reason="Update")
    approved_plan(world)
    second = plan_publish(plan=plan, user=world.manager, reason="Second")
    assert list(plan.versions.values_list("number", "reason")) == [(1, "First"), (2, "Second")]
    assert second.number == 2


@pytest.mark.parametrize("who", ["officer", "clerk", "officer_b"])
def test_only_managers_and_the_lead_publish(world, who):
    plan = approved_plan(world)
    with pytest.raises(PermissionDenied):
        plan_publish(plan=plan, user=getattr(world, who), reason="x")


# --- what changed --------------------------------------------------------------------------


def test_changes_between_two_versions_list_rows_and_text(world):
    plan = approved_plan(world)
    budget = plan.sections.get(kind="budget")
    kept = factories.BudgetLineFactory(plan=plan, description="Kept line")
    gone = factories.BudgetLineFactory(plan=plan, description="Removed line")
    kept.amounts.create(year=2026, amount=100)
    first = plan_publish(plan=plan, user=world.manager, reason="First")
    plan_reopen(plan=plan, user=world.officer, reason="Update")
    section_save(
        section=budget,
        expected_version=Section.objects.get(pk=budget.pk).version,
        user=world.officer,
        write=lambda: (
            gone.delete(),
            factories.BudgetLineFactory(plan=plan, description="New line"),
        ),
    )
    amount = kept.amounts.get(year=2026)
    amount.amount = 175
    amount.save()
    kept.cost_centre = "CS999"
    kept.save()
    narrative = plan.sections.get(kind="narrative")
    section_save(
        section=narrative,
        expected_version=narrative.version,
        user=world.officer,
        body="<p>Brand new text</p>",
    )
    approved_plan(world)
    second = plan_publish(plan=plan, user=world.manager, reason="Second")
    changes = {
        c.title: c.changes
        for c in plan_changes(plan, since=first.issued_at, until=second.issued_at)
    }
    budget_changes = changes["2 Budget"]
    kinds = {(c.kind, c.what) for c in budget_changes}
    assert ("added", "Budget line: Revenue expenditure: New line") in kinds
    assert ("removed", "Budget line: Revenue expenditure: Removed line") in kinds
    changed = next(c for c in budget_changes if c.kind == "changed")
    assert "Cost centre: CS100 → CS999" in changed.details
    assert "2026/27: 100.00 → 175.00" in changed.details
    assert changes["1 Service overview"][0].details == ["Added: Brand new text"]


# --- roll forward --------------------------------------------------------------------------


def test_roll_forward_moves_figures_along_and_leaves_the_old_plan(world):
    plan = world.plan  # 2026/27 to 2028/29
    line = factories.BudgetLineFactory(plan=plan, description="Customer Services")
    for year, amount in [(2026, 100), (2027, 200), (2028, 300)]:
        line.amounts.create(year=year, amount=amount)
    narrative = plan.sections.get(kind="narrative")
    section_save(section=narrative, expected_version=1, user=world.officer, body="<p>Overview</p>")
    factories.ContractFactory(plan=plan, title="Ended", start_date=None, end_date="2026-05-01")
    factories.ContractFactory(plan=plan, title="Running", start_date=None, end_date="2029-05-01")
    new = plan_roll_forward(plan=plan, user=world.officer)
    assert (new.first_year, new.last_year, new.status) == (2027, 2029, Status.DRAFT)
    new_line = new.budgetlines.get()
    assert {a.year: int(a.amount) for a in new_line.amounts.all()} == {2027: 200, 2028: 300}
    assert new.sections.get(kind="narrative").body == "<p>Overview</p>"
    assert list(new.contracts.values_list("title", flat=True)) == ["Running"]
    assert not new.versions.exists()
    assert not new.sign_offs.filter(signed_at__isnull=False).exists()
    assert {a.year for a in line.amounts.all()} == {2026, 2027, 2028}  # old plan untouched
    with pytest.raises(ValidationError) as error:
        plan_roll_forward(plan=plan, user=world.officer)
    assert "already has a plan starting in 2027/28" in error.value.messages[0]


def test_only_officers_roll_forward(world):
    with pytest.raises(PermissionDenied):
        plan_roll_forward(plan=world.plan, user=world.manager)


def test_review_log_is_kept(world):
    plan_submit(plan=world.plan, user=world.officer)
    assert (
        SectionReview.objects.filter(section__plan=world.plan, decision="submitted").count()
        == reviewable(world.plan).count()
    )


def test_roll_forward_carries_open_actions_and_key_issues(world):
    plan = world.plan
    plan.sections.create(title="Actions and projects", kind=SectionKind.ACTIONS, position=50)
    objective = factories.ServiceObjectiveFactory(
        plan=plan, title="Provide a single point of contact"
    )
    open_action = factories.ActionFactory(objective=objective, title="Launch the portal")
    done = factories.ActionFactory(objective=objective, title="Replace the CRM")
    factories.ProgressUpdateFactory(action=done, status="achieved", note="Live")
    factories.KeyIssueFactory(plan=plan, category="ict", text="ICT support needed")
    new = plan_roll_forward(plan=plan, user=world.officer)
    carried = new.actions.get()
    assert carried.title == "Launch the portal"
    assert carried.carried_from == open_action
    assert carried.objective.title == "Provide a single point of contact"
    assert list(new.keyissues.values_list("text", flat=True)) == ["ICT support needed"]
