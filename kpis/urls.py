from django.urls import path

from kpis import views

app_name = "kpis"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("services/<int:service_pk>/", views.indicator_list, name="indicator_list"),
    path(
        "services/<int:service_pk>/new/",
        views.IndicatorCreateView.as_view(),
        name="indicator_create",
    ),
    # Served first by plans.views.indicator_grid (serviceplans/urls.py), which heads it in the
    # words of the service's plan; this route gives the page its name.
    path("services/<int:service_pk>/grid/", views.indicator_grid, name="indicator_grid"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("<int:pk>/rating-rule/", views.RatingRuleUpdateView.as_view(), name="rating_rule_edit"),
    path("<int:pk>/targets/", views.targets_edit, name="targets_edit"),
    path("<int:pk>/results/<int:year>/<int:period>/", views.result_edit, name="result_edit"),
    path("template.xlsx", views.template_download, name="template_download"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("upload/", views.import_upload, name="import_upload"),
    path("upload/<int:pk>/", views.import_preview, name="import_preview"),
]
