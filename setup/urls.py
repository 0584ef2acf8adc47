from django.urls import path

from setup.views import council, people, signoffs, structure, tasks, templates

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
    path("people/<int:pk>/", people.person_change, name="person_change"),
    path("people/<int:pk>/invite/", people.person_invite_again, name="person_invite_again"),
    path("people/<int:pk>/deactivate/", people.person_deactivate_view, name="person_deactivate"),
]
