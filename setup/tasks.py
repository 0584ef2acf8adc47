"""Background work of the set-up pages, with django.tasks: the invitations of people
imported from a CSV file, sent by the worker so that a file of thousands of people is not
e-mailed inside the lead's request."""

from django.tasks import task

from council.models import User
from setup.services import invitation_send


@task
def invitations_send(user_ids: list[int], invited_by_id: int | None) -> int:
    """Invite each person who is still active and has not set a password (one who did,
    or was deactivated, since the import is left alone); how many were invited."""
    invited_by = User.objects.filter(pk=invited_by_id).first()
    people = User.objects.filter(pk__in=user_ids, is_active=True).select_related("council")
    sent = 0
    for user in people.order_by("pk"):
        if user.has_usable_password():
            continue
        invitation_send(user=user, invited_by=invited_by)
        sent += 1
    return sent
