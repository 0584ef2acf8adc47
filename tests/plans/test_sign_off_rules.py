"""Who may sign a block (a role, or one named person) and segregation of duties: the rules in
plan_sign_off, on the sign-off page and on the plan page's sign-off button."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from council.models import Role
from plans.models import Plan, SignerRole, TemplateSignOff
from plans.services.editing import plan_create
from plans.services.review import plan_sign_off, plan_submit
from tests.conftest import person
from tests.plans.test_review import approve_all


def sign_url(plan, block):
    return reverse("plans:sign_off", args=[plan.pk, block.pk])


def two_blocks(world, second_role=SignerRole.MANAGER, signer=None):
    """The plan's blocks: 'Group Head' (any manager of the service) then 'Director' as given;
    the plan in review with every section approved."""
    world.plan.sign_offs.all().delete()
    first = world.plan.sign_offs.create(position=1, title="Group Head")
    second = world.plan.sign_offs.create(
        position=2, title="Director", signer_role=second_role, signer=signer
    )
    plan_submit(plan=world.plan, user=world.officer)
    approve_all(world.plan, world.manager)
    return first, second


@pytest.fixture
def director(world):
    return person(world.council, "director", Role.Name.MANAGER, directorate=world.directorate)


def test_one_person_cannot_sign_two_blocks_of_a_plan(world, director):
    first, second = two_blocks(world)
    plan_sign_off(sign_off=first, user=world.manager)
    with pytest.raises(ValidationError) as error:
        plan_sign_off(sign_off=second, user=world.manager)
    assert error.value.messages == [
        "You have already signed this plan as Group Head. Someone else must sign as Director: "
        "one person cannot sign two blocks of the same plan."
    ]
    second.refresh_from_db()
    assert not second.is_signed
    plan_sign_off(sign_off=second, user=director)
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED


def test_a_block_naming_a_person_is_signed_by_them_only(world, director):
    first, second = two_blocks(world, SignerRole.PERSON, signer=director)
    plan_sign_off(sign_off=first, user=world.manager)
    other_manager = person(world.council, "other", Role.Name.MANAGER, directorate=world.directorate)
    with pytest.raises(PermissionDenied) as error:
        plan_sign_off(sign_off=second, user=other_manager)
    assert str(error.value) == f"Only {director} can sign this plan off as Director."
    plan_sign_off(sign_off=second, user=director)
    second.refresh_from_db()
    assert second.signed_by == director


def test_a_named_person_need_not_be_a_manager(world):
    """A chief executive with a clerk's role (they read every plan) may be named."""
    chief = person(world.council, "chief", Role.Name.CLERK)
    first, second = two_blocks(world, SignerRole.PERSON, signer=chief)
    plan_sign_off(sign_off=first, user=world.manager)
    plan_sign_off(sign_off=second, user=chief)
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED


def test_a_block_for_the_performance_lead(world):
    first, second = two_blocks(world, SignerRole.PERFORMANCE_LEAD)
    plan_sign_off(sign_off=first, user=world.manager)
    director = person(world.council, "director", Role.Name.MANAGER, directorate=world.directorate)
    with pytest.raises(PermissionDenied) as error:
        plan_sign_off(sign_off=second, user=director)
    assert str(error.value) == "Only the performance lead can sign this plan off as Director."
    plan_sign_off(sign_off=second, user=world.lead)
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED


def test_a_block_for_a_manager_of_the_whole_directorate(world):
    """A manager of the service alone may sign 'Group Head' but not a directorate's block."""
    first, second = two_blocks(world, SignerRole.DIRECTORATE_MANAGER)
    service_manager = person(world.council, "head", Role.Name.MANAGER, service=world.service)
    plan_sign_off(sign_off=first, user=service_manager)
    with pytest.raises(PermissionDenied) as error:
        plan_sign_off(sign_off=second, user=service_manager)
    assert str(error.value) == (
        "Only a manager of the service's whole directorate can sign this plan off as Director."
    )
    plan_sign_off(sign_off=second, user=world.manager)  # a manager of the directorate
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED


def test_a_block_without_a_named_signer_keeps_the_managers_rule(world):
    """Blocks made before blocks named anyone are for the managers of the service."""
    first, _ = two_blocks(world)
    with pytest.raises(PermissionDenied) as error:
        plan_sign_off(sign_off=first, user=world.lead)
    assert str(error.value) == "Only a manager of the service can sign this plan off as Group Head."
    with pytest.raises(PermissionDenied):
        plan_sign_off(sign_off=first, user=world.officer)


def test_new_plans_copy_who_may_sign_from_the_template(world, director):
    template = world.plan.template
    TemplateSignOff.objects.create(template=template, position=1, title="Group Head")
    TemplateSignOff.objects.create(
        template=template, position=2, title="Director", signer_role="person", signer=director
    )
    plan = plan_create(
        service=world.sibling_service, first_year=2026, last_year=2026, user=world.officer
    )
    blocks = [(b.title, b.signer_role, b.signer) for b in plan.sign_offs.order_by("position")]
    assert blocks == [
        ("Group Head", SignerRole.MANAGER, None),
        ("Director", SignerRole.PERSON, director),
    ]


# --- the sign-off page and the plan page's button -----------------------------------------


def test_the_sign_off_page_refuses_who_the_block_does_not_name(client_for, world, director):
    first, second = two_blocks(world, SignerRole.PERSON, signer=director)
    plan_sign_off(sign_off=first, user=world.manager)
    response = client_for(world.manager).get(sign_url(world.plan, second))
    assert response.status_code == 403
    assert f"Only {director} can sign this plan off as Director." in response.content.decode()
    assert client_for(director).get(sign_url(world.plan, second)).status_code == 200
    response = client_for(director).post(sign_url(world.plan, second), {"comment": ""})
    assert response.status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.APPROVED


def test_the_sign_off_page_explains_segregation(client_for, world, director):
    first, second = two_blocks(world)
    plan_sign_off(sign_off=first, user=world.manager)
    response = client_for(world.manager).post(sign_url(world.plan, second), {"comment": ""})
    assert response.status_code == 200
    assert "You have already signed this plan as Group Head." in response.content.decode()
    second.refresh_from_db()
    assert not second.is_signed


def test_the_plan_page_offers_each_block_to_who_may_sign_it(client_for, world):
    chief = person(world.council, "chief", Role.Name.CLERK)
    first, second = two_blocks(world, SignerRole.PERSON, signer=chief)
    page = world.plan.get_absolute_url()
    assert "Sign off as Group Head" in client_for(world.manager).get(page).content.decode()
    assert "Sign off as" not in client_for(chief).get(page).content.decode()  # not their turn
    plan_sign_off(sign_off=first, user=world.manager)
    # The manager signed once and the next block is the chief's: no button for the manager.
    assert "Sign off as" not in client_for(world.manager).get(page).content.decode()
    chief_page = client_for(chief).get(page).content.decode()
    assert "Sign off as Director" in chief_page
    assert sign_url(world.plan, second) in chief_page
