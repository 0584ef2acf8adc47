"""Set-up workflows that write several records: inviting a person with their roles, and
creating a council with its first performance lead (manage.py create_council)."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from council.models import Council, Role, User

logger = logging.getLogger(__name__)


def invitation_link(user: User) -> str:
    """A one-time link to set a password: Django's password reset token, which stops working
    once the password is set or the person signs in (it hashes both), or after
    PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def invitation_send(*, user: User, invited_by: User | None = None) -> str:
    """E-mail the person their invitation once the records are committed; the link is
    returned too, for an operator without e-mail."""
    link = invitation_link(user)
    body = render_to_string(
        "setup/email/invitation.txt",
        {"user": user, "council": user.council, "link": link, "invited_by": invited_by},
    )
    subject = f"You have been invited to {user.council} service plans"

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # the person exists; the lead can send the invitation again
            logger.exception("Could not send the invitation to %s", user.email)

    transaction.on_commit(deliver)
    return link


@transaction.atomic
def person_invite(*, user: User, council: Council, invited_by: User | None = None) -> User:
    """Save a new person of the council (an unsaved User with name and e-mail) with no
    password of their own yet, and send them their invitation. They sign in with their
    e-mail address. The caller adds their roles in the same transaction."""
    user.council = council
    user.email = user.email.strip().lower()
    user.username = user.email
    user.set_unusable_password()
    user.full_clean()
    user.save()
    invitation_send(user=user, invited_by=invited_by)
    return user


@transaction.atomic
def council_create(*, name: str, lead_email: str) -> tuple[Council, User, str]:
    """A new council with its first performance lead, invited by e-mail: how a council
    starts from nothing. Returns the council, the lead and their invitation link."""
    name = name.strip()
    if Council.objects.filter(name__iexact=name).exists():
        raise ValidationError(f"There is already a council called {name}.")
    email = lead_email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username=email).exists()
    ):
        raise ValidationError(f"Someone already has an account with the e-mail address {email}.")
    council = Council(name=name)
    council.full_clean()
    council.save()
    lead = person_invite(user=User(email=email), council=council)
    Role.objects.create(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    return council, lead, invitation_link(lead)


@transaction.atomic
def person_deactivate(*, user: User, by: User) -> None:
    """A leaver can no longer sign in; their roles, sign-offs and history stay as they
    were, so what they signed and wrote is still theirs."""
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def person_reactivate(*, user: User, by: User) -> bool:
    """Someone who came back signs in again: with their old password if they had set one,
    else through a new invitation (their old link may have run out). Their roles are as
    they were. Returns whether an invitation was sent."""
    if user.is_active:
        raise ValidationError(f"{user} is active already.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    if user.has_usable_password():
        return False
    invitation_send(user=user, invited_by=by)
    return True
