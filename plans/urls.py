from django.urls import path

from plans.views import (
    action_grid,
    actions,
    columns,
    exchange,
    pdf,
    plans,
    review,
    sections,
    word_batch,
    word_import,
)

app_name = "plans"

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create_view, name="plan_create"),
    path("plans/outstanding/", review.outstanding, name="outstanding"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/edit/", sections.section_edit, name="section_edit"
    ),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/columns/",
        columns.section_columns,
        name="section_columns",
    ),
    path("plans/template/<int:pk>/columns/", columns.template_columns, name="template_columns"),
    path("plans/<int:pk>/details/", plans.PlanDetailsView.as_view(), name="plan_details"),
    path("plans/<int:pk>/org-chart.png", plans.org_chart_image, name="org_chart_image"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/picture.png",
        plans.section_figure_image,
        name="section_figure_image",
    ),
    # Review, sign-off and versions
    path("plans/<int:pk>/submit/", review.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/send-back/", review.plan_return, name="plan_return"),
    path("plans/<int:pk>/publish/", review.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/revise/", review.plan_reopen, name="plan_reopen"),
    path("plans/<int:pk>/roll-forward/", review.plan_roll_forward, name="plan_roll_forward"),
    path("plans/<int:pk>/history/", review.plan_history, name="plan_history"),
    path("plans/<int:pk>/versions/<int:number>/", review.version_detail, name="version_detail"),
    path("plans/<int:pk>/versions/<int:number>/pdf/", pdf.version_pdf, name="version_pdf"),
    path("plans/<int:pk>/sign-off/<int:sign_off_pk>/", review.sign_off, name="sign_off"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/submit/",
        review.section_submit,
        name="section_submit",
    ),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/review/",
        review.section_review,
        name="section_review",
    ),
    # Actions and projects (issue 6)
    path("plans/<int:pk>/objectives/new/", actions.objective_create, name="objective_create"),
    path(
        "plans/<int:pk>/objectives/<int:objective_pk>/edit/",
        actions.objective_edit,
        name="objective_edit",
    ),
    path(
        "plans/<int:pk>/objectives/<int:objective_pk>/actions/new/",
        actions.action_create,
        name="action_create",
    ),
    path("plans/<int:pk>/actions/grid/", action_grid.action_grid, name="action_grid"),
    path("plans/<int:pk>/actions/<int:action_pk>/edit/", actions.action_edit, name="action_edit"),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/progress/",
        actions.action_progress,
        name="action_progress",
    ),
    path(
        "plans/<int:pk>/actions/carry-forward/",
        actions.carry_forward,
        name="actions_carry_forward",
    ),
    path("plans/<int:pk>/projects/new/", actions.project_create, name="project_create"),
    path(
        "plans/<int:pk>/projects/<int:project_pk>/edit/",
        actions.project_edit,
        name="project_edit",
    ),
    path(
        "plans/<int:pk>/objectives/<int:record_pk>/remove/",
        actions.record_delete,
        {"kind": "objective"},
        name="objective_delete",
    ),
    path(
        "plans/<int:pk>/actions/<int:record_pk>/remove/",
        actions.record_delete,
        {"kind": "action"},
        name="action_delete",
    ),
    path(
        "plans/<int:pk>/projects/<int:record_pk>/remove/",
        actions.record_delete,
        {"kind": "project"},
        name="project_delete",
    ),
    path("delivery/", actions.delivery, name="delivery"),
    path("delivery/golden-thread/", actions.golden_thread_view, name="golden_thread"),
    path("plans/<int:pk>/pdf/", pdf.plan_pdf, name="plan_pdf"),
]

# Export and import of a whole plan as JSON (plans.exchange)
urlpatterns += [
    path("plans/<int:pk>/export.json", exchange.plan_export_view, name="plan_export"),
    path("plans/import/", exchange.plan_import_view, name="plan_import"),
    path("plans/import/confirm/", exchange.plan_import_confirm, name="plan_import_confirm"),
    path("plans/import/word/", word_import.word_import, name="word_import"),
    path("plans/import/word/preview/", word_import.word_import_preview, name="word_import_preview"),
    path("plans/import/word/batch/", word_batch.word_batch, name="word_batch"),
    path(
        "plans/import/word/<slug:token>/preview/",
        word_import.word_import_preview,
        name="word_batch_preview",
    ),
    path(
        "plans/import/word/<slug:token>/remove/",
        word_batch.word_batch_drop,
        name="word_batch_drop",
    ),
]
