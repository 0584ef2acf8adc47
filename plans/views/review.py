"""Review, sign-off, publication and revision of a plan; its versions and history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from council.access import in_scope, require
from plans.changes import plan_changes
from plans.document import plan_document, plan_queryset
from plans.forms.review import CommentForm, SectionReviewForm
from plans.models import Plan, PlanVersion, Section, SignOff
from plans.outstanding import outstanding_for
from plans.services import review, roll_forward
from plans.views.access import PLANS
from plans.views.plans import plan_crumbs


def _form_errors_from(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _workflow_step(request, plan, *, title, intro, label, required, button, hint, run, done):
    """A page with one comment box that runs a workflow service on POST.

    run(comment) performs the step (raising ValidationError for the user to read);
    done is the success message. PermissionDenied from the service is a 403.
    """
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        label=label,
        required=required,
        button=button,
        hint=hint,
    )
    if request.method == "POST" and form.is_valid() and _run(form, run):
        messages.success(request, done)
        return redirect(plan)
    return render(
        request,
        "plans/workflow_form.html",
        {
            "plan": plan,
            "form": form,
            "title": title,
            "intro": intro,
            "breadcrumbs": plan_crumbs(plan, title),
        },
    )


def _run(form: CommentForm, run) -> bool:
    """Run the step with the comment typed: whether it ran (if not, the form says why)."""
    try:
        run(form.cleaned_data["comment"])
    except ValidationError as error:
        _form_errors_from(form, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    """An officer sends the plan for review."""
    plan = in_scope(request.user, PLANS, pk=pk)
    require(
        request.user.can_edit_service(plan.service),
        "Only officers of this service can submit its plan.",
    )
    return _workflow_step(
        request,
        plan,
        title="Submit the plan for review",
        intro="Every section not yet approved goes to the service's managers for review. "
        "You can still change sections while they are reviewed.",
        label="Message to the reviewers (optional)",
        required=False,
        button="Submit for review",
        hint="",
        run=lambda comment: review.plan_submit(plan=plan, user=request.user, comment=comment),
        done="The plan has been submitted for review.",
    )


@require_POST
def section_submit(request, pk, section_pk):
    """An officer sends one section for review."""
    plan = in_scope(request.user, PLANS, pk=pk)
    section = get_object_or_404(Section, plan=plan, pk=section_pk)
    try:
        review.section_submit(section=section, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Section {section} has been submitted for review.")
    return redirect(f"{plan.get_absolute_url()}#{section.anchor}")


@require_http_methods(["GET", "POST"])
def section_review(request, pk, section_pk):
    """A manager reads a section and approves it or sends it back."""
    plan = in_scope(request.user, plan_queryset(), pk=pk)
    require(
        request.user.can_approve_service(plan.service),
        "Only managers of this service can review it.",
    )
    section = get_object_or_404(Section, plan=plan, pk=section_pk)
    form = SectionReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"seen_version": section.version},
    )
    if request.method == "POST" and form.is_valid() and _decide(request, form, section):
        return redirect(_next_for_review(plan, section))
    item = next(s for s in plan_document(plan).sections if s.section.pk == section.pk)
    return render(
        request,
        "plans/section_review.html",
        {
            "plan": plan,
            "section": section,
            "item": item,
            "form": form,
            "reviews": section.reviews.select_related("by")[:20],
            "breadcrumbs": plan_crumbs(plan, f"Review {section}"),
        },
    )


def _decide(request, form: SectionReviewForm, section: Section) -> bool:
    """Approve the section or send it back, as the form says: whether it was done (if not,
    the form has the reason)."""
    approve = form.cleaned_data["decision"] == form.APPROVE
    decide = review.section_approve if approve else review.section_return
    try:
        decide(section=section, user=request.user, **form.reviewed())
    except ValidationError as error:
        _form_errors_from(form, error)
        return False
    done = "approved" if approve else "sent back"
    messages.success(request, f"Section {section} has been {done}.")
    return True


def _next_for_review(plan: Plan, section: Section) -> str:
    """Where a manager goes after a decision: straight to the next section waiting for
    them, else back to the section on the plan."""
    waiting = (
        Section.objects.filter(plan=plan, review_status=Section.ReviewStatus.SUBMITTED)
        .order_by("position", "pk")
        .first()
    )
    if waiting:
        return reverse("plans:section_review", args=[plan.pk, waiting.pk])
    return f"{plan.get_absolute_url()}#{section.anchor}"


@require_http_methods(["GET", "POST"])
def plan_return(request, pk):
    """A manager sends the whole plan back to draft."""
    plan = in_scope(request.user, PLANS, pk=pk)
    require(
        request.user.can_approve_service(plan.service),
        "Only managers of this service can send it back.",
    )
    return _workflow_step(
        request,
        plan,
        title="Send the plan back to draft",
        intro="The plan goes back to its officers as a draft, and any signatures are removed.",
        label="What needs to change",
        required=True,
        button="Send back",
        hint="The officers see this comment and receive it by e-mail.",
        run=lambda comment: review.plan_return(plan=plan, user=request.user, comment=comment),
        done="The plan has been sent back to draft.",
    )


@require_http_methods(["GET", "POST"])
def sign_off(request, pk, sign_off_pk):
    """Someone the block names (a role or a person) signs one signature block of the plan."""
    plan = in_scope(request.user, PLANS, pk=pk)
    block = get_object_or_404(SignOff.objects.select_related("signer"), plan=plan, pk=sign_off_pk)
    require(block.may_be_signed_by(request.user, plan.service), review.refusal(block))
    return _workflow_step(
        request,
        plan,
        title=f"Sign off as {block.title}",
        intro="Your name, role and today's date are recorded in the plan's sign-off table. "
        "When the last signature is added the plan is approved.",
        label="Comments (optional)",
        required=False,
        button="Sign off the plan",
        hint="For example, how the service is performing and the challenges ahead.",
        run=lambda comment: review.plan_sign_off(
            sign_off=block, user=request.user, comment=comment
        ),
        done=f"You have signed off the plan as {block.title}.",
    )


@require_http_methods(["GET", "POST"])
def plan_publish(request, pk):
    """Publish an approved plan as the next numbered version, freezing it and its PDF."""
    plan = in_scope(request.user, PLANS, pk=pk)
    user = request.user
    require(
        user.can_approve_service(plan.service) or user.is_performance_lead,
        "Only a manager of this service or the performance lead can publish it.",
    )
    return _workflow_step(
        request,
        plan,
        title="Publish the plan",
        intro="Publishing freezes the plan as the next version, with its PDF. Nobody can change "
        "a published version; a revision starts a new draft.",
        label="Reason for this version",
        required=True,
        button="Publish",
        hint="Shown in the version control table, for example 'Approved by Policy and Resources Committee'.",
        run=lambda reason: review.plan_publish(plan=plan, user=user, reason=reason),
        done="The plan has been published.",
    )


@require_http_methods(["GET", "POST"])
def plan_reopen(request, pk):
    """Start a revision of a published plan."""
    plan = in_scope(request.user, PLANS, pk=pk)
    user = request.user
    require(
        user.can_edit_service(plan.service)
        or user.can_approve_service(plan.service)
        or user.is_performance_lead,
        "Only officers or managers of this service can revise it.",
    )
    return _workflow_step(
        request,
        plan,
        title="Start a revision",
        intro="The plan becomes a draft again so it can be changed. Published versions, and "
        "their PDFs, stay exactly as they were.",
        label="Why the plan is being revised",
        required=True,
        button="Start a revision",
        hint="",
        run=lambda reason: review.plan_reopen(plan=plan, user=user, reason=reason),
        done="A revision has started: the plan is a draft again.",
    )


@require_safe
def plan_history(request, pk):
    """Versions, status moves, reviews, and what changed since the last published version."""
    plan = in_scope(
        request.user, Plan.objects.select_related("service__directorate__council"), pk=pk
    )
    versions = list(plan.versions.select_related("made_by", "reviewer"))
    since = versions[-1] if versions else None
    compare = _compare_from_query(request, versions)
    # With fewer than two versions there is no compare form to correct: the page just says so.
    error = compare.get("error", "") if compare and len(versions) > 1 else ""
    return render(
        request,
        "plans/plan_history.html",
        {
            "plan": plan,
            "versions": versions,
            "transitions": plan.transitions.select_related("by")[:100],
            "changes_since": plan_changes(plan, since=since.issued_at if since else None),
            "since_version": since,
            "compare": compare,
            # The compare form is a GET form: its error is shown as any form's is, in the
            # error summary (which links to the first version's select) and on the fieldset.
            "has_errors": bool(error),
            "error_links": [("compare-from", error)] if error else [],
            "breadcrumbs": plan_crumbs(plan, "History"),
        },
    )


def _compare_from_query(request, versions):
    """The change list between two versions picked with ?from=1&to=2, if asked for.

    The numbers asked for are kept (as `first` and `second`) so that the form can show
    them again when they cannot be compared.
    """
    numbers = {v.number: v for v in versions}
    try:
        first, second = int(request.GET["from"]), int(request.GET["to"])
    except (KeyError, ValueError):
        return None
    if first not in numbers or second not in numbers or first == second:
        return {
            "error": "Choose two different published versions to compare.",
            "first": first,
            "second": second,
        }
    first, second = sorted((first, second))
    older, newer = numbers[first], numbers[second]
    return {
        "first": first,
        "second": second,
        "older": older,
        "newer": newer,
        "changes": plan_changes(older.plan, since=older.issued_at, until=newer.issued_at),
    }


@require_safe
def version_detail(request, pk, number):
    """A published version as it was published."""
    plan = in_scope(
        request.user, Plan.objects.select_related("service__directorate__council"), pk=pk
    )
    version = get_object_or_404(
        PlanVersion.objects.select_related("made_by", "reviewer"), plan=plan, number=number
    )
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            # Rendered from sanitised content by our own templates when it was published.
            "snapshot": mark_safe(version.snapshot_html),  # noqa: S308
            "breadcrumbs": plan_crumbs(plan, f"Version {version.number}"),
        },
    )


@require_safe
def outstanding(request):
    """What waits for this person: reviews, sections sent back, plans not yet submitted."""
    return render(
        request,
        "plans/outstanding.html",
        {
            **outstanding_for(request.user),
            "breadcrumbs": [("Dashboard", reverse("dashboard")), ("Outstanding work", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def plan_roll_forward(request, pk):
    """Create next year's plan from this one."""
    plan = in_scope(request.user, PLANS, pk=pk)
    require(
        request.user.can_edit_service(plan.service),
        "Only officers of this service can roll its plan forward.",
    )
    if request.method == "POST":
        try:
            new_plan = roll_forward.plan_roll_forward(plan=plan, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan)
        messages.success(request, f"{new_plan.title} has been created from {plan.title}.")
        return redirect(new_plan)
    return render(
        request,
        "plans/plan_roll_forward.html",
        {
            "plan": plan,
            "next_period": plan.next_period_label,
            "breadcrumbs": plan_crumbs(plan, "Roll forward"),
        },
    )
