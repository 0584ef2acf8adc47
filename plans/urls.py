from django.urls import path

from plans.views import actions, plans, sections

app_name = "plans"

urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/edit/", sections.section_edit, name="section_edit"
    ),
    path("plans/<int:pk>/org-chart.png", plans.org_chart_image, name="org_chart_image"),
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
]
