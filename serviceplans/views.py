"""Project-wide pages that belong to no app: health check, accessibility statement, errors."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from council.access import Closed
from council.models import Role, User
from council.storage_errors import is_disk_full, is_store_unreachable
from plans.worker import worker_running

logger = logging.getLogger(__name__)

# What a page tells browsers and proxies when the database cannot be reached for a moment.
RETRY_AFTER_SECONDS = 30


@require_GET
@never_cache
@login_not_required
def healthz(request):
    """Liveness and database check for load balancers: 200 when the database answers, else 503.
    It also says whether a background worker was heard from lately ("worker": "ok" or
    "late"); a late worker does not fail the web check, whose job is the web process."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    worker = "ok" if worker_running() else "late"
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


@require_safe
@login_not_required
def accessibility(request):
    """The accessibility statement required by the Public Sector Bodies Accessibility Regulations."""
    return render(request, "accessibility.html")


def server_error(request):
    """The 500 page; or 503 with Retry-After when the database could not be reached (restarted,
    failing over), the disk is full (an upload's temporary file, say) or the S3-compatible
    file store does not answer, wherever that happened, middleware included. Rendered
    without the request: its context processors read the session and the user from the
    database."""
    error = sys.exception()
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    if unavailable or is_disk_full(error) or is_store_unreachable(error):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def permission_denied(request, exception):
    """The 403 page, worded for who reads it: what was refused and who may do it (the
    refusal's message, council.access), then whom to ask. The performance lead is sent to
    Set up, where roles are given; anyone else is told their council's performance leads by
    name. A refusal that no role would lift (a published plan) gives no advice about roles."""
    user = request.user
    closed = isinstance(exception, Closed)
    council_id = getattr(user, "council_id", None)
    leads = []
    if not closed and council_id is not None and not user.is_performance_lead:
        leads = User.objects.filter(
            council_id=council_id, is_active=True, roles__name=Role.Name.PERFORMANCE_LEAD
        ).distinct()
    context = {"exception": str(exception), "closed": closed, "leads": list(leads)}
    return render(request, "403.html", context, status=403)
