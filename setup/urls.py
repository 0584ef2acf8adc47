from django.urls import path

from setup.views import (
    audit,
    calendar,
    council,
    people,
    people_import,
    priorities,
    ratings,
    sign_in,
    signoffs,
    structure,
    tasks,
    templates,
    years,
)

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
    path("years/", years.year_list, name="year_list"),
    path("years/add/", years.YearCreateView.as_view(), name="year_add"),
    path(
        "years/<int:pk>/make-current/",
        years.year_make_current_view,
        name="year_make_current",
    ),
    path("years/<int:pk>/delete/", years.year_delete_view, name="year_delete"),
    path("priorities/", priorities.priority_list, name="priority_list"),
    path("priorities/add/", priorities.priority_edit, name="priority_add"),
    path("priorities/<int:pk>/", priorities.priority_edit, name="priority_change"),
    path(
        "priorities/<int:pk>/delete/",
        priorities.priority_delete_view,
        name="priority_delete",
    ),
    path("rating-defaults/", ratings.RatingDefaultsView.as_view(), name="rating_defaults"),
    path("returns-calendar/", calendar.ReturnsCalendarView.as_view(), name="returns_calendar"),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/add/", templates.TemplateCreateView.as_view(), name="template_add"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path(
        "templates/<int:pk>/change/", templates.TemplateUpdateView.as_view(), name="template_change"
    ),
    path(
        "templates/<int:pk>/sections/add/",
        templates.SectionCreateView.as_view(),
        name="section_add",
    ),
    path(
        "template-sections/<int:pk>/", templates.SectionUpdateView.as_view(), name="section_change"
    ),
    path("template-sections/<int:pk>/move/", templates.section_move, name="section_move"),
    path("template-sections/<int:pk>/remove/", templates.section_remove, name="section_remove"),
    path("sign-off-blocks/", signoffs.signoff_list, name="signoff_list"),
    path(
        "templates/<int:pk>/sign-off-blocks/add/",
        signoffs.SignOffCreateView.as_view(),
        name="signoff_add",
    ),
    path("sign-off-blocks/<int:pk>/", signoffs.SignOffUpdateView.as_view(), name="signoff_change"),
    path("sign-off-blocks/<int:pk>/move/", signoffs.signoff_move, name="signoff_move"),
    path("sign-off-blocks/<int:pk>/remove/", signoffs.signoff_remove, name="signoff_remove"),
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
    path("sign-in/", sign_in.sign_in_settings, name="sign_in"),
]
