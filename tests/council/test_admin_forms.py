"""Set up forms check the council's unique constraints: a duplicate is a form error, not a 500.

The admin forms leave the council out (it is the operator's own), so without council.admin's
council_form Django skipped every unique check involving it and the database refused the
row (IntegrityError).
"""

import pytest

from plans.models import SectionKind, TemplateSection, TemplateSignOff


def template_section(template, **fields):
    data = {
        "template": str(template.pk),
        "position": "9",
        "number": "9",
        "level": "1",
        "title": "Something new",
        "kind": SectionKind.NARRATIVE,
        "required": "on",
        "guidance": "",
    }
    return data | fields


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": SectionKind.SIGN_OFF}, "The template already has a section of this kind."),
        (
            {"title": "Service overview"},
            "The template already has a section with this title.",
        ),
    ],
)
def test_adding_a_duplicate_template_section_is_a_form_error(
    client_for, world, fields, message, council_operator
):
    TemplateSection.objects.create(
        template=world.council.templates.get(), title="Sign-off", kind="sign_off"
    )
    before = TemplateSection.objects.count()

    response = client_for(council_operator).post(
        "/admin/plans/templatesection/add/",
        template_section(world.council.templates.get(), **fields),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert TemplateSection.objects.count() == before


def test_changing_a_template_section_into_a_duplicate_kind_is_a_form_error(
    client_for, world, council_operator
):
    workforce = TemplateSection.objects.get(
        template__council=world.council, kind=SectionKind.WORKFORCE
    )
    TemplateSection.objects.create(
        template=world.council.templates.get(), title="Versions", kind="versions"
    )

    response = client_for(council_operator).post(
        f"/admin/plans/templatesection/{workforce.pk}/change/",
        template_section(workforce.template, title=workforce.title, kind=SectionKind.VERSIONS),
    )

    assert response.status_code == 200
    assert "The template already has a section of this kind." in response.content.decode()
    workforce.refresh_from_db()
    assert workforce.kind == SectionKind.WORKFORCE


def test_a_title_and_kind_another_council_uses_are_allowed(client_for, world, council_operator):
    """Both councils' templates had a 'Carbon' section: only the operator's own council counts."""
    TemplateSection.objects.filter(
        template__council=world.council, kind=SectionKind.CARBON
    ).delete()

    response = client_for(council_operator).post(
        "/admin/plans/templatesection/add/",
        template_section(world.council.templates.get(), title="Carbon", kind=SectionKind.CARBON),
    )

    assert response.status_code == 302
    assert TemplateSection.objects.filter(
        template__council=world.council, title="Carbon", kind=SectionKind.CARBON
    ).exists()


def test_adding_a_sign_off_block_with_a_title_that_exists_is_a_form_error(
    client_for, world, council_operator
):
    TemplateSignOff.objects.create(
        template=world.council.templates.get(), position=1, title="Head of Service"
    )

    response = client_for(council_operator).post(
        "/admin/plans/templatesignoff/add/",
        {"template": world.council.templates.get().pk, "position": "2", "title": "Head of Service"},
    )

    assert response.status_code == 200
    assert "The template already has a sign-off with this title." in response.content.decode()
    assert TemplateSignOff.objects.filter(template__council=world.council).count() == 1


def test_a_site_wide_superuser_chooses_the_template_and_gets_the_same_checks(
    client_for, world, django_user_model
):
    operator = django_user_model.objects.create_superuser("operator", "op@example.org", "x")
    client = client_for(operator)
    template = world.council.templates.get()
    council = {"template": template.pk}

    response = client.post(
        "/admin/plans/templatesection/add/", template_section(template, title="Service overview")
    )
    assert response.status_code == 200
    assert "The template already has a section with this title." in response.content.decode()

    response = client.post("/admin/plans/templatesection/add/", template_section(template))
    assert response.status_code == 302
    assert TemplateSection.objects.get(title="Something new").template.council == world.council
    response = client.post(
        "/admin/plans/templatesignoff/add/",
        {"position": "3", "title": "Chief executive", "signer_role": "manager"} | council,
    )
    assert response.status_code == 302
    assert TemplateSignOff.objects.get(title="Chief executive").template.council == world.council
