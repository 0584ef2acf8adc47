"""Project-wide pages that belong to no app: health check, accessibility statement, errors."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

logger = logging.getLogger(__name__)


@require_GET
@never_cache
@login_not_required
def healthz(request):
    """Liveness and database check for load balancers: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@login_not_required
def accessibility(request):
    """The accessibility statement required by the Public Sector Bodies Accessibility Regulations."""
    return render(request, "accessibility.html")


def server_error(request):
    """The 500 page, rendered without the request: its context processors read the session and
    the user from the database, which may be what failed."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
