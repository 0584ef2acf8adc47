from django.urls import path

from plans.views import packs, pdf, plans, sections

app_name = "plans"

urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/sections/<int:section_pk>/edit/", sections.section_edit, name="section_edit"
    ),
    path("plans/<int:pk>/org-chart.png", plans.org_chart_image, name="org_chart_image"),
    path("plans/<int:pk>/pdf/", pdf.plan_pdf, name="plan_pdf"),
    path("packs/", packs.pack_create, name="pack_create"),
    path("packs/<int:pk>/", packs.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
]
