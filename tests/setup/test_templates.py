"""The plan template pages of /setup/: the templates, their sections and their order, for the
performance lead of the council only."""

import pytest
from django.urls import reverse

from council.models import Role
from plans.models import SectionKind, Template, TemplateSection, TemplateSignOff
from setup.checklist import COMPLETED, INCOMPLETE, NOT_STARTED, templates_status
from tests import factories


@pytest.fixture
def template(world):
    return world.council.templates.get()


def sections_of(template) -> list[str]:
    return list(template.sections.order_by("position", "pk").values_list("title", flat=True))


def pages(template) -> list[str]:
    section = template.sections.first()
    return [
        reverse("setup:template_list"),
        reverse("setup:template_add"),
        reverse("setup:template_detail", args=[template.pk]),
        reverse("setup:template_change", args=[template.pk]),
        reverse("setup:section_add", args=[template.pk]),
        reverse("setup:section_change", args=[section.pk]),
        reverse("setup:section_remove", args=[section.pk]),
    ]


def foreign_lead(world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    return lead


# --- who may use them -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, template):
    for url in pages(template):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_the_lead_sees_every_page(client_for, world, template):
    client = client_for(world.lead)
    for url in pages(template):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, template, role):
    client = client_for(getattr(world, role))
    section = template.sections.first()
    for url in pages(template):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only the performance lead can set up the council." in response.text
    move = reverse("setup:section_move", args=[section.pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    remove = reverse("setup:section_remove", args=[section.pk])
    assert client.post(remove).status_code == 403
    assert TemplateSection.objects.filter(pk=section.pk).exists()


def test_another_councils_lead_gets_404_and_changes_nothing(client_for, world, template):
    client = client_for(foreign_lead(world))
    section = template.sections.first()
    for url in pages(template)[2:]:
        assert client.get(url).status_code == 404, url
    for url in pages(template)[3:]:  # every form of this council's template, posted
        assert client.post(url, {"name": "Taken", "title": "Taken"}).status_code == 404, url
    move = reverse("setup:section_move", args=[section.pk])
    assert client.post(move, {"direction": "down"}).status_code == 404
    assert TemplateSection.objects.filter(pk=section.pk, title=section.title).exists()
    assert "Service plan" in client.get(reverse("setup:template_list")).text  # their own
    assert not Template.objects.filter(name="Taken").exists()


# --- templates ------------------------------------------------------------------------------


def test_list_and_detail_show_the_templates_and_sections(client_for, world, template):
    client = client_for(world.lead)
    page = client.get(reverse("setup:template_list")).text
    assert "Service plan" in page and "Every directorate" in page
    detail = client.get(reverse("setup:template_detail", args=[template.pk])).text
    assert "Service overview" in detail and "Budget and growth bids" in detail  # kind labels
    budget = template.sections.get(kind=SectionKind.BUDGET)
    narrative = template.sections.get(kind=SectionKind.NARRATIVE)
    # The columns page (plans/views/columns.py) is linked for sections with tables only.
    assert reverse("plans:template_columns", args=[budget.pk]) in detail
    assert reverse("plans:template_columns", args=[narrative.pk]) not in detail


def test_add_an_empty_template_for_a_directorate_from_a_year(client_for, world):
    response = client_for(world.lead).post(
        reverse("setup:template_add"),
        {
            "name": "Resources plan",
            "directorates": [world.other_directorate.pk],
            "from_year": "2027",
        },
    )
    made = Template.objects.get(council=world.council, name="Resources plan")
    assert response["Location"] == reverse("setup:template_detail", args=[made.pk])
    assert list(made.directorates.all()) == [world.other_directorate]
    assert made.from_year == 2027 and not made.sections.exists()


def test_add_a_template_as_a_copy_with_its_sections_and_blocks(client_for, world, template):
    TemplateSignOff.objects.create(template=template, position=1, title="Group Head")
    client_for(world.lead).post(
        reverse("setup:template_add"),
        {"copy_from": template.pk, "name": "Service plan 2027 onwards", "from_year": "2027"},
    )
    copy = Template.objects.get(name="Service plan 2027 onwards")
    assert sections_of(copy) == sections_of(template)
    assert list(copy.sign_offs.values_list("title", flat=True)) == ["Group Head"]
    assert copy.from_year == 2027


def test_a_template_of_another_council_cannot_be_copied(client_for, world):
    foreign = world.foreign_council.templates.get()
    response = client_for(world.lead).post(
        reverse("setup:template_add"), {"copy_from": foreign.pk, "name": "Stolen"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Template.objects.filter(name="Stolen").exists()


def test_template_errors_are_summarised_and_keep_what_was_typed(client_for, world):
    client = client_for(world.lead)
    response = client.post(reverse("setup:template_add"), {"name": "", "from_year": "soon"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "Error: " in response.text
    assert "Enter the template&#x27;s name" in response.text
    assert "Enter the year as a number, like 2026" in response.text
    response = client.post(
        reverse("setup:template_add"), {"name": "service plan", "from_year": "1999"}
    )
    assert "There is already a template called service plan" in response.text
    assert "Enter a year from 2000 to 2100, like 2026" in response.text
    assert 'value="service plan"' in response.text


def test_change_a_template(client_for, world, template):
    client_for(world.lead).post(
        reverse("setup:template_change", args=[template.pk]),
        {"name": "Service plan (all)", "directorates": [world.directorate.pk], "from_year": ""},
    )
    template.refresh_from_db()
    assert template.name == "Service plan (all)"
    assert list(template.directorates.all()) == [world.directorate]


def test_every_input_has_a_label(client_for, world, template):
    """The admin's template list had 51 unlabelled inputs; each form here labels each one."""
    import re

    client = client_for(world.lead)
    section = template.sections.first()
    for url in [
        reverse("setup:template_add"),
        reverse("setup:template_change", args=[template.pk]),
        reverse("setup:section_add", args=[template.pk]),
        reverse("setup:section_change", args=[section.pk]),
    ]:
        page = client.get(url).text
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', page
        )
        assert ids, url
        for input_id in ids:
            assert f'for="{input_id}"' in page, (url, input_id)


# --- sections -------------------------------------------------------------------------------


def section_data(**changes):
    return {
        "title": "Our customers",
        "kind": SectionKind.NARRATIVE,
        "level": "1",
        "number": "",
        "required": "on",
        "guidance": "Who uses the service.",
    } | changes


def test_add_a_section_at_the_end(client_for, world, template):
    response = client_for(world.lead).post(
        reverse("setup:section_add", args=[template.pk]), section_data()
    )
    assert response["Location"] == reverse("setup:template_detail", args=[template.pk])
    assert sections_of(template)[-1] == "Our customers"
    made = template.sections.get(title="Our customers")
    assert (made.guidance, made.required, made.kind) == ("Who uses the service.", True, "narrative")


def test_a_section_title_twice_is_a_clear_error(client_for, world, template):
    response = client_for(world.lead).post(
        reverse("setup:section_add", args=[template.pk]), section_data(title="budget ")
    )
    assert response.status_code == 200
    assert "This template already has a section called budget." in response.text
    assert "govuk-error-summary" in response.text
    assert 'value="budget' in response.text  # what was typed stays
    assert template.sections.filter(title__iexact="budget").count() == 1


def test_a_second_sign_off_section_is_refused(client_for, world, template):
    client = client_for(world.lead)
    url = reverse("setup:section_add", args=[template.pk])
    client.post(url, section_data(title="Sign-off", kind=SectionKind.SIGN_OFF))
    response = client.post(url, section_data(title="Signatures", kind=SectionKind.SIGN_OFF))
    assert "This template already has a sign-off section. A template has only one" in response.text
    assert template.sections.filter(kind=SectionKind.SIGN_OFF).count() == 1


def test_change_a_section_and_its_kind_drops_its_old_columns(client_for, world, template):
    section = template.sections.get(kind=SectionKind.CONTRACTS)
    section.columns = {"contracts": [{"key": "name"}]}
    section.save()
    client_for(world.lead).post(
        reverse("setup:section_change", args=[section.pk]),
        section_data(title="Our suppliers", kind=SectionKind.KPIS, required=""),
    )
    section.refresh_from_db()
    assert (section.title, section.kind, section.required) == ("Our suppliers", "kpis", False)
    assert section.columns == {}


def test_a_section_keeps_its_own_title_when_changed(client_for, world, template):
    section = template.sections.get(title="Budget")
    response = client_for(world.lead).post(
        reverse("setup:section_change", args=[section.pk]),
        section_data(title="Budget", kind=SectionKind.BUDGET),
    )
    assert response.status_code == 302


def test_move_a_section_up_and_down_without_javascript(client_for, world, template):
    client = client_for(world.lead)
    TemplateSection.objects.filter(template=template).update(position=0)  # as older data has
    before = sections_of(template)
    budget = template.sections.get(title="Budget")
    response = client.post(reverse("setup:section_move", args=[budget.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert sections_of(template) == [before[1], before[0], *before[2:]]
    client.post(reverse("setup:section_move", args=[budget.pk]), {"direction": "up"})  # first
    assert sections_of(template)[0] == "Budget"
    client.post(reverse("setup:section_move", args=[budget.pk]), {"direction": "down"})
    client.post(reverse("setup:section_move", args=[budget.pk]), {"direction": "down"})
    assert sections_of(template) == [before[0], before[2], "Budget", *before[3:]]
    assert list(template.sections.values_list("position", flat=True).order_by("position")) == list(
        range(1, len(before) + 1)
    )
    page = client.get(reverse("setup:template_detail", args=[template.pk])).text
    assert 'name="direction" value="up"' in page and "Move down<span" in page


def test_move_is_post_only(client_for, world, template):
    section = template.sections.first()
    client = client_for(world.lead)
    response = client.get(reverse("setup:section_move", args=[section.pk]))
    assert response.status_code == 405
    before = sections_of(template)
    response = client.post(reverse("setup:section_move", args=[section.pk]), {"direction": "left"})
    assert response.status_code == 400
    assert sections_of(template) == before


def test_new_plans_follow_the_new_order(client_for, world, template):
    from plans.services.editing import plan_create

    budget = template.sections.get(title="Budget")
    client_for(world.lead).post(
        reverse("setup:section_move", args=[budget.pk]), {"direction": "up"}
    )
    plan = plan_create(
        service=world.sibling_service, first_year=2027, last_year=2027, user=world.officer
    )
    titles = list(plan.sections.order_by("position").values_list("title", flat=True))
    assert titles[:2] == ["Budget", "Service overview"]


def test_removing_a_section_used_by_plans_explains_and_leaves_them_as_they_are(
    client_for, world, template
):
    """Plans copy their template's sections when they are made, with no link back: removing
    a section shapes new plans only, and the page says so before anything is removed."""
    client = client_for(world.lead)
    section = template.sections.get(title="Carbon")
    url = reverse("setup:section_remove", args=[section.pk])
    page = client.get(url).text
    assert "Remove Carbon from Service plan?" in page
    assert "2 plans made from this template have a section called Carbon" in page
    assert "removing it here changes no plan already made" in page
    assert client.post(url).status_code == 302
    assert "Carbon" not in sections_of(template)
    assert world.plan.sections.filter(title="Carbon").exists()


def test_task_status_comes_from_the_templates(world, template):
    assert templates_status(world.council) == COMPLETED
    Template.objects.create(council=world.council, name="Empty one")
    assert templates_status(world.council) == INCOMPLETE
    empty = factories.CouncilFactory(name="Empty Council")
    assert templates_status(empty) == NOT_STARTED


def test_the_task_list_links_both_tasks(client_for, world):
    page = client_for(world.lead).get(reverse("setup:task_list")).text
    assert f'href="{reverse("setup:template_list")}"' in page
    assert f'href="{reverse("setup:signoff_list")}"' in page


def test_the_columns_page_leads_back_to_the_template(client_for, world, template):
    budget = template.sections.get(kind=SectionKind.BUDGET)
    page = client_for(world.lead).get(reverse("plans:template_columns", args=[budget.pk])).text
    assert reverse("setup:template_detail", args=[template.pk]) in page
    assert "/admin/" not in page
