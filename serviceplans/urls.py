"""Top-level URLs. The public, stable ones are listed in DESIGN.md."""

from django.contrib import admin
from django.urls import include, path

from plans.views import plans as plans_views
from serviceplans import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("kpis/", include("kpis.urls")),
    path("risks/", include("risks.urls")),
    path("", plans_views.dashboard, name="dashboard"),
    path("", include("plans.urls")),
]

handler500 = "serviceplans.views.server_error"
