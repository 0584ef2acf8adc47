"""The sign-off block pages of /setup/: each template's blocks, their order and who may sign
each (a role or a named person), for the performance lead of the council only."""

import pytest
from django.urls import reverse

from council.models import Role
from plans.models import SignerRole, TemplateSignOff
from setup.checklist import COMPLETED, INCOMPLETE, NOT_STARTED, signoff_status
from tests import factories
from tests.conftest import person


@pytest.fixture
def template(world):
    return world.council.templates.get()


@pytest.fixture
def blocks(template):
    return [
        TemplateSignOff.objects.create(template=template, position=1, title="Group Head"),
        TemplateSignOff.objects.create(template=template, position=2, title="Director"),
    ]


def titles(template) -> list[str]:
    return list(template.sign_offs.order_by("position", "pk").values_list("title", flat=True))


def pages(template, block) -> list[str]:
    return [
        reverse("setup:signoff_list"),
        reverse("setup:signoff_add", args=[template.pk]),
        reverse("setup:signoff_change", args=[block.pk]),
        reverse("setup:signoff_remove", args=[block.pk]),
    ]


def block_data(**changes):
    return {"title": "Deputy Chief Executive", "signer_role": SignerRole.MANAGER} | changes


# --- who may use them -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, template, blocks):
    for url in pages(template, blocks[0]):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, template, blocks, role):
    client = client_for(getattr(world, role))
    for url in pages(template, blocks[0]):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only the performance lead can set up the council." in response.text
    move = reverse("setup:signoff_move", args=[blocks[0].pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    assert client.post(reverse("setup:signoff_remove", args=[blocks[0].pk])).status_code == 403
    assert titles(template) == ["Group Head", "Director"]


def test_another_councils_lead_gets_404_and_changes_nothing(client_for, world, template, blocks):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    client = client_for(lead)
    for url in pages(template, blocks[0])[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, block_data()).status_code == 404, url
    move = reverse("setup:signoff_move", args=[blocks[0].pk])
    assert client.post(move, {"direction": "down"}).status_code == 404
    assert titles(template) == ["Group Head", "Director"]
    assert "Group Head" not in client.get(reverse("setup:signoff_list")).text


def test_the_lead_sees_each_templates_blocks_and_who_signs(client_for, world, template, blocks):
    blocks[1].signer_role, blocks[1].signer = SignerRole.PERSON, world.manager
    blocks[1].save()
    page = client_for(world.lead).get(reverse("setup:signoff_list")).text
    assert "Group Head" in page and "A manager of the service" in page
    assert str(world.manager) in page
    assert "One person never signs two blocks of the same plan." in page


# --- add, change, move, remove --------------------------------------------------------------


def test_add_a_block_for_a_role(client_for, world, template, blocks):
    url = reverse("setup:signoff_add", args=[template.pk])
    response = client_for(world.lead).post(
        url, block_data(signer_role=SignerRole.PERFORMANCE_LEAD, signer=world.manager.pk)
    )
    assert response.status_code == 302
    made = template.sign_offs.get(title="Deputy Chief Executive")
    assert (made.position, made.signer_role, made.signer) == (3, "performance_lead", None)


def test_add_a_block_for_a_named_person(client_for, world, template):
    url = reverse("setup:signoff_add", args=[template.pk])
    client_for(world.lead).post(url, block_data(signer_role="person", signer=world.clerk.pk))
    made = template.sign_offs.get()
    assert (made.signer_role, made.signer) == ("person", world.clerk)


def test_a_named_person_must_be_chosen_and_be_of_the_council(client_for, world, template):
    client = client_for(world.lead)
    url = reverse("setup:signoff_add", args=[template.pk])
    response = client.post(url, block_data(signer_role="person"))
    assert response.status_code == 200
    assert "Select the person who signs this block" in response.text
    assert "govuk-error-summary" in response.text
    assert 'value="Deputy Chief Executive"' in response.text  # what was typed stays
    response = client.post(url, block_data(signer_role="person", signer=world.foreign_officer.pk))
    assert "Select a person of the council" in response.text
    response = client.post(url, block_data(signer_role=""))
    assert "Select who may sign" in response.text
    assert not template.sign_offs.exists()


def test_a_block_title_twice_is_a_clear_error(client_for, world, template, blocks):
    response = client_for(world.lead).post(
        reverse("setup:signoff_add", args=[template.pk]), block_data(title="group head")
    )
    assert response.status_code == 200
    assert "This template already has a sign-off block called group head" in response.text
    assert titles(template) == ["Group Head", "Director"]


def test_change_a_block_from_a_person_to_a_role_forgets_the_person(
    client_for, world, template, blocks
):
    blocks[1].signer_role, blocks[1].signer = SignerRole.PERSON, world.manager
    blocks[1].save()
    client_for(world.lead).post(
        reverse("setup:signoff_change", args=[blocks[1].pk]),
        block_data(title="Director", signer_role="directorate_manager", signer=world.manager.pk),
    )
    blocks[1].refresh_from_db()
    assert (blocks[1].signer_role, blocks[1].signer) == ("directorate_manager", None)


def test_move_blocks_without_javascript(client_for, world, template, blocks):
    client = client_for(world.lead)
    client.post(reverse("setup:signoff_move", args=[blocks[1].pk]), {"direction": "up"})
    assert titles(template) == ["Director", "Group Head"]
    client.post(reverse("setup:signoff_move", args=[blocks[1].pk]), {"direction": "down"})
    assert titles(template) == ["Group Head", "Director"]
    assert client.get(reverse("setup:signoff_move", args=[blocks[1].pk])).status_code == 405


def test_remove_a_block_explains_and_leaves_plans_as_they_are(client_for, world, template, blocks):
    """The world's plans were made before these blocks, with the default Head of service."""
    client = client_for(world.lead)
    url = reverse("setup:signoff_remove", args=[blocks[0].pk])
    page = client.get(url).text
    assert "Remove Group Head from Service plan?" in page
    assert "No plan made from this template has it" in page
    world.plan.sign_offs.create(position=2, title="Director")
    page = client.get(reverse("setup:signoff_remove", args=[blocks[1].pk])).text
    assert "1 plan made from this template has a sign-off block called Director" in page
    assert client.post(reverse("setup:signoff_remove", args=[blocks[1].pk])).status_code == 302
    assert titles(template) == ["Group Head"]
    assert world.plan.sign_offs.filter(title="Director").exists()


def test_new_plans_take_the_blocks_and_their_signers(client_for, world, template, blocks):
    from plans.services.editing import plan_create

    director = person(world.council, "director", Role.Name.MANAGER, directorate=world.directorate)
    client_for(world.lead).post(
        reverse("setup:signoff_change", args=[blocks[1].pk]),
        block_data(title="Director", signer_role="person", signer=director.pk),
    )
    plan = plan_create(
        service=world.sibling_service, first_year=2027, last_year=2027, user=world.officer
    )
    made = [(b.title, b.signer_role, b.signer) for b in plan.sign_offs.order_by("position")]
    assert made == [("Group Head", "manager", None), ("Director", "person", director)]


def test_task_status_comes_from_the_blocks(world, template):
    assert signoff_status(world.council) == NOT_STARTED
    TemplateSignOff.objects.create(template=template, title="Group Head")
    assert signoff_status(world.council) == COMPLETED
    world.council.templates.create(name="Resources plan")
    assert signoff_status(world.council) == INCOMPLETE
