"""An action prints as the council wrote it: its reference, its target or "by when" as typed,
who is responsible as typed, and its own corporate priorities; nothing it did not write."""

import datetime as dt
import importlib

from django.apps import apps
from django.urls import reverse

from plans.models import Action, SectionKind
from plans.services.actions import actions_carry_forward
from tests import factories
from tests.plans.conftest import TODAY
from tests.plans.test_actions_services import later_plan  # noqa: F401 (fixture)
from tests.plans.test_actions_views import action_data, errors_of, version
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import PLACEHOLDERS, whole_pdf

# Each a "by when" of a real plan, typed without a date.
TARGETS = ["By end May 2007", "March 2008", "Ongoing", "Q3 2025/26"]


def edit(client_for, aw, **changes):
    return client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, **changes),
    )


def plan_page(client_for, aw) -> str:
    return client_for(aw.world.clerk).get(aw.world.plan.get_absolute_url()).content.decode()


# The form ---------------------------------------------------------------------------------


def test_an_action_is_saved_with_its_reference_responsible_and_priorities(client_for, aw):
    response = edit(
        client_for,
        aw,
        reference="1a",
        responsible="JB/KM",
        target_date="",
        target_text="By end May 2007",
        priorities=[aw.priority.pk, aw.other_priority.pk],
    )

    assert response.status_code == 302
    aw.action.refresh_from_db()
    assert (aw.action.reference, aw.action.responsible) == ("1a", "JB/KM")
    assert (aw.action.target_date, aw.action.target_text) == (None, "By end May 2007")
    assert set(aw.action.priorities.all()) == {aw.priority, aw.other_priority}
    # The people stay for reminders and "my actions" lists.
    assert aw.action.lead_officer == aw.world.officer
    assert version(aw) == aw.section.version + 1


def test_each_target_as_text_is_kept_as_typed(client_for, aw):
    for target in TARGETS:
        assert edit(client_for, aw, target_date="", target_text=target).status_code == 302
        aw.action.refresh_from_db()
        assert aw.action.target_text == target
        assert aw.action.target_label == target


def test_a_priority_of_another_council_is_refused_and_what_was_typed_kept(client_for, aw):
    foreign = factories.PriorityFactory(council=aw.world.foreign_council, title="Elsewhere")

    html = errors_of(
        edit(
            client_for,
            aw,
            reference="B",
            responsible="Customer Services Team",
            target_text="Q3 2025/26",
            priorities=[foreign.pk],
        )
    )

    assert html.count("Select corporate priorities of your council") == 2  # summary + field
    assert 'value="B"' in html
    assert 'value="Customer Services Team"' in html
    assert 'value="Q3 2025/26"' in html
    aw.action.refresh_from_db()
    assert (aw.action.reference, aw.action.responsible) == ("", "")
    assert not aw.action.priorities.exists()
    assert version(aw) == aw.section.version


def test_a_reference_longer_than_a_reference_is_refused(client_for, aw):
    html = errors_of(edit(client_for, aw, reference="x" * 21, responsible="JB"))

    assert html.count("Reference must be 20 characters or fewer") == 2
    assert 'value="JB"' in html
    aw.action.refresh_from_db()
    assert aw.action.reference == ""


def test_the_form_offers_only_the_councils_priorities(client_for, aw):
    factories.PriorityFactory(council=aw.world.foreign_council, title="Elsewhere")
    url = reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk])

    html = client_for(aw.world.officer).get(url).content.decode()

    assert "Financially Independent" in html and "Sustainable Environment" in html
    assert "Elsewhere" not in html


# The plan page ----------------------------------------------------------------------------


def test_the_plan_page_shows_the_action_as_typed(client_for, aw):
    edit(
        client_for,
        aw,
        reference="3.2",
        responsible="Head of Service and Finance",
        target_text="Ongoing",
        priorities=[aw.other_priority.pk],
    )

    page = plan_page(client_for, aw)

    assert "3.2 Design a new centralised 3 Cs process" in page
    assert "Head of Service and Finance" in page
    assert "Ongoing" in page and "31 December 2026" not in page
    assert "Sustainable Environment" in page
    # Who is responsible is the council's words: the people are not printed beside them.
    assert ">Owner<" not in page and ">Co-owners<" not in page


def test_the_plan_page_never_says_not_assigned(client_for, aw):
    Action.objects.filter(pk=aw.action.pk).update(lead_officer=None)

    page = plan_page(client_for, aw)

    assert "Not assigned" not in page
    assert ">Owner<" not in page


# The PDF ----------------------------------------------------------------------------------


def printed(world, **fields) -> str:
    """The PDF text of the world's plan with one action of these fields in its actions part."""
    plan = world.plan
    factories.SectionFactory(
        plan=plan, kind=SectionKind.ACTIONS, title="Action plan", number="9", position=20
    )
    objective = factories.ServiceObjectiveFactory(plan=plan, title="To answer first time")
    priorities = fields.pop("priorities", [])
    action = factories.ActionFactory(objective=objective, title="Open a web chat", **fields)
    action.priorities.set(priorities)
    return pdf_text(whole_pdf(plan))


def test_the_pdf_prints_the_action_as_typed(world):
    priority = factories.PriorityFactory(council=world.council, title="Customers First")

    text = printed(
        world,
        reference="CS-04",
        responsible="JB/KM",
        target_date=dt.date(2027, 3, 31),
        target_text="By end May 2007",
        lead_officer=world.officer,
        other_owners="ARP",
        priorities=[priority],
    )

    assert "CS-04 Open a web chat" in text
    assert "Responsible JB/KM" in text
    assert "Target By end May 2007" in text
    assert "31 March 2027" not in text  # the date is kept for "overdue", not printed
    assert "Corporate priorities Customers First" in text
    assert "Owner" not in text and "Co-owners" not in text and "ARP" not in text
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text


def test_the_pdf_prints_the_date_when_only_a_date_was_chosen(world):
    text = printed(world, target_date=dt.date(2027, 3, 31), target_text="")

    assert "Target 31 March 2027" in text


def test_the_pdf_prints_the_lead_officer_when_nobody_is_typed_as_responsible(world):
    text = printed(world, lead_officer=world.officer, other_owners="ARP")

    assert f"Owner {world.officer}" in text
    assert "Co-owners ARP" in text
    assert "Responsible" not in text


def test_the_pdf_prints_no_owner_nor_reference_nor_priorities_when_none_were_entered(world):
    text = printed(world, lead_officer=None)

    assert "Open a web chat" in text
    for absent in ["Owner", "Responsible", "Co-owners", "Corporate priorities", "Not assigned"]:
        assert absent not in text
    assert "Not started" not in text and "No progress has been reported yet" not in text


# Carried forward, and the plans entered before -------------------------------------------


def test_carry_forward_keeps_the_reference_responsible_and_priorities(aw, later_plan):  # noqa: F811
    Action.objects.filter(pk=aw.action.pk).update(reference="1a", responsible="JB/KM")
    aw.action.refresh_from_db()
    aw.action.priorities.set([aw.other_priority])
    factories.ProgressUpdateFactory(
        action=aw.action, year=2028, quarter=4, status="delayed", note="Supplier late"
    )

    [copy] = actions_carry_forward(
        from_plan=aw.world.plan,
        to_plan=later_plan,
        actions=[aw.action],
        user=aw.world.officer,
        today=TODAY,
    )

    assert (copy.reference, copy.responsible) == ("1a", "JB/KM")
    assert list(copy.priorities.all()) == [aw.other_priority]


def test_the_migration_keeps_a_date_and_text_target_printing_as_before(aw):
    migration = importlib.import_module(
        "plans.migrations.0012_action_reference_responsible_priorities"
    )
    both = factories.ActionFactory(
        objective=aw.objective, target_date=dt.date(2027, 3, 31), target_text="Quarterly"
    )
    text_only = factories.ActionFactory(
        objective=aw.objective, target_date=None, target_text="Monthly"
    )
    long_text = factories.ActionFactory(
        objective=aw.objective, target_date=dt.date(2027, 3, 31), target_text="y" * 190
    )
    date_only = aw.action

    migration.keep_printed_targets(apps, None)

    for action in [both, text_only, long_text, date_only]:
        action.refresh_from_db()
    # As printed before the text took the date's place.
    assert both.target_label == "31 March 2027 · Quarterly"
    assert both.target_date == dt.date(2027, 3, 31)  # still flags the action overdue
    assert text_only.target_label == "Monthly"
    assert long_text.target_text == "y" * 190  # never cut to fit
    assert date_only.target_text == ""
    assert date_only.target_label == "31 March 2027"
