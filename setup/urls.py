from django.urls import path

from setup import views

app_name = "setup"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("council/", views.CouncilProfileView.as_view(), name="council_profile"),
    path("directorates/", views.directorate_list, name="directorate_list"),
    path("directorates/add/", views.DirectorateCreateView.as_view(), name="directorate_add"),
    path(
        "directorates/<int:pk>/", views.DirectorateUpdateView.as_view(), name="directorate_change"
    ),
    path("services/add/", views.ServiceCreateView.as_view(), name="service_add"),
    path("services/<int:pk>/", views.ServiceUpdateView.as_view(), name="service_change"),
    path("people/", views.person_list, name="person_list"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_change, name="person_change"),
    path("people/<int:pk>/invite/", views.person_invite_again, name="person_invite_again"),
    path("people/<int:pk>/deactivate/", views.person_deactivate_view, name="person_deactivate"),
]
