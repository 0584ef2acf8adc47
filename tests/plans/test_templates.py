"""A council keeps several plan templates (by directorate, or a new one from a year on) and
copies one to start another; a new plan starts from the right one, or the one its officer
chooses."""

import pytest
from django.urls import reverse

from plans.columns import save_template_columns
from plans.models import Plan, SectionKind, Template, TemplateSection, TemplateSignOff, template_for
from plans.plan_templates import template_copy
from plans.services.editing import plan_create
from tests import factories
from tests.plans.test_columns import CONTRACT_COLUMNS, layout_post, template_url

CHANGELIST = "/admin/plans/template/"


def second_template(council, name="Resources plan", **fields) -> Template:
    template = Template.objects.create(council=council, name=name, **fields)
    TemplateSection.objects.create(template=template, position=1, title="Our finances")
    TemplateSection.objects.create(
        template=template, position=2, title="What we spend", kind=SectionKind.BUDGET
    )
    TemplateSignOff.objects.create(template=template, position=1, title="Director of Resources")
    return template


def test_every_council_has_a_template_from_its_first_day(db):
    council = factories.CouncilFactory(name="Newly Made District Council")

    assert [t.name for t in council.templates.all()] == ["Service plan"]


def test_a_directorate_s_template_comes_before_the_one_for_any_directorate(world):
    first = world.council.templates.get()
    resources = second_template(world.council)
    resources.directorates.add(world.other_directorate)

    assert template_for(world.council.pk, world.other_directorate.pk, 2026) == resources
    assert template_for(world.council.pk, world.directorate.pk, 2026) == first


def test_a_template_from_a_year_on_is_used_from_that_year(world):
    first = world.council.templates.get()
    later = second_template(world.council, "Service plan 2027 on", from_year=2027)
    latest = second_template(world.council, "Service plan 2029 on", from_year=2029)

    assert template_for(world.council.pk, world.directorate.pk, 2026) == first
    assert template_for(world.council.pk, world.directorate.pk, 2027) == later
    assert template_for(world.council.pk, world.directorate.pk, 2028) == later
    assert template_for(world.council.pk, world.directorate.pk, 2029) == latest


def test_a_new_plan_has_its_template_s_sections_and_sign_offs(world):
    resources = second_template(world.council)
    resources.directorates.add(world.other_directorate)
    Plan.objects.filter(service=world.other_service).delete()

    plan = plan_create(
        service=world.other_service, first_year=2027, last_year=2027, user=world.officer_b
    )

    assert plan.template == resources
    assert [s.title for s in plan.sections.order_by("position")] == [
        "Our finances",
        "What we spend",
    ]
    assert [s.title for s in plan.sign_offs.all()] == ["Director of Resources"]


def test_the_officer_chooses_among_several_templates_when_starting_a_plan(client_for, world):
    client = client_for(world.officer)
    assert "Template" not in client.get(reverse("plans:plan_create")).content.decode()
    resources = second_template(world.council)

    page = client.get(reverse("plans:plan_create")).content.decode()
    assert "Resources plan" in page and "The one for the service&#x27;s directorate" in page
    response = client.post(
        reverse("plans:plan_create"),
        {
            "service": world.service.pk,
            "first_year": 2027,
            "last_year": 2027,
            "template": resources.pk,
        },
    )

    assert response.status_code == 302
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert plan.template == resources
    assert plan.sections.count() == 2


def test_another_council_s_template_cannot_be_chosen(client_for, world):
    second_template(world.council)
    foreign = world.foreign_council.templates.get()

    response = client_for(world.officer).post(
        reverse("plans:plan_create"),
        {
            "service": world.service.pk,
            "first_year": 2027,
            "last_year": 2027,
            "template": foreign.pk,
        },
    )

    assert response.status_code == 200
    assert "Select a template from the list" in response.content.decode()
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()


def test_a_copy_has_every_section_its_columns_and_the_sign_offs(world):
    first = world.council.templates.get()
    contracts = first.sections.get(kind=SectionKind.CONTRACTS)
    contracts.columns = {"contracts": [{"key": "name", "label": "Contract"}]}
    contracts.save()
    TemplateSignOff.objects.create(template=first, position=1, title="Head of Service")

    copy = template_copy(first)
    again = template_copy(first)

    assert copy.name == "Service plan (copy)" and again.name == "Service plan (copy 2)"
    fields = ["position", "number", "level", "title", "kind", "guidance", "required", "columns"]
    assert list(copy.sections.values(*fields)) == list(first.sections.values(*fields))
    assert [s.title for s in copy.sign_offs.all()] == ["Head of Service"]
    assert copy.directorates.count() == 0 and copy.from_year is None
    assert template_for(world.council.pk, world.directorate.pk, 2026) == first


def test_an_operator_copies_a_template_in_the_admin(client_for, world, council_operator):
    first = world.council.templates.get()

    response = client_for(council_operator).post(
        CHANGELIST, {"action": "copy", "_selected_action": [first.pk]}
    )

    assert response.status_code == 302
    copy = world.council.templates.get(name="Service plan (copy)")
    assert copy.sections.count() == first.sections.count()


def test_an_operator_cannot_copy_another_council_s_template(client_for, world, council_operator):
    foreign = world.foreign_council.templates.get()
    before = Template.objects.count()

    client_for(council_operator).post(
        CHANGELIST, {"action": "copy", "_selected_action": [foreign.pk]}
    )

    assert Template.objects.count() == before


@pytest.mark.parametrize("user", ["officer", "manager", "clerk", "lead"])
def test_only_superusers_see_the_admin_s_templates(client_for, world, user):
    response = client_for(getattr(world, user)).get(CHANGELIST)

    assert response.status_code in (302, 403)


def test_a_template_s_columns_go_only_to_plans_made_from_it(client_for, world):
    resources = second_template(world.council)
    Plan.objects.filter(service=world.other_service).delete()
    made_from_resources = plan_create(
        service=world.other_service,
        first_year=2027,
        last_year=2027,
        user=world.officer_b,
        template=resources,
    )
    budget = world.council.templates.get(name="Service plan").sections.get(kind="budget")
    layout = {"budget_lines": [{"key": "label", "label": "Heading"}]}
    save_template_columns(budget, layout, {"apply_to_plans": True})

    assert world.plan.sections.get(kind="budget").columns == layout
    assert made_from_resources.sections.get(kind="budget").columns == {}


def test_the_template_list_keeps_its_queries_as_templates_grow(
    client_for, world, django_assert_max_num_queries, council_operator
):
    client = client_for(council_operator)
    second_template(world.council).directorates.add(world.directorate)
    with django_assert_max_num_queries(30) as few:
        client.get(CHANGELIST)
    for number in range(8):
        second_template(world.council, f"Plan {number}").directorates.add(world.directorate)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST)


def test_giving_plans_a_layout_that_hides_their_entries_warns_and_asks_first(client_for, world):
    factories.ContractFactory(plan=world.plan, title="Cash collection", supplier="Acme Ltd")
    factories.ContractFactory(plan=world.plan, title="Printing", supplier="Inky plc")
    contracts = world.council.templates.get().sections.get(kind=SectionKind.CONTRACTS)
    client = client_for(world.lead)
    unconfirmed = {
        **layout_post(CONTRACT_COLUMNS, "contracts"),
        "confirm_hidden": "",
        "apply_to_plans": "on",
    }

    warned = client.post(template_url(contracts), unconfirmed)

    html = warned.content.decode()
    assert warned.status_code == 200
    assert "would no longer print in the plans made from this template" in html
    assert "Supplier: 2 rows with an entry" in html
    assert world.plan.sections.get(kind=SectionKind.CONTRACTS).columns == {}
    confirmed = {**unconfirmed, "confirm_hidden": "contracts.supplier,contracts.service_area"}
    assert client.post(template_url(contracts), confirmed).status_code == 302
    assert "supplier" not in str(world.plan.sections.get(kind=SectionKind.CONTRACTS).columns)


def test_a_template_layout_kept_for_new_plans_only_does_not_ask(client_for, world):
    factories.ContractFactory(plan=world.plan, title="Cash collection", supplier="Acme Ltd")
    contracts = world.council.templates.get().sections.get(kind=SectionKind.CONTRACTS)

    response = client_for(world.lead).post(
        template_url(contracts),
        {**layout_post(CONTRACT_COLUMNS, "contracts"), "confirm_hidden": ""},
    )

    assert response.status_code == 302
    assert world.plan.sections.get(kind=SectionKind.CONTRACTS).columns == {}
