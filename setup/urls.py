from django.urls import path

from setup.views import audit, council, people, people_import, structure, tasks

app_name = "setup"

urlpatterns = [
    path("", tasks.task_list, name="task_list"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
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
    path("people/import/", people_import.people_import_upload, name="people_import"),
    path(
        "people/import/confirm/",
        people_import.people_import_confirm,
        name="people_import_confirm",
    ),
    path(
        "people/import/example.csv",
        people_import.people_import_example,
        name="people_import_example",
    ),
    path("people/<int:pk>/", people.person_change, name="person_change"),
    path("people/<int:pk>/invite/", people.person_invite_again, name="person_invite_again"),
    path("people/<int:pk>/deactivate/", people.person_deactivate_view, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people.person_reactivate_view, name="person_reactivate"),
]
