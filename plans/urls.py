from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/sections/<int:section_pk>/edit/", views.section_edit, name="section_edit"),
    path("plans/<int:pk>/org-chart.png", views.org_chart_image, name="org_chart_image"),
]
