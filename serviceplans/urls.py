"""Top-level URLs. The public, stable ones are listed in DESIGN.md."""

from django.contrib import admin
from django.urls import include, path

from plans.views import indicator_grid
from serviceplans import dashboard, views
from signin.views import SignInView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    # Django's sign-in page with the councils' single sign-on buttons (signin).
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("signin.urls")),
    path("admin/", admin.site.urls),
    # The indicators grid (kpis:indicator_grid) headed in the words of the service's plan:
    # served by plans, which may read plans' layouts, before kpis's own route to the same page.
    path("kpis/services/<int:service_pk>/grid/", indicator_grid.indicator_grid),
    path("kpis/", include("kpis.urls")),
    path("risks/", include("risks.urls")),
    path("returns/", include("returns.urls")),
    path("packs/", include("packs.urls")),
    path("setup/", include("setup.urls")),
    path("", dashboard.dashboard, name="dashboard"),
    path("", include("plans.urls")),
]

handler403 = "serviceplans.views.permission_denied"
handler500 = "serviceplans.views.server_error"
