"""What a published version freezes: the plan document as HTML, and its PDF."""

import base64

from django.template.loader import render_to_string

from plans.document import plan_document, plan_queryset


def _org_chart_data_uri(plan) -> str:
    """The chart inlined, so the frozen version never follows a later upload."""
    try:
        chart = plan.org_chart
    except plan.__class__.org_chart.RelatedObjectDoesNotExist:
        return ""
    png = chart.read_image()
    return "data:image/png;base64," + base64.b64encode(png).decode() if png else ""


def version_snapshot(plan, version) -> str:
    """The whole plan document as it stands, rendered once and kept as published."""
    plan = plan_queryset().get(pk=plan.pk)
    return render_to_string(
        "plans/includes/document_body.html",
        {
            "plan": plan,
            "document": plan_document(plan),
            "can_edit": False,
            "frozen": True,
            "org_chart_src": _org_chart_data_uri(plan),
        },
    )


def version_pdf(plan, version) -> bytes | None:
    """The archival PDF of the version, made by the PDF module."""
    from plans.pdf import plan_pdf_bytes

    return plan_pdf_bytes(plan_queryset().get(pk=plan.pk), archival=True)
