"""Review, sign-off and publication of a plan and its sections."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from council import stamps
from council.models import User
from plans import notifications
from plans.models import (
    Plan,
    PlanTransition,
    PlanVersion,
    ReviewDecision,
    Section,
    SectionKind,
    SectionReview,
    SignerRole,
    SignOff,
)
from plans.snapshot import make_pdf_after_commit, version_print_html, version_snapshot

#
# A plan moves draft → in review → approved → published, back to draft when it is sent back
# or reopened for a revision, and from approved back to in review when an approved section is
# edited. Each move is checked against ALLOWED_MOVES, made under a row lock on the plan, and
# recorded as a PlanTransition.

ALLOWED_MOVES = {
    (Plan.Status.DRAFT, Plan.Status.IN_REVIEW),
    (Plan.Status.IN_REVIEW, Plan.Status.DRAFT),
    (Plan.Status.IN_REVIEW, Plan.Status.APPROVED),
    (Plan.Status.APPROVED, Plan.Status.IN_REVIEW),
    (Plan.Status.APPROVED, Plan.Status.DRAFT),
    (Plan.Status.APPROVED, Plan.Status.PUBLISHED),
    (Plan.Status.PUBLISHED, Plan.Status.DRAFT),
}


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("service__directorate").get(pk=plan.pk)


def _move(plan: Plan, to_status: str, user: User, comment: str = "") -> None:
    """Move a (locked) plan to another status, if that move is allowed, and record it."""
    if (plan.status, to_status) not in ALLOWED_MOVES:
        raise ValidationError(
            f"A plan that is {plan.get_status_display().lower()} cannot be moved to "
            f"{Plan.Status(to_status).label.lower()}."
        )
    PlanTransition.objects.create(
        plan=plan,
        from_status=plan.status,
        to_status=to_status,
        comment=comment,
        by=user,
        at=timezone.now(),
    )
    plan.status = to_status
    plan.save(update_fields=["status"])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _review(section: Section, decision: str, user: User, comment: str = "") -> None:
    SectionReview.objects.create(
        section=section,
        decision=decision,
        section_version=section.version,
        comment=comment,
        by=user,
        at=timezone.now(),
    )


def _clear_sign_offs(plan: Plan) -> list[SignOff]:
    signed = list(plan.sign_offs.filter(signed_at__isnull=False))
    for sign_off in signed:
        sign_off.signed_by = None
        sign_off.signed_name = sign_off.signed_role = sign_off.comment = ""
        sign_off.signed_at = None
        sign_off.save()
    return signed


def _reviewable_sections(plan: Plan):
    return plan.sections.exclude(kind__in=[SectionKind.SIGN_OFF, SectionKind.VERSIONS])


@transaction.atomic
def plan_submit(*, plan: Plan, user: User, comment: str = "") -> Plan:
    """An officer sends the whole plan for review: every section not yet approved waits for it."""
    plan = _locked_plan(plan)
    _require(
        user.can_edit_service(plan.service), "Only officers of this service can submit its plan."
    )
    _move(plan, Plan.Status.IN_REVIEW, user, comment)
    now = timezone.now()
    for section in _reviewable_sections(plan).exclude(review_status=Section.ReviewStatus.APPROVED):
        section.review_status = Section.ReviewStatus.SUBMITTED
        section.review_comment = ""
        section.save(update_fields=["review_status", "review_comment"])
        _review(section, ReviewDecision.SUBMITTED, user, comment)
    notifications.plan_submitted(plan=plan, by=user, at=now)
    return plan


@transaction.atomic
def section_submit(*, section: Section, user: User) -> Section:
    """An officer sends one section for review (for example after it was sent back)."""
    plan = _locked_plan(section.plan)
    _require(user.can_edit_service(plan.service), "Only officers of this service can submit it.")
    section = Section.objects.select_for_update().get(pk=section.pk)
    if not plan.is_editable:
        raise ValidationError("This plan has been published and can no longer be changed.")
    if section.review_status in {Section.ReviewStatus.SUBMITTED, Section.ReviewStatus.APPROVED}:
        raise ValidationError(
            f"This section is already {section.get_review_status_display().lower()}."
        )
    section.review_status = Section.ReviewStatus.SUBMITTED
    section.review_comment = ""
    section.save(update_fields=["review_status", "review_comment"])
    _review(section, ReviewDecision.SUBMITTED, user)
    notifications.section_submitted(section=section, by=user)
    return section


def _locked_section_for_review(section: Section, user: User, seen_version: int) -> Section:
    plan = _locked_plan(section.plan)
    _require(user.can_approve_service(plan.service), "Only managers of this service can review it.")
    current = Section.objects.select_for_update().select_related("plan").get(pk=section.pk)
    current.plan = plan
    if current.version != seen_version:
        raise ValidationError(
            "This section has changed since you opened it. Read the new version before you decide."
        )
    if current.review_status != Section.ReviewStatus.SUBMITTED:
        raise ValidationError(
            f"This section is not waiting for review: it is {current.get_review_status_display().lower()}."
        )
    return current


@transaction.atomic
def section_approve(
    *, section: Section, user: User, seen_version: int, comment: str = ""
) -> Section:
    """A manager approves the version of the section they read. Nothing else is approved."""
    section = _locked_section_for_review(section, user, seen_version)
    section.review_status = Section.ReviewStatus.APPROVED
    section.review_comment = comment
    section.reviewed_by = user
    section.reviewed_at = timezone.now()
    section.save(update_fields=["review_status", "review_comment", "reviewed_by", "reviewed_at"])
    _review(section, ReviewDecision.APPROVED, user, comment)
    return section


@transaction.atomic
def section_return(*, section: Section, user: User, seen_version: int, comment: str) -> Section:
    """A manager sends a section back with a comment the officer sees on the section."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment saying what needs to change"})
    section = _locked_section_for_review(section, user, seen_version)
    section.review_status = Section.ReviewStatus.RETURNED
    section.review_comment = comment
    section.reviewed_by = user
    section.reviewed_at = timezone.now()
    section.save(update_fields=["review_status", "review_comment", "reviewed_by", "reviewed_at"])
    _review(section, ReviewDecision.RETURNED, user, comment)
    notifications.section_returned(section=section, by=user)
    return section


@transaction.atomic
def plan_return(*, plan: Plan, user: User, comment: str) -> Plan:
    """A manager sends the whole plan back to draft with a comment."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment saying what needs to change"})
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service), "Only managers of this service can send it back."
    )
    _move(plan, Plan.Status.DRAFT, user, comment)
    _clear_sign_offs(plan)
    notifications.plan_returned(plan=plan, by=user, comment=comment)
    return plan


def refusal(block: SignOff) -> str:
    """Why a user may not sign the block: who may."""
    who = block.who_may_sign
    if not (block.signer_role == SignerRole.PERSON and block.signer_id):
        who = who[0].lower() + who[1:]  # "a manager of the service", not a person's name
    return f"Only {who} can sign this plan off as {block.title}."


@transaction.atomic
def plan_sign_off(*, sign_off: SignOff, user: User, comment: str = "") -> SignOff:
    """Someone the block names (a role, or one person) signs it. When the last block is
    signed the plan is approved.

    Blocks are signed in order, only once every required section is approved, and never two
    by one person: each signature is a separate check on the plan (segregation of duties).
    """
    plan = _locked_plan(sign_off.plan)
    blocks = list(plan.sign_offs.select_for_update().order_by("position", "pk"))
    block = next(b for b in blocks if b.pk == sign_off.pk)
    _require(block.may_be_signed_by(user, plan.service), refusal(block))
    if plan.status != Plan.Status.IN_REVIEW:
        raise ValidationError("Only a plan in review can be signed off.")
    waiting = [
        str(s)
        for s in _reviewable_sections(plan).filter(required=True)
        if s.review_status != Section.ReviewStatus.APPROVED
    ]
    if waiting:
        raise ValidationError(
            "Every required section must be approved before the plan is signed off. Not approved yet: "
            + "; ".join(waiting)
        )
    if block.is_signed:
        raise ValidationError(f"{block.title} has already been signed by {block.signed_name}.")
    earlier = [b.title for b in blocks if b.position < block.position and not b.is_signed]
    if earlier:
        raise ValidationError(f"{earlier[0]} must sign before {block.title}.")
    already = next((b for b in blocks if b.signed_by_id == user.pk), None)
    if already:
        raise ValidationError(
            f"You have already signed this plan as {already.title}. Someone else must sign "
            f"as {block.title}: one person cannot sign two blocks of the same plan."
        )
    block.signed_by = user
    block.signed_name = user.get_full_name() or user.username
    block.signed_role = user.job_title
    block.signed_at = timezone.now()
    block.comment = comment
    block.full_clean()
    block.save()
    if all(b.is_signed or b.pk == block.pk for b in blocks):
        _move(plan, Plan.Status.APPROVED, user, f"Signed off: {block.title}")
        notifications.plan_approved(plan=plan, by=user)
    return block


def section_changed_after_approval(*, section: Section, user: User) -> None:
    """Editing an approved section withdraws its approval, tells the approver, and puts an
    approved plan back in review (its signatures no longer cover what it says).

    Called by section_save inside its transaction, with the section row locked.
    """
    approver = section.reviewed_by
    section.review_status = Section.ReviewStatus.SUBMITTED
    section.review_comment = ""
    section.save(update_fields=["review_status", "review_comment"])
    _review(section, ReviewDecision.WITHDRAWN, user, "Changed after approval")
    plan = _locked_plan(section.plan)
    if plan.status == Plan.Status.APPROVED:
        _move(plan, Plan.Status.IN_REVIEW, user, f"Approval withdrawn: {section} was changed")
        _clear_sign_offs(plan)
    notifications.approval_withdrawn(section=section, by=user, approver=approver)


@transaction.atomic
def plan_publish(*, plan: Plan, user: User, reason: str) -> PlanVersion:
    """Freeze an approved plan as the next numbered version, with its document and print
    HTML; its PDF is made from that after the commit (plans/snapshot.py)."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Enter the reason for this version, like 'Approved by committee'"}
        )
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service) or user.is_performance_lead,
        "Only a manager of this service or the performance lead can publish it.",
    )
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError("Only an approved plan can be published.")
    last = plan.versions.order_by("-number").first()
    reviewer = plan.sign_offs.filter(signed_at__isnull=False).order_by("-signed_at").first()
    _move(plan, Plan.Status.PUBLISHED, user, reason)
    version = PlanVersion(
        plan=plan,
        number=(last.number + 1) if last else 1,
        issued_at=timezone.now(),
        reason=reason,
        made_by=user,
        reviewer=reviewer.signed_by if reviewer else None,
    )
    version.save()  # first, so the document and PDF list this version in their version table
    # Frozen here, under the lock; the PDF is made from the print HTML after the commit.
    version.snapshot_html = version_snapshot(plan)
    version.print_html = version_print_html(plan)
    version.full_clean()
    version.save()
    make_pdf_after_commit(version)
    notifications.plan_published(plan=plan, version=version, by=user)
    return version


@transaction.atomic
def plan_reopen(*, plan: Plan, user: User, reason: str) -> Plan:
    """Start a revision of a published plan: a new draft; the published version stays frozen."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the plan is being revised"})
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service)
        or user.can_edit_service(plan.service)
        or user.is_performance_lead,
        "Only officers or managers of this service, or the performance lead, can revise it.",
    )
    _move(plan, Plan.Status.DRAFT, user, reason)
    _reviewable_sections(plan).update(
        review_status=Section.ReviewStatus.NOT_SUBMITTED, review_comment=""
    )
    stamps.touch_plan(plan.pk)  # an update sends no signals
    _clear_sign_offs(plan)
    return plan
