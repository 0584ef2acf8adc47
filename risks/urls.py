from django.urls import path

from risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("matrix/", views.matrix_detail, name="matrix_detail"),
    path("matrix/edit/", views.matrix_edit, name="matrix_edit"),
    path("appetite-scale/edit/", views.appetite_scale_edit, name="appetite_scale_edit"),
    path("services/<int:service_pk>/", views.register, name="register"),
    path("services/<int:service_pk>/new/", views.RiskCreateView.as_view(), name="risk_create"),
    path("services/<int:service_pk>/appetite/", views.appetite_edit, name="appetite_edit"),
    path("<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<int:pk>/edit/", views.RiskUpdateView.as_view(), name="risk_update"),
    path("<int:pk>/reassess/", views.risk_reassess_view, name="risk_reassess"),
]
