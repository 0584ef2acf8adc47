from django.urls import path

from plans.views import plans, sections

app_name = "plans"

urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/edit/", sections.section_edit, name="section_edit"
    ),
    path("plans/<int:pk>/org-chart.png", plans.org_chart_image, name="org_chart_image"),
]
