"""E-mails about a plan's review: sent after the change is committed, never blocking it."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from council.models import Role, User

logger = logging.getLogger(__name__)


def _send(*, subject: str, template: str, recipients, context: dict) -> None:
    addresses = sorted({u.email for u in recipients if u.email})
    if not addresses:
        return
    body = render_to_string(
        f"plans/email/{template}.txt", {**context, "site_url": settings.SITE_URL}
    )

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        except Exception:  # a mail server problem must not undo or block the review
            logger.exception("Could not send '%s' to %s", subject, addresses)

    transaction.on_commit(deliver)


def _managers(service):
    return User.objects.with_service_role(service, Role.Name.MANAGER)


def _officers(service):
    return User.objects.with_service_role(service, Role.Name.OFFICER)


def plan_submitted(*, plan, by, at) -> None:
    _send(
        subject=f"For review: {plan}",
        template="plan_submitted",
        recipients=_managers(plan.service),
        context={"plan": plan, "by": by},
    )


def section_submitted(*, section, by) -> None:
    _send(
        subject=f"For review: {section} in {section.plan}",
        template="section_submitted",
        recipients=_managers(section.plan.service),
        context={"plan": section.plan, "section": section, "by": by},
    )


def section_returned(*, section, by) -> None:
    _send(
        subject=f"Sent back: {section} in {section.plan}",
        template="section_returned",
        recipients=_officers(section.plan.service),
        context={"plan": section.plan, "section": section, "by": by},
    )


def plan_returned(*, plan, by, comment) -> None:
    _send(
        subject=f"Sent back: {plan}",
        template="plan_returned",
        recipients=_officers(plan.service),
        context={"plan": plan, "by": by, "comment": comment},
    )


def plan_approved(*, plan, by) -> None:
    _send(
        subject=f"Approved: {plan}",
        template="plan_approved",
        recipients=_officers(plan.service),
        context={"plan": plan, "by": by},
    )


def approval_withdrawn(*, section, by, approver) -> None:
    recipients = [approver] if approver else list(_managers(section.plan.service))
    _send(
        subject=f"Approval withdrawn: {section} in {section.plan} was changed",
        template="approval_withdrawn",
        recipients=recipients,
        context={"plan": section.plan, "section": section, "by": by},
    )


def plan_published(*, plan, version, by) -> None:
    recipients = set(_officers(plan.service)) | set(_managers(plan.service))
    _send(
        subject=f"Published: {plan}, version {version.number}",
        template="plan_published",
        recipients=recipients,
        context={"plan": plan, "version": version, "by": by},
    )
