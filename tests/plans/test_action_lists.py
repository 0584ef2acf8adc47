"""Two action lists in one plan (the rolling action plan, an appendix of lettered actions):
each actions section prints the objectives, with their actions, that are in it."""

import json

import pytest
from django.urls import reverse

from plans.document import plan_document, plan_queryset
from plans.exchange.plan_file import plan_export, plan_import
from plans.models import Section, SectionKind, ServiceObjective
from tests import factories


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def two_lists(world) -> tuple[Section, Section]:
    first = Section.objects.create(
        plan=world.plan, title="Action plan", kind=SectionKind.ACTIONS, position=9
    )
    appendix = Section.objects.create(
        plan=world.plan, title="Appendix B: lettered actions", kind=SectionKind.ACTIONS, position=10
    )
    return first, appendix


def first_list(world) -> Section:
    """The list whose version locks the plan's actions."""
    return world.plan.sections.filter(kind=SectionKind.ACTIONS).order_by("position").first()


def section_html(page: str, section: Section) -> str:
    return page.split(f'id="{section.anchor}"', 1)[1].split("</section>", 1)[0]


def test_each_action_list_prints_its_own_objectives(client_for, world):
    first, appendix = two_lists(world)
    rolling = factories.ServiceObjectiveFactory(plan=world.plan, title="Channel shift")
    lettered = factories.ServiceObjectiveFactory(
        plan=world.plan, title="Estates review", section=appendix
    )
    factories.ActionFactory(objective=rolling, title="Launch web chat")
    factories.ActionFactory(objective=lettered, reference="B", title="Close the Mill Street office")

    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()

    assert "Launch web chat" in section_html(page, first)
    assert "Close the Mill Street office" not in section_html(page, first)
    assert "Close the Mill Street office" in section_html(page, appendix)
    assert "Launch web chat" not in section_html(page, appendix)


def test_a_new_objective_goes_in_the_list_it_was_added_from(client_for, world):
    _, appendix = two_lists(world)
    priority = factories.PriorityFactory(council=world.council)
    url = reverse("plans:objective_create", args=[world.plan.pk])
    client = client_for(world.officer)
    form = client.get(f"{url}?section={appendix.pk}").content.decode()
    assert "Which action list is it in?" in form
    assert f'<option value="{appendix.pk}" selected>' in form

    data = {"title": "Estates review", "priorities": [priority.pk], "section": appendix.pk}

    response = client.post(url, {**data, "version": first_list(world).version})

    assert response.status_code == 302
    assert ServiceObjective.objects.get(title="Estates review").section == appendix


def test_an_objective_cannot_be_put_in_another_plan_s_list(client_for, world):
    two_lists(world)
    foreign = Section.objects.create(
        plan=world.foreign_plan, title="Actions", kind=SectionKind.ACTIONS, position=9
    )
    priority = factories.PriorityFactory(council=world.council)

    response = client_for(world.officer).post(
        reverse("plans:objective_create", args=[world.plan.pk]),
        {
            "title": "Estates review",
            "priorities": [priority.pk],
            "section": foreign.pk,
            "version": first_list(world).version,
        },
    )

    assert "Choose one of this plan&#x27;s action lists" in response.content.decode()
    assert not ServiceObjective.objects.filter(title="Estates review").exists()


def test_with_one_list_the_form_does_not_ask(client_for, world):
    Section.objects.create(plan=world.plan, title="Actions", kind=SectionKind.ACTIONS, position=9)
    url = reverse("plans:objective_create", args=[world.plan.pk])

    form = client_for(world.officer).get(url).content.decode()

    assert "Which action list is it in?" not in form


def test_an_empty_action_list_is_left_out_of_print(world):
    first, appendix = two_lists(world)
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    factories.ActionFactory(objective=objective)

    document = plan_document(plan_queryset().get(pk=world.plan.pk))

    content = {item.section.pk: item.has_content for item in document.sections}
    assert content[first.pk] and not content[appendix.pk]


def test_the_action_list_travels_in_the_export(world, media):
    _, appendix = two_lists(world)
    factories.ServiceObjectiveFactory(plan=world.plan, title="Estates review", section=appendix)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    assert [o.get("section") for o in data["objectives"]] == ["Appendix B: lettered actions"]
    target = factories.ServiceFactory(directorate=world.directorate, name="Elections")

    copy_of = plan_import(data=data, service=target, user=None)

    objective = copy_of.serviceobjectives.get()
    assert objective.section == copy_of.sections.get(title="Appendix B: lettered actions")


def test_an_objective_s_notes_print_below_its_actions_and_travel(client_for, world, media):
    first, _ = two_lists(world)
    priority = factories.PriorityFactory(council=world.council)
    url = reverse("plans:objective_create", args=[world.plan.pk])
    notes = "*N.B- These performance measures are to be delivered as part of the Transformation."
    data = {
        "title": "Adapt service to meet the needs of the customer",
        "notes_after": notes,
        "priorities": [priority.pk],
        "section": first.pk,
        "version": first_list(world).version,
    }
    client = client_for(world.officer)
    assert client.post(url, data).status_code == 302
    objective = ServiceObjective.objects.get(title=data["title"])
    factories.ActionFactory(objective=objective, title="Benchmark customer satisfaction.")

    printed = section_html(client.get(world.plan.get_absolute_url()).content.decode(), first)

    assert printed.index("Benchmark customer satisfaction.") < printed.index(notes)
    exported = json.loads(json.dumps(plan_export(plan=world.plan)))
    assert [o["notes_after"] for o in exported["objectives"]] == [notes]
    target = factories.ServiceFactory(directorate=world.directorate, name="Elections")
    copy_of = plan_import(data=exported, service=target, user=None)
    assert copy_of.serviceobjectives.get().notes_after == notes
