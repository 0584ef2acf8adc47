"""Who may see and do what: the one place every app's views decide 404 and 403.

A thing outside the user's scope (another council's, a service they may not read) is a
404, whatever they asked to do with it, so that nobody learns it exists. A thing in scope
that the user's role may not change is a 403 whose message says who may; the 403 page
(serviceplans.views.permission_denied) adds whom to ask. A thing that nobody may change
as it is now (a published plan) is refused with `Closed`, so that page gives no advice
about roles: no role would help.

Every model with a `visible_to(user)` queryset method is scoped here the same way.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.models import Council, Service


class Closed(PermissionDenied):
    """Refused because of what the thing is now (published, locked), not who asks."""


def in_scope(user, queryset, **lookup):
    """The one object of `queryset` that the user may read and that matches `lookup`;
    404 when there is none, never a hint that it exists."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def require(allowed: bool, message: str) -> None:
    """403 with `message` (who may do this) unless the user is `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def require_open(is_open: bool, message: str) -> None:
    """403 with `message` when the thing is closed to changes for everyone."""
    if not is_open:
        raise Closed(message)


def service_in_scope(user, pk) -> Service:
    """The service, with its directorate and council, if the user may read it; 404 otherwise."""
    return in_scope(user, Service.objects.select_related("directorate__council"), pk=pk)


def council_of(user) -> Council:
    """The user's council: 404 for an account that belongs to none (there is nothing to show)."""
    if user.council_id is None:
        raise Http404("You do not belong to a council.")
    return user.council


ONLY_THE_LEAD = "Only the performance lead can set up the council."


def lead_council(user) -> Council:
    """The council that this user sets up as its performance lead; 403 for anyone else."""
    council = council_of(user)
    require(user.is_performance_lead, ONLY_THE_LEAD)
    return council
