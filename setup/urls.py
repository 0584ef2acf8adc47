from django.urls import path

from setup.views import council, people, sign_in, structure, tasks

app_name = "setup"

urlpatterns = [
    path("", tasks.task_list, name="task_list"),
    path("council/", council.CouncilProfileView.as_view(), name="council_profile"),
    path("directorates/", structure.directorate_list, name="directorate_list"),
    path("directorates/add/", structure.DirectorateCreateView.as_view(), name="directorate_add"),
    path(
        "directorates/<int:pk>/",
        structure.DirectorateUpdateView.as_view(),
        name="directorate_change",
    ),
    path("services/add/", structure.ServiceCreateView.as_view(), name="service_add"),
    path("services/<int:pk>/", structure.ServiceUpdateView.as_view(), name="service_change"),
    path("people/", people.person_list, name="person_list"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:pk>/", people.person_change, name="person_change"),
    path("people/<int:pk>/invite/", people.person_invite_again, name="person_invite_again"),
    path("people/<int:pk>/deactivate/", people.person_deactivate_view, name="person_deactivate"),
    path("sign-in/", sign_in.sign_in_settings, name="sign_in"),
]
