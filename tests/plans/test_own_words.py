"""The plan page and the PDF print the council's words, not the app's: an indicator's owner
only in an owner column the council chose, and an objective's corporate priorities and
objectives under the labels of the card layout's column 'objective_links'."""

import pytest
from django.urls import reverse

from plans.models import Section, SectionKind, ServiceObjective
from tests import factories
from tests.plans.test_columns import card_rows, columns_url, headers, layout_post
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf

OWNER = "Jo Bloggs, Contact Centre Manager"


def plan_page(client_for, world) -> str:
    response = client_for(world.officer).get(world.plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def part_of(page: str, section: Section) -> str:
    """The section's part of the plan page, up to the next section."""
    return page.split(f'id="{section.anchor}"', 1)[1].split('<section class="app-section', 1)[0]


# --- An indicator's owner -----------------------------------------------------------------------


@pytest.fixture
def kpis(world):
    section = Section.objects.create(
        plan=world.plan, title="Performance indicators", kind=SectionKind.KPIS, position=9
    )
    indicator = factories.IndicatorFactory(
        service=world.service, code="CS01", title="Calls answered", owner=OWNER
    )
    factories.TargetFactory(indicator=indicator, year=2026, value=95)
    return section


def test_an_owner_the_council_did_not_choose_to_print_is_not_printed(client_for, world, kpis):
    page = plan_page(client_for, world)

    part = part_of(page, kpis)
    assert "Calls answered" in part
    assert OWNER not in part and "Owner:" not in part
    text = pdf_text(whole_pdf(world.plan))
    assert "CS01 Calls answered" in text
    assert OWNER not in text and "Owner" not in text


def test_an_owner_column_the_council_chose_prints_the_owner(client_for, world, kpis):
    rows = {
        "reference": ("PI Ref", True, 1),
        "title": ("PI Description", True, 2),
        "owner": ("Responsible officer", True, 3),
        "targets": ("{year} Target", True, 4),
    }
    client = client_for(world.officer)
    assert client.post(columns_url(kpis), layout_post(rows, "indicators")).status_code == 302

    page = plan_page(client_for, world)

    caption = "Service performance indicators</caption>"
    assert headers(page, caption)[:3] == ["PI Ref", "PI Description", "Responsible officer"]
    assert part_of(page, kpis).count(OWNER) == 1  # in its column, not again under the title
    text = pdf_text(whole_pdf(world.plan))
    assert f"Calls answered {OWNER}" in text
    assert "Owner" not in text


def test_the_indicator_s_own_page_still_shows_its_owner(client_for, world, kpis):
    indicator = world.service.indicators.get()

    response = client_for(world.officer).get(reverse("kpis:indicator_detail", args=[indicator.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert ">Owner</dt>" in page and OWNER in page


# --- An objective's corporate priorities and objectives -----------------------------------------


@pytest.fixture
def actions(world):
    section = Section.objects.create(
        plan=world.plan, title="Key activities", kind=SectionKind.ACTIONS, position=9
    )
    priority = factories.PriorityFactory(council=world.council, title="Customers First")
    corporate = factories.ObjectiveFactory(priority=priority, title="Answer at first contact")
    objective = factories.ServiceObjectiveFactory(
        plan=world.plan, title="To reduce failure demand", priorities=[priority]
    )
    objective.corporate_objectives.set([corporate])
    factories.ActionFactory(plan=world.plan, objective=objective, title="Launch web chat")
    return section


def lay_out_cards(client_for, world, section, label: str):
    """The cards print the objective's links, under this label, and the target."""
    rows = {"objective_links": (label, True, 1), "target": ("Target", True, 2)}
    data = {**layout_post(rows, "action_cards"), "actions__print": "cards"}
    assert client_for(world.officer).post(columns_url(section), data).status_code == 302


def links_under(page: str, objective: str = "To reduce failure demand") -> str:
    """The paragraph under the objective's heading."""
    after = page.split(f">{objective}</h3>", 1)[1]
    return after.split('<p class="govuk-body-s">', 1)[1].split("</p>", 1)[0]


def test_by_default_the_links_keep_today_s_words(client_for, world, actions):
    page = plan_page(client_for, world)

    assert links_under(page) == (
        "Corporate priorities: Customers First<br>Corporate objectives: Answer at first contact"
    )
    text = pdf_text(whole_pdf(world.plan))
    assert (
        "To reduce failure demand Corporate priorities: Customers First "
        "Corporate objectives: Answer at first contact"
    ) in text


def test_the_links_are_headed_by_the_council_s_labels(client_for, world, actions):
    lay_out_cards(client_for, world, actions, "Corporate Plan theme | Corporate Plan aim")

    page = plan_page(client_for, world)

    assert links_under(page) == (
        "Corporate Plan theme: Customers First<br>Corporate Plan aim: Answer at first contact"
    )
    assert "Corporate priorities:" not in page and "Corporate objectives:" not in page
    assert card_rows(page, "Launch web chat")[0][0] == "Target"  # the links are not a card row
    text = pdf_text(whole_pdf(world.plan))
    assert (
        "Corporate Plan theme: Customers First Corporate Plan aim: Answer at first contact"
    ) in text
    assert "Corporate priorities" not in text and "Corporate objectives" not in text


def test_a_single_label_heads_all_the_links_on_one_line(client_for, world, actions):
    lay_out_cards(client_for, world, actions, "Links to the Corporate Plan:")

    page = plan_page(client_for, world)

    # The council's own colon is not doubled.
    assert links_under(page) == (
        "Links to the Corporate Plan: Customers First; Answer at first contact"
    )
    text = pdf_text(whole_pdf(world.plan))
    assert "Links to the Corporate Plan: Customers First; Answer at first contact" in text


def test_a_label_left_blank_heads_nothing(client_for, world, actions):
    lay_out_cards(client_for, world, actions, "Corporate Plan theme |")

    page = plan_page(client_for, world)

    assert links_under(page) == "Corporate Plan theme: Customers First<br>Answer at first contact"


def test_the_page_says_none_where_print_says_nothing(client_for, world, actions):
    objective = ServiceObjective.objects.get(plan=world.plan)
    objective.priorities.clear()
    objective.corporate_objectives.clear()
    lay_out_cards(client_for, world, actions, "Corporate Plan theme | Corporate Plan aim")

    page = plan_page(client_for, world)

    assert links_under(page) == "Corporate Plan theme: none"
    text = pdf_text(whole_pdf(world.plan))
    assert "To reduce failure demand" in text
    assert "Corporate Plan theme" not in text and "none" not in text


def test_only_the_objectives_print_where_no_priority_is_linked(client_for, world, actions):
    ServiceObjective.objects.get(plan=world.plan).priorities.clear()

    text = pdf_text(whole_pdf(world.plan))

    assert "To reduce failure demand Corporate objectives: Answer at first contact" in text
    assert "Corporate priorities" not in text and "none" not in text


def test_the_links_are_not_printed_when_the_council_leaves_their_column_out(
    client_for, world, actions
):
    rows = {"objective_links": ("Corporate Plan theme", False, 1), "target": ("Target", True, 2)}
    data = {**layout_post(rows, "action_cards"), "actions__print": "cards"}
    assert client_for(world.officer).post(columns_url(actions), data).status_code == 302

    page = plan_page(client_for, world)

    assert "Customers First" not in page and "Corporate Plan theme" not in page
    assert "Customers First" not in pdf_text(whole_pdf(world.plan))


def test_the_columns_page_says_where_the_links_print_and_how_to_label_them(
    client_for, world, actions
):
    page = client_for(world.officer).get(columns_url(actions)).content.decode()

    assert "Corporate priorities | Corporate objectives" in page
    assert "Printed under each objective&#x27;s heading, not in its cards." in page
