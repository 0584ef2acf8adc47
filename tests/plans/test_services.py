"""Starting a plan from the template, and saving a section with optimistic locking."""

import pytest
from django.core.exceptions import ValidationError

from plans.models import Plan, Section, TemplateSection
from plans.services.editing import SectionConflict, plan_create, section_save


def test_plan_create_copies_the_template_in_order(world):
    plan = plan_create(
        service=world.sibling_service, first_year=2027, last_year=2029, user=world.officer
    )
    template = list(
        TemplateSection.objects.filter(template__council=world.council).order_by("position")
    )
    sections = list(plan.sections.order_by("position"))
    assert [(s.number, s.title, s.kind, s.guidance) for s in sections] == [
        (t.number, t.title, t.kind, t.guidance) for t in template
    ]
    assert plan.status == Plan.Status.DRAFT
    assert plan.created_by == world.officer


def test_plan_create_refuses_a_second_plan_for_the_same_year(world):
    with pytest.raises(ValidationError) as error:
        plan_create(service=world.service, first_year=2026, last_year=2026, user=world.officer)
    assert error.value.message_dict["first_year"] == [
        "This service already has a plan starting in that year."
    ]


def test_plan_create_refuses_years_out_of_order(world):
    with pytest.raises(ValidationError) as error:
        plan_create(
            service=world.sibling_service, first_year=2027, last_year=2025, user=world.officer
        )
    assert "The last year must be the first year or up to 4 years after it." in str(error.value)
    assert not Plan.objects.filter(service=world.sibling_service).exists()


def test_plan_create_needs_a_template(world):
    TemplateSection.objects.filter(template__council=world.council).delete()
    with pytest.raises(ValidationError) as error:
        plan_create(
            service=world.sibling_service, first_year=2027, last_year=2027, user=world.officer
        )
    assert "no plan template" in error.value.messages[0]


def narrative(plan):
    return plan.sections.get(kind="narrative")


def test_section_save_moves_the_version_on_and_records_who(world):
    section = narrative(world.plan)
    saved = section_save(
        section=section, expected_version=1, user=world.officer, body="<p>Hello</p>"
    )
    assert saved.version == 2
    assert saved.body == "<p>Hello</p>"
    assert saved.updated_by == world.officer
    assert saved.updated_at is not None
    assert saved.history.count() >= 2


def test_section_save_from_an_old_version_is_refused_and_changes_nothing(world):
    section = narrative(world.plan)
    section_save(section=section, expected_version=1, user=world.officer, body="<p>First</p>")
    written = []
    with pytest.raises(SectionConflict) as conflict:
        section_save(
            section=section,
            expected_version=1,
            user=world.manager,
            body="<p>Second</p>",
            write=lambda: written.append(True),
        )
    assert conflict.value.current.body == "<p>First</p>"
    assert conflict.value.current.updated_by == world.officer
    assert written == []
    assert Section.objects.get(pk=section.pk).body == "<p>First</p>"


def test_section_save_refuses_a_published_plan(world):
    world.plan.status = Plan.Status.PUBLISHED
    world.plan.save()
    with pytest.raises(ValidationError) as error:
        section_save(
            section=narrative(world.plan), expected_version=1, user=world.officer, body="x"
        )
    assert error.value.messages == ["This plan has been published and can no longer be changed."]
