"""The council's audit log for its performance lead: a filtered page, and its CSV export."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from council.access import lead_council
from council.error_summary import error_links, summary_context
from setup.audit import audit_rows, export_lines, page_entries
from setup.forms.audit import AuditFilterForm
from setup.views.pages import setup_crumbs

PER_PAGE = 50


def _filtered(request, council):
    form = AuditFilterForm(request.GET or None, council=council)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, audit_rows(council=council, **filters)


@require_safe
def audit_list(request):
    """Who changed what and when across the council, and who signed in; newest first."""
    council = lead_council(request.user)
    form, rows = _filtered(request, council)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "setup/audit_list.html",
        {
            "form": form,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "entries": page_entries(list(page.object_list), council),
            "export_query": request.GET.copy().urlencode() if not form.errors else "",
            **summary_context(error_links(form)),
            "breadcrumbs": setup_crumbs(("Audit log", "")),
        },
    )


@require_safe
def audit_export(request):
    """The filtered log as CSV, streamed so a long one neither waits nor fills memory."""
    council = lead_council(request.user)
    _, rows = _filtered(request, council)
    response = StreamingHttpResponse(
        export_lines(rows, council), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
