from django.urls import path

from plans.views import exchange, plans, review, sections

app_name = "plans"

urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create_view, name="plan_create"),
    path("plans/outstanding/", review.outstanding, name="outstanding"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/edit/", sections.section_edit, name="section_edit"
    ),
    path("plans/<int:pk>/org-chart.png", plans.org_chart_image, name="org_chart_image"),
    # Review, sign-off and versions
    path("plans/<int:pk>/submit/", review.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/send-back/", review.plan_return, name="plan_return"),
    path("plans/<int:pk>/publish/", review.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/revise/", review.plan_reopen, name="plan_reopen"),
    path("plans/<int:pk>/roll-forward/", review.plan_roll_forward, name="plan_roll_forward"),
    path("plans/<int:pk>/history/", review.plan_history, name="plan_history"),
    path("plans/<int:pk>/versions/<int:number>/", review.version_detail, name="version_detail"),
    path("plans/<int:pk>/versions/<int:number>/pdf/", review.version_pdf, name="version_pdf"),
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
]

# Export and import of a whole plan as JSON (plans.exchange)
urlpatterns += [
    path("plans/<int:pk>/export.json", exchange.plan_export_view, name="plan_export"),
    path("plans/import/", exchange.plan_import_view, name="plan_import"),
    path("plans/import/confirm/", exchange.plan_import_confirm, name="plan_import_confirm"),
]
