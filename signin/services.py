"""What a council's single sign-on does once the provider has vouched for someone: find
their account in the council (or make one that waits for a role), keep their mapped roles
in step with the claim, and tell the performance lead who is waiting."""

import logging
import secrets

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from council.models import Role, User
from signin.models import RoleMapping, SingleSignOn, SyncedRole

logger = logging.getLogger(__name__)

NO_EMAIL = (
    "Your council's identity provider did not send your e-mail address, so we cannot find "
    "your account. Ask your IT team to include the 'email' claim."
)
UNVERIFIED_EMAIL = (
    "Your council's identity provider says your e-mail address is not verified, so we cannot "
    "use it to find your account."
)
OTHER_COUNCIL = (
    "Your e-mail address belongs to an account of another council. You cannot sign in to it "
    "with this council's single sign-on. Ask your performance lead for help."
)
TWO_ACCOUNTS = (
    "More than one account in your council has your e-mail address. Ask your performance lead "
    "to remove the one you do not use."
)
CLOSED = "Your account has been deactivated. Ask your performance lead if you need it again."


class SignInRefused(Exception):
    """Single sign-on found no account this person may use; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def claim_values(claims: dict, name: str) -> set[str]:
    """The values of the roles claim: a list (Entra app roles, groups) or one string."""
    value = claims.get(name)
    if isinstance(value, str):
        return {part for part in value.replace(",", " ").split() if part}
    if isinstance(value, list | tuple):
        return {str(part) for part in value}
    return set()


def roles_sync(*, user: User, sso: SingleSignOn, values: set[str]) -> None:
    """Give the roles the claim's values map to, and take away the roles single sign-on gave
    before that the claim (or the mapping, since changed) no longer gives. A role the lead
    gave by hand is the lead's to change and is left alone."""
    wanted = {
        (m.role, m.directorate_id, m.service_id) for m in sso.mappings.all() if m.value in values
    }
    held = {}
    for role in user.roles.select_related("sso_grant"):
        key = (role.name, role.directorate_id, role.service_id)
        held[key] = role
        if key not in wanted and hasattr(role, "sso_grant"):
            role.delete()
    for name, directorate_id, service_id in wanted - held.keys():
        role = Role(user=user, name=name, directorate_id=directorate_id, service_id=service_id)
        role.full_clean()
        role.save()
        SyncedRole.objects.create(role=role, sso=sso)
    user.__dict__.pop("role_assignments", None)


def free_username(email: str) -> str:
    """The e-mail address, as for invited people; with a suffix if another council's person
    already signs in with it as a username."""
    if not User.objects.filter(username=email).exists():
        return email
    return f"{email}-{secrets.token_hex(3)}"


def lead_tell(*, user: User) -> None:
    """E-mail the council's performance leads that someone waits for a role, after commit."""
    leads = list(
        User.objects.filter(
            council_id=user.council_id, is_active=True, roles__name=Role.Name.PERFORMANCE_LEAD
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not leads:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("setup:person_change", args=[user.pk])
    body = render_to_string("signin/email/waiting.txt", {"user": user, "link": link})
    subject = f"{user.get_full_name() or user.email} is waiting for a role in service plans"

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, leads)
        except Exception:  # the person waits either way; the sign-in page lists them too
            logger.exception("Could not tell the performance lead about %s", user.email)

    transaction.on_commit(deliver)


@transaction.atomic
def sso_sign_in(
    *, sso: SingleSignOn, uid: str, claims: dict, linked_user: User | None
) -> tuple[User, bool]:
    """The account this person signs in to, and whether it was made now. Someone signed in
    before is found by the provider's subject (`uid`); someone new by their e-mail address
    among the council's people only. Raises SignInRefused with what to do."""
    created = False
    if linked_user is not None:
        user = linked_user
    else:
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            raise SignInRefused(NO_EMAIL)
        if claims.get("email_verified") is False:
            raise SignInRefused(UNVERIFIED_EMAIL)
        same = list(User.objects.filter(email__iexact=email).select_for_update())
        ours = [person for person in same if person.council_id == sso.council_id]
        if len(ours) > 1:
            raise SignInRefused(TWO_ACCOUNTS)
        if not ours and same:
            raise SignInRefused(OTHER_COUNCIL)
        if ours:
            user = ours[0]
        else:
            user = User(
                username=free_username(email),
                email=email,
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
                council=sso.council,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            created = True
        SocialAccount.objects.create(user=user, provider=sso.provider_id, uid=uid, extra_data={})
    if user.council_id != sso.council_id:
        raise SignInRefused(OTHER_COUNCIL)
    if not user.is_active:
        raise SignInRefused(CLOSED)
    roles_sync(user=user, sso=sso, values=claim_values(claims, sso.roles_claim))
    if linked_user is None and not user.role_assignments:
        lead_tell(user=user)  # once, when the account is first linked
    return user, created


@transaction.atomic
def sso_save(*, sso: SingleSignOn, secret: str, mappings: list[RoleMapping]) -> SingleSignOn:
    """Save a council's single sign-on with its role mapping (which replaces the one before);
    a new client secret is stored encrypted, a blank one keeps the secret stored before."""
    if secret:
        sso.set_secret(secret)
    sso.full_clean()
    sso.save()
    sso.mappings.all().delete()
    for mapping in mappings:
        mapping.sso = sso
        mapping.full_clean()
        mapping.save()
    return sso
