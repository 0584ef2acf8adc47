"""The pages of the actions and projects section: who may use them, and what they save."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Action, Milestone, Plan, ProgressUpdate, Project, Section, ServiceObjective
from plans.services.editing import plan_create
from tests import factories
from tests.plans.conftest import add_actions_section

# (name, url builder, text the officer's GET shows)
PAGES = [
    ("objective_create", lambda aw: ("plans:objective_create", [aw.world.plan.pk]), "Add a service objective"),
    ("objective_edit", lambda aw: ("plans:objective_edit", [aw.world.plan.pk, aw.objective.pk]), "To help reduce failure demand"),
    ("objective_delete", lambda aw: ("plans:objective_delete", [aw.world.plan.pk, aw.objective.pk]), "Remove objective"),
    ("action_create", lambda aw: ("plans:action_create", [aw.world.plan.pk, aw.objective.pk]), "Add an action"),
    ("action_edit", lambda aw: ("plans:action_edit", [aw.world.plan.pk, aw.action.pk]), "Develop a process to measure avoidable contact"),
    ("action_delete", lambda aw: ("plans:action_delete", [aw.world.plan.pk, aw.action.pk]), "Remove action"),
    ("action_progress", lambda aw: ("plans:action_progress", [aw.world.plan.pk, aw.action.pk]), "Report progress"),
    ("project_create", lambda aw: ("plans:project_create", [aw.world.plan.pk]), "Milestone for Q1 2026/27"),
    ("project_edit", lambda aw: ("plans:project_edit", [aw.world.plan.pk, aw.project.pk]), "Customer Experience Strategy"),
    ("project_delete", lambda aw: ("plans:project_delete", [aw.world.plan.pk, aw.project.pk]), "Remove project"),
    ("carry_forward", lambda aw: ("plans:actions_carry_forward", [aw.world.plan.pk]), "Carry actions forward"),
]  # fmt: skip
IDS = [name for name, _, _ in PAGES]


@pytest.fixture
def aw(aw):
    aw.project = factories.ProjectFactory(plan=aw.world.plan)
    return aw


def url_of(aw, build):
    name, args = build(aw)
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "build", "text"), PAGES, ids=IDS)
def test_anonymous_is_sent_to_sign_in(client, aw, name, build, text):
    url = url_of(aw, build)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("role", ["manager", "clerk", "lead"])
@pytest.mark.parametrize(("name", "build", "text"), PAGES, ids=IDS)
def test_read_only_roles_are_refused(client_for, aw, name, build, text, role):
    response = client_for(getattr(aw.world, role)).get(url_of(aw, build))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
@pytest.mark.parametrize(("name", "build", "text"), PAGES, ids=IDS)
def test_other_service_or_council_sees_nothing(client_for, aw, name, build, text, who):
    response = client_for(getattr(aw.world, who)).get(url_of(aw, build))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "build", "text"), PAGES, ids=IDS)
def test_officer_gets_the_page(client_for, aw, name, build, text):
    response = client_for(aw.world.officer).get(url_of(aw, build))
    assert response.status_code == 200
    assert text in response.content.decode()


def test_records_of_another_plan_are_not_found(client_for, aw):
    other = factories.ActionFactory(
        objective=factories.ServiceObjectiveFactory(plan=aw.world.other_plan)
    )
    url = reverse("plans:action_edit", args=[aw.world.plan.pk, other.pk])
    assert client_for(aw.world.officer).get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["objective_create", "action_edit", "project_create", "action_delete"]
)
def test_published_plans_are_not_edited(client_for, aw, name):
    Plan.objects.filter(pk=aw.world.plan.pk).update(status=Plan.Status.PUBLISHED)
    build = {n: b for n, b, _ in PAGES}[name]
    assert client_for(aw.world.officer).get(url_of(aw, build)).status_code == 403


def errors_of(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    return html


def version(aw) -> int:
    return Section.objects.get(pk=aw.section.pk).version


# Objectives ---------------------------------------------------------------------------------


def test_add_an_objective(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:objective_create", args=[aw.world.plan.pk]),
        {
            "title": "To be accessible, responsive and flexible",
            "priorities": [aw.priority.pk],
            "corporate_objectives": [aw.corporate_objective.pk],
            "version": version(aw),
        },
    )
    objective = ServiceObjective.objects.get(title="To be accessible, responsive and flexible")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#objective-{objective.pk}")
    assert list(objective.priorities.all()) == [aw.priority]
    section = Section.objects.get(pk=aw.section.pk)
    assert section.version == aw.section.version + 1
    assert section.updated_by == aw.world.officer


def test_an_objective_needs_a_priority_and_matching_objectives(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:objective_create", args=[aw.world.plan.pk]),
        {"title": "Keep this title", "priorities": [], "version": version(aw)},
    )
    html = errors_of(response)
    assert "Select at least one corporate priority the objective serves" in html
    assert "Keep this title" in html
    response = client_for(aw.world.officer).post(
        reverse("plans:objective_create", args=[aw.world.plan.pk]),
        {
            "title": "Keep this title",
            "priorities": [aw.other_priority.pk],
            "corporate_objectives": [aw.corporate_objective.pk],
            "version": version(aw),
        },
    )
    assert "Select corporate objectives of the priorities you chose" in errors_of(response)
    assert not ServiceObjective.objects.filter(title="Keep this title").exists()


def test_another_councils_priority_is_refused(client_for, aw):
    foreign = factories.PriorityFactory(council=aw.world.foreign_council)
    response = client_for(aw.world.officer).post(
        reverse("plans:objective_edit", args=[aw.world.plan.pk, aw.objective.pk]),
        {"title": "Changed", "priorities": [foreign.pk], "version": version(aw)},
    )
    assert "Select corporate priorities of your council" in errors_of(response)
    assert ServiceObjective.objects.get(pk=aw.objective.pk).title == aw.objective.title


def test_an_objective_with_actions_is_not_removed(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:objective_delete", args=[aw.world.plan.pk, aw.objective.pk]),
        {"version": version(aw)},
    )
    assert "Remove the actions under this objective" in errors_of(response)
    assert ServiceObjective.objects.filter(pk=aw.objective.pk).exists()
    assert version(aw) == aw.section.version


def test_remove_an_action_then_its_objective(client_for, aw):
    client = client_for(aw.world.officer)
    response = client.post(
        reverse("plans:action_delete", args=[aw.world.plan.pk, aw.action.pk]),
        {"version": version(aw)},
    )
    assert response.status_code == 302
    assert not Action.objects.filter(pk=aw.action.pk).exists()
    response = client.post(
        reverse("plans:objective_delete", args=[aw.world.plan.pk, aw.objective.pk]),
        {"version": version(aw)},
    )
    assert response.status_code == 302
    assert not ServiceObjective.objects.filter(pk=aw.objective.pk).exists()
    assert version(aw) == aw.section.version + 2


# Actions ------------------------------------------------------------------------------------


def action_data(aw, **changes):
    data = {
        "objective": aw.objective.pk,
        "title": "Design a new centralised 3 Cs process",
        "measure": "Complaints logged centrally",
        "target_date": "31/12/2026",
        "target_text": "",
        "lead_officer": aw.world.officer.pk,
        "co_owners": [aw.world.manager.pk],
        "other_owners": "Corporate Management Team",
        "links": "Customer Transformation Programme",
        "reporting_frequency": "Quarterly once system is in place",
        "measured_by": "Customer Services Manager",
        "processes": "Seek approval of the draft policy",
        "reporting_timescale": "December 2026",
        "resources": "Officer time",
        "risks": "Member approval delayed",
        "savings": "Less administration",
        "cross_service": "Lessons shared with all services",
        "data_source": "CRM reports",
        "baseline": "-",
        "statutory": "Non-statutory but key to the service",
        "business_case": "Business case to CMT by October",
        "committee": "CPRC",
        "version": version(aw),
    }
    data.update(changes)
    return data


def test_add_an_action_with_its_measure_card(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_create", args=[aw.world.plan.pk, aw.objective.pk]),
        action_data(aw),
    )
    action = Action.objects.get(title="Design a new centralised 3 Cs process")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#action-{action.pk}")
    assert action.plan == aw.world.plan
    assert action.target_date == dt.date(2026, 12, 31)
    assert list(action.co_owners.all()) == [aw.world.manager]
    assert (action.statutory, action.business_case, action.committee) == (
        "Non-statutory but key to the service",
        "Business case to CMT by October",
        "CPRC",
    )
    page = client_for(aw.world.clerk).get(aw.world.plan.get_absolute_url()).content.decode()
    assert "Committee sign-off" in page and "CPRC" in page
    assert action.position == aw.action.position + 1
    assert version(aw) == aw.section.version + 1


def test_a_co_owner_from_another_council_is_refused(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, co_owners=[aw.world.foreign_officer.pk]),
    )
    assert "Select co-owners from the people of your council" in errors_of(response)
    assert not aw.action.co_owners.exists()
    assert version(aw) == aw.section.version


def test_a_lead_officer_from_another_council_is_refused(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, lead_officer=aw.world.foreign_officer.pk),
    )
    assert "Select a lead officer from the people of your council" in errors_of(response)


def test_an_action_needs_a_target(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_create", args=[aw.world.plan.pk, aw.objective.pk]),
        action_data(aw, target_date="", target_text=""),
    )
    html = errors_of(response)
    assert (
        html.count("Enter a target date or a target as text, like Ongoing") == 2
    )  # summary + field
    assert "Design a new centralised 3 Cs process" in html


def test_a_recurring_target_is_enough(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, target_date="", target_text="Quarterly"),
    )
    assert response.status_code == 302
    aw.action.refresh_from_db()
    assert (aw.action.target_date, aw.action.target_text) == (None, "Quarterly")


def test_an_impossible_date_is_refused(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, target_date="31/02/2027"),
    )
    assert "Target date must be a real date, like 31/03/2025" in errors_of(response)


def test_a_target_outside_the_plan_period_is_saved_with_a_warning(client_for, aw):
    client = client_for(aw.world.officer)
    response = client.post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]),
        action_data(aw, target_date="30/06/2031"),
        follow=True,
    )
    html = response.content.decode()
    aw.action.refresh_from_db()
    assert aw.action.target_date == dt.date(2031, 6, 30)
    assert (
        "The target date 30/06/2031 is outside the plan&#x27;s period (2026/27 to 2028/29)" in html
    )
    assert "Target date is outside the plan's period (2026/27 to 2028/29)" in html


def test_a_stale_version_is_a_conflict(client_for, aw):
    data = action_data(aw, title="My change")
    Section.objects.filter(pk=aw.section.pk).update(
        version=aw.section.version + 1, updated_by=aw.world.manager
    )
    response = client_for(aw.world.officer).post(
        reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]), data
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "after you opened this page" in html
    assert "My change" in html
    aw.action.refresh_from_db()
    assert aw.action.title == "Develop a process to measure avoidable contact"


def test_user_text_is_escaped_on_the_plan_page(client_for, aw):
    Action.objects.filter(pk=aw.action.pk).update(title="<script>alert(1)</script>")
    html = client_for(aw.world.clerk).get(aw.world.plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Progress -----------------------------------------------------------------------------------


def test_report_progress_adds_a_record(client_for, aw):
    url = reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk])
    client = client_for(aw.world.officer)
    client.post(url, {"period": "2026-1", "status": "on_track", "note": "Scoping done"})
    response = client.post(url, {"period": "2026-2", "status": "delayed", "note": "CRM late"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#action-{aw.action.pk}")
    assert list(ProgressUpdate.objects.values_list("quarter", "status", "created_by")) == [
        (1, "on_track", aw.world.officer.pk),
        (2, "delayed", aw.world.officer.pk),
    ]
    assert version(aw) == aw.section.version + 2
    html = client.get(url).content.decode()
    assert "Scoping done" in html and "CRM late" in html


def test_delayed_without_a_note_is_refused(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk]),
        {"period": "2026-2", "status": "delayed", "note": ""},
    )
    html = errors_of(response)
    assert (
        "Enter a progress note to say why the action is delayed: the note is what committees read"
        in html
    )
    assert not ProgressUpdate.objects.exists()


def test_a_quarter_outside_the_plan_is_refused(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk]),
        {"period": "2031-1", "status": "on_track", "note": ""},
    )
    assert "Select a quarter of the plan" in errors_of(response)


def test_progress_is_reported_on_a_published_plan(client_for, aw):
    Plan.objects.filter(pk=aw.world.plan.pk).update(status=Plan.Status.PUBLISHED)
    response = client_for(aw.world.officer).post(
        reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk]),
        {"period": "2026-3", "status": "achieved", "note": ""},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().status == "achieved"


# Projects -----------------------------------------------------------------------------------


def project_data(aw, **changes):
    data = {
        "title": "Customer Experience Strategy",
        "manager": "Customer Services Manager",
        "sponsor": "Director of Community",
        "outcome": "Digital first",
        "m2026q1_text": "Consultation",
        "m2026q1_status": "achieved",
        "m2026q2_text": "",
        "m2026q2_status": "not_started",
        "m2026q3_text": "Draft strategy",
        "m2026q3_status": "delayed",
        "m2026q4_text": "",
        "m2026q4_status": "not_started",
        "m2027q0_text": "Implement phase 1",
        "m2027q0_status": "not_started",
        "m2028q0_text": "",
        "m2028q0_status": "not_started",
        "version": version(aw),
    }
    data.update(changes)
    return data


def test_add_a_project_with_milestones(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:project_create", args=[aw.world.plan.pk]), project_data(aw, title="New")
    )
    project = Project.objects.get(title="New")
    assert response.status_code == 302
    assert list(project.milestones.values_list("year", "quarter", "description", "status")) == [
        (2026, 1, "Consultation", "achieved"),
        (2026, 3, "Draft strategy", "delayed"),
        (2027, None, "Implement phase 1", "not_started"),
    ]


def test_edit_a_project_removes_cleared_milestones(client_for, aw):
    factories.MilestoneFactory(project=aw.project, year=2028, quarter=None, description="Old")
    response = client_for(aw.world.officer).post(
        reverse("plans:project_edit", args=[aw.world.plan.pk, aw.project.pk]), project_data(aw)
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(project=aw.project, year=2028).exists()
    assert Milestone.objects.filter(project=aw.project).count() == 3


def test_a_project_needs_a_title(client_for, aw):
    response = client_for(aw.world.officer).post(
        reverse("plans:project_create", args=[aw.world.plan.pk]), project_data(aw, title="")
    )
    html = errors_of(response)
    assert "Enter the project title" in html
    assert "Draft strategy" in html
    assert Project.objects.count() == 1


# Carry forward ------------------------------------------------------------------------------


def test_carry_forward_without_a_next_plan_says_so(client_for, aw):
    html = (
        client_for(aw.world.officer)
        .get(reverse("plans:actions_carry_forward", args=[aw.world.plan.pk]))
        .content.decode()
    )
    assert "has no plan after 2026/27 to 2028/29 yet" in html


def test_carry_forward_into_the_next_plan(client_for, aw):
    later = plan_create(
        service=aw.world.service, first_year=2029, last_year=2029, user=aw.world.officer
    )
    add_actions_section(later)
    client = client_for(aw.world.officer)
    url = reverse("plans:actions_carry_forward", args=[aw.world.plan.pk])
    response = client.post(url, {"actions": []})
    assert "Select the actions to carry forward" in errors_of(response)
    response = client.post(url, {"actions": [aw.action.pk]})
    assert response.status_code == 302
    assert response["Location"] == later.get_absolute_url()
    copy = Action.objects.get(plan=later)
    assert copy.carried_from == aw.action
    html = client.get(later.get_absolute_url()).content.decode()
    source = f"{aw.world.plan.get_absolute_url()}#action-{aw.action.pk}"
    assert (
        f'Carried forward from <a class="govuk-link" href="{source}">2026/27 to 2028/29</a>' in html
    )
    html = client.get(aw.world.plan.get_absolute_url()).content.decode()
    assert f'href="{later.get_absolute_url()}#action-{copy.pk}">2029/30</a>' in html


def test_carry_forward_from_a_published_plan(client_for, aw):
    later = plan_create(
        service=aw.world.service, first_year=2029, last_year=2029, user=aw.world.officer
    )
    add_actions_section(later)
    Plan.objects.filter(pk=aw.world.plan.pk).update(status=Plan.Status.PUBLISHED)
    client = client_for(aw.world.officer)
    html = client.get(aw.world.plan.get_absolute_url()).content.decode()
    url = reverse("plans:actions_carry_forward", args=[aw.world.plan.pk])
    assert url in html
    assert reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]) not in html
    response = client.post(url, {"actions": [aw.action.pk]})
    assert response.status_code == 302
    assert Action.objects.get(plan=later).carried_from == aw.action


def test_carry_forward_into_a_published_plan_is_refused(client_for, aw):
    later = plan_create(
        service=aw.world.service, first_year=2029, last_year=2029, user=aw.world.officer
    )
    add_actions_section(later)
    Plan.objects.filter(pk=later.pk).update(status=Plan.Status.PUBLISHED)
    response = client_for(aw.world.officer).post(
        reverse("plans:actions_carry_forward", args=[aw.world.plan.pk]), {"actions": [aw.action.pk]}
    )
    assert "This plan has been published and can no longer be changed." in errors_of(response)
    assert not Action.objects.filter(plan=later).exists()
    assert not aw.action.progress_updates.exists()


# The plan page ------------------------------------------------------------------------------


def test_plan_page_shows_cards_counts_and_edit_links_to_officers(client_for, aw):
    aw.action.co_owners.set([aw.world.manager])
    factories.ProgressUpdateFactory(
        action=aw.action, year=2026, quarter=1, status="delayed", note="Awaiting CRM"
    )
    factories.MilestoneFactory(project=aw.project, year=2026, quarter=2, description="Soft launch")
    html = client_for(aw.world.officer).get(aw.world.plan.get_absolute_url()).content.decode()
    assert ">To help reduce failure demand</h3>" in html
    assert "Corporate priorities: Financially Independent" in html
    assert "Develop a process to measure avoidable contact" in html
    assert "Awaiting CRM" in html and "Q1 2026/27" in html
    assert ">Delayed</strong>" in html
    assert "How success is measured" in html
    assert "Soft launch" in html and "Project: Customer Experience Strategy" in html
    assert reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk]) in html
    assert reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]) in html
    # The section's own "Edit" is for its text before and after the objectives and actions.
    assert reverse("plans:section_edit", args=[aw.world.plan.pk, aw.section.pk]) in html


def test_plan_page_has_no_edit_links_for_readers(client_for, aw):
    html = client_for(aw.world.clerk).get(aw.world.plan.get_absolute_url()).content.decode()
    assert "Develop a process to measure avoidable contact" in html
    assert reverse("plans:action_edit", args=[aw.world.plan.pk, aw.action.pk]) not in html
    assert reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk]) not in html


def test_the_generic_section_editor_takes_text_and_points_to_the_actions(client_for, aw):
    response = client_for(aw.world.officer).get(
        reverse("plans:section_edit", args=[aw.world.plan.pk, aw.section.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Text before the table" in html
    assert f'href="{aw.world.plan.get_absolute_url()}#{aw.section.anchor}"' in html


def add_actions(aw, count):
    for index in range(count):
        action = factories.ActionFactory(
            objective=aw.objective if index % 2 else factories.ServiceObjectiveFactory(
                plan=aw.world.plan, priorities=[aw.priority]
            ),
        )  # fmt: skip
        action.co_owners.set([aw.world.manager])
        factories.ProgressUpdateFactory(action=action)
        factories.ProgressUpdateFactory(action=action, quarter=2, status="achieved")
        project = factories.ProjectFactory(plan=aw.world.plan)
        factories.MilestoneFactory(project=project)


def plan_page_queries(client, aw):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(aw.world.plan.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_plan_page_query_count_does_not_grow_with_actions(
    client_for, aw, django_assert_num_queries
):
    client = client_for(aw.world.officer)
    add_actions(aw, 10)
    small = plan_page_queries(client, aw)
    add_actions(aw, 190)
    factories.empty_page_caches()
    with django_assert_num_queries(small):
        response = client.get(aw.world.plan.get_absolute_url())
    assert response.content.decode().count('class="govuk-summary-card"') == 201
