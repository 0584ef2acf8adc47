"""The corporate priorities set-up pages: a priority with its objectives on one page, what is
refused (duplicates, removing what plans link to), and who may use them."""

import pytest
from django.urls import reverse

from council.models import CorporatePriority, Objective, Role
from setup.checklist import COMPLETED, INCOMPLETE, NOT_STARTED, priorities_status
from tests import factories


@pytest.fixture
def climate(world):
    priority = factories.PriorityFactory(council=world.council, title="Climate", position=2)
    factories.ObjectiveFactory(priority=priority, title="Cut emissions", position=1)
    factories.ObjectiveFactory(priority=priority, title="Plant trees", position=2)
    return priority


def post_data(priority=None, rows=(), **changes) -> dict:
    """The page's form as posted: the priority's fields and rows of objectives (each
    (id or None, title, position, remove))."""
    existing = [row for row in rows if row[0]]
    data = {
        "title": "Climate",
        "description": "A greener borough.",
        "position": "2",
        "objectives-TOTAL_FORMS": str(len(rows)),
        "objectives-INITIAL_FORMS": str(len(existing)),
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "1000",
    }
    for number, (pk, title, position, remove) in enumerate(rows):
        prefix = f"objectives-{number}-"
        data[prefix + "id"] = str(pk or "")
        data[prefix + "priority"] = str(priority.pk) if priority else ""
        data[prefix + "title"] = title
        data[prefix + "position"] = position
        if remove:
            data[prefix + "DELETE"] = "on"
    return data | changes


def rows_of(priority, extra=()):
    return [(o.pk, o.title, str(o.position), False) for o in priority.objectives.all()] + list(
        extra
    )


def foreign_lead(world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    return lead


def test_anonymous_is_sent_to_sign_in(client, world, climate):
    for url in (
        reverse("setup:priority_list"),
        reverse("setup:priority_add"),
        reverse("setup:priority_change", args=[climate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, climate, role):
    client = client_for(getattr(world, role))
    for url in (
        reverse("setup:priority_list"),
        reverse("setup:priority_add"),
        reverse("setup:priority_change", args=[climate.pk]),
    ):
        assert client.get(url).status_code == 403, url
    change = reverse("setup:priority_change", args=[climate.pk])
    assert client.post(change, post_data(climate, title="Taken")).status_code == 403
    assert client.post(reverse("setup:priority_delete", args=[climate.pk])).status_code == 403
    assert CorporatePriority.objects.get(pk=climate.pk).title == "Climate"


def test_another_councils_lead_finds_none_of_this_councils_priorities(client_for, world, climate):
    client = client_for(foreign_lead(world))
    change = reverse("setup:priority_change", args=[climate.pk])
    assert client.get(change).status_code == 404
    assert client.post(change, post_data(climate, title="Taken")).status_code == 404
    assert client.post(reverse("setup:priority_delete", args=[climate.pk])).status_code == 404
    assert CorporatePriority.objects.filter(pk=climate.pk, title="Climate").exists()
    assert "Climate" not in client.get(reverse("setup:priority_list")).text


def test_the_list_shows_priorities_with_their_objectives(client_for, world, climate):
    factories.PriorityFactory(council=world.council, title="Homes", position=1)
    page = client_for(world.lead).get(reverse("setup:priority_list")).text
    assert page.index("Homes") < page.index("Climate")  # in their order
    assert "<li>Cut emissions</li>" in page and "<li>Plant trees</li>" in page
    assert reverse("setup:priority_change", args=[climate.pk]) in page


def test_the_lead_adds_a_priority_with_objectives(client_for, world):
    data = post_data(rows=[(None, "Cut emissions", "", False), (None, "", "", False)])
    response = client_for(world.lead).post(reverse("setup:priority_add"), data)
    assert response.status_code == 302 and response.url == reverse("setup:priority_list")
    priority = CorporatePriority.objects.get(council=world.council, title="Climate")
    assert (priority.description, priority.position) == ("A greener borough.", 2)
    assert list(priority.objectives.values_list("title", flat=True)) == ["Cut emissions"]


def test_the_lead_changes_adds_and_removes_objectives_at_once(client_for, world, climate):
    cut, trees = climate.objectives.all()
    rows = [
        (cut.pk, "Cut carbon emissions", "1", False),
        (trees.pk, "Plant trees", "2", True),
        (None, "Insulate homes", "3", False),
    ]
    data = post_data(climate, rows, title="Climate and nature")
    response = client_for(world.lead).post(
        reverse("setup:priority_change", args=[climate.pk]), data
    )
    assert response.status_code == 302
    climate.refresh_from_db()
    assert climate.title == "Climate and nature"
    assert list(climate.objectives.values_list("title", flat=True)) == [
        "Cut carbon emissions",
        "Insulate homes",
    ]


def test_a_duplicate_priority_is_refused_whatever_the_capitals(client_for, world, climate):
    data = post_data(rows=[(None, "Cut emissions", "", False)], title="CLIMATE")
    response = client_for(world.lead).post(reverse("setup:priority_add"), data)
    html = response.text
    assert response.status_code == 200
    assert "There is already a priority called CLIMATE" in html
    assert 'href="#id_title"' in html and "<title>Error: " in html
    assert 'value="CLIMATE"' in html and 'value="Cut emissions"' in html  # kept as typed
    assert CorporatePriority.objects.filter(council=world.council).count() == 1


def test_another_councils_priority_of_the_same_title_is_no_clash(client_for, world, climate):
    factories.PriorityFactory(council=world.foreign_council, title="Homes")
    data = post_data(rows=[], title="Homes")
    assert client_for(world.lead).post(reverse("setup:priority_add"), data).status_code == 302


def test_a_duplicate_objective_is_refused_and_nothing_is_saved(client_for, world, climate):
    rows = rows_of(climate, [(None, "plant TREES", "", False)])
    data = post_data(climate, rows, title="Renamed")
    response = client_for(world.lead).post(
        reverse("setup:priority_change", args=[climate.pk]), data
    )
    html = response.text
    assert response.status_code == 200
    assert "Objective 3: The priority already has an objective called plant TREES" in html
    assert 'href="#id_objectives-2-title"' in html  # the summary links to the row's field
    climate.refresh_from_db()
    assert climate.title == "Climate"  # one transaction: the priority is not saved either
    assert climate.objectives.count() == 2


def test_an_emptied_objective_title_is_refused(client_for, world, climate):
    cut, trees = climate.objectives.all()
    rows = [(cut.pk, "", "1", False), (trees.pk, "Plant trees", "2", False)]
    response = client_for(world.lead).post(
        reverse("setup:priority_change", args=[climate.pk]), post_data(climate, rows)
    )
    assert "Objective 1: Enter the objective, or tick remove" in response.text
    assert Objective.objects.filter(pk=cut.pk, title="Cut emissions").exists()


def test_removing_an_objective_that_plans_link_to_is_refused(client_for, world, climate):
    cut, trees = climate.objectives.all()
    factories.PriorityContributionFactory(plan=world.plan, priority=climate, objective=cut)
    factories.PriorityContributionFactory(plan=world.other_plan, priority=climate, objective=cut)
    rows = [(cut.pk, "Cut emissions", "1", True), (trees.pk, "Plant trees", "2", False)]
    response = client_for(world.lead).post(
        reverse("setup:priority_change", args=[climate.pk]), post_data(climate, rows)
    )
    assert "Objective 1: You cannot remove Cut emissions: 2 plans link to it." in response.text
    assert Objective.objects.filter(pk=cut.pk).exists()


def test_deleting_a_priority_that_plans_link_to_is_refused(client_for, world, climate):
    objective = factories.ServiceObjectiveFactory(plan=world.plan, priorities=[climate])
    factories.IndicatorFactory(service=world.service).priorities.add(climate)
    assert objective.plan == world.plan
    response = client_for(world.lead).post(
        reverse("setup:priority_delete", args=[climate.pk]), follow=True
    )
    assert "You cannot remove Climate: 1 plan and 1 indicator link to it." in response.text
    assert CorporatePriority.objects.filter(pk=climate.pk).exists()


def test_deleting_a_priority_whose_objective_a_plan_links_to_is_refused(client_for, world, climate):
    factories.PriorityContributionFactory(
        plan=world.plan,
        priority=factories.PriorityFactory(council=world.council, title="Other"),
        objective=climate.objectives.first(),
    )
    response = client_for(world.lead).post(
        reverse("setup:priority_delete", args=[climate.pk]), follow=True
    )
    assert "You cannot remove Climate: 1 plan links to it." in response.text
    assert CorporatePriority.objects.filter(pk=climate.pk).exists()


def test_a_priority_nothing_links_to_is_deleted_with_its_objectives(client_for, world, climate):
    response = client_for(world.lead).post(
        reverse("setup:priority_delete", args=[climate.pk]), follow=True
    )
    assert "Climate has been deleted." in response.text
    assert not CorporatePriority.objects.filter(pk=climate.pk).exists()
    assert not Objective.objects.filter(priority_id=climate.pk).exists()


def test_the_priorities_task_status(world):
    council = world.council
    assert priorities_status(council) == NOT_STARTED
    homes = factories.PriorityFactory(council=council, title="Homes")
    assert priorities_status(council) == INCOMPLETE
    factories.ObjectiveFactory(priority=homes)
    assert priorities_status(council) == COMPLETED
