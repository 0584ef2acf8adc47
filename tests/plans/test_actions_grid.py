"""The actions grid: a plan's actions entered and changed as one table, saved in one go."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Action, Plan, Section, SectionKind
from tests import factories


def grid_url(plan) -> str:
    return reverse("plans:action_grid", args=[plan.pk])


def version(aw) -> int:
    return Section.objects.get(pk=aw.section.pk).version


def row(action=None, **values) -> dict:
    """The cells of one row as posted: an existing action's values, changed by `values`."""
    cells = {
        "id": "",
        "reference": "",
        "title": "",
        "objective": "",
        "responsible": "",
        "measure": "",
        "target_text": "",
        "target_date": "",
        "position": "",
    }
    if action is not None:
        cells.update(
            id=str(action.pk),
            reference=action.reference,
            title=action.title,
            objective=str(action.objective_id),
            responsible=action.responsible,
            measure=action.measure,
            target_text=action.target_text,
            target_date=action.target_date.strftime("%d/%m/%Y") if action.target_date else "",
            position=str(action.position),
        )
    cells.update(values)
    return cells


def grid_post(aw, rows: list[dict], initial: int, **extra) -> dict:
    data = {
        "version": version(aw),
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, cells in enumerate(rows):
        for name, value in cells.items():
            data[f"form-{index}-{name}"] = value
    return data


def errors_of(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    return html


# Who may use it ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, aw):
    response = client.get(grid_url(aw.world.plan))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("role", ["manager", "clerk", "lead"])
def test_read_only_roles_are_refused(client_for, aw, role):
    client = client_for(getattr(aw.world, role))
    assert client.get(grid_url(aw.world.plan)).status_code == 403
    assert client.post(grid_url(aw.world.plan), {}).status_code == 403


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
def test_other_service_or_council_sees_nothing(client_for, aw, who):
    client = client_for(getattr(aw.world, who))
    assert client.get(grid_url(aw.world.plan)).status_code == 404
    assert client.post(grid_url(aw.world.plan), {}).status_code == 404


def test_a_published_plan_is_refused(client_for, aw):
    Plan.objects.filter(pk=aw.world.plan.pk).update(status=Plan.Status.PUBLISHED)
    client = client_for(aw.world.officer)
    assert client.get(grid_url(aw.world.plan)).status_code == 403
    data = grid_post(aw, [row(aw.action, title="Changed")], initial=1)
    assert client.post(grid_url(aw.world.plan), data).status_code == 403
    assert Action.objects.get(pk=aw.action.pk).title == aw.action.title


# What it shows -------------------------------------------------------------------------------


def test_officer_sees_every_action_as_a_row_with_labelled_cells(client_for, aw):
    aw.action.reference = "1a"
    aw.action.responsible = "JB/KM"
    aw.action.save()
    response = client_for(aw.world.officer).get(grid_url(aw.world.plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="1a"' in html
    assert "Develop a process to measure avoidable contact</textarea>" in html
    assert '<th scope="col" class="govuk-table__header">How success is measured</th>' in html
    # Each cell is named by its column and row for screen readers.
    assert 'for="id_form-0-title">Action for row 1</label>' in html
    assert 'for="id_form-3-target_date">Target date for row 4</label>' in html
    assert 'Remove<span class="govuk-visually-hidden"> row 1</span>' in html
    # The plan's objective is the only choice, so new rows start under it.
    assert html.count(f'<option value="{aw.objective.pk}" selected>') == 4
    assert 'name="add_row"' in html


def test_a_plan_without_objectives_asks_for_one_first(client_for, aw):
    aw.action.delete()
    aw.objective.delete()
    html = client_for(aw.world.officer).get(grid_url(aw.world.plan)).content.decode()
    assert "Add a service objective</a> first" in html
    assert "form-TOTAL_FORMS" not in html


def test_the_section_page_links_to_the_grid(client_for, aw):
    url = reverse("plans:section_edit", args=[aw.world.plan.pk, aw.section.pk])
    html = client_for(aw.world.officer).get(url).content.decode()
    assert f'href="{grid_url(aw.world.plan)}"' in html


# The council's words ---------------------------------------------------------------------------


def heading(label: str) -> str:
    return f'<th scope="col" class="govuk-table__header">{label}</th>'


# The actions printed as a table: three columns in the council's words; the reference and
# corporate priorities hidden.
TABLE_LAYOUT = {
    "actions": [
        {"key": "title", "label": "What we will do"},
        {"key": "responsible", "label": "Who is responsible"},
        {"key": "target", "label": "By when"},
    ]
}


def test_the_grid_is_headed_as_the_council_prints_its_actions(client_for, aw):
    Section.objects.filter(pk=aw.section.pk).update(columns=TABLE_LAYOUT)
    html = client_for(aw.world.officer).get(grid_url(aw.world.plan)).content.decode()
    for label in ["What we will do", "Who is responsible", "By when"]:
        assert heading(label) in html
    # Each cell's label for screen readers says what its heading says.
    assert 'for="id_form-0-title">What we will do for row 1</label>' in html
    assert 'for="id_form-1-responsible">Who is responsible for row 2</label>' in html
    assert 'for="id_form-0-target_text">By when for row 1</label>' in html
    assert heading("Target or by when") not in html
    assert heading("Action") not in html
    # Columns the council does not print, or has no column for, are still typed here.
    for label in ["Reference", "Service objective", "How success is measured", "Target date"]:
        assert heading(label) in html
    assert 'name="form-0-measure"' in html
    assert 'for="id_form-0-reference">Reference for row 1</label>' in html


def test_without_a_layout_the_grid_keeps_its_own_headings(client_for, aw):
    html = client_for(aw.world.officer).get(grid_url(aw.world.plan)).content.decode()
    labels = [
        "Reference", "Action", "Service objective", "Responsible", "How success is measured",
        "Target or by when", "Target date", "Order",
    ]  # fmt: skip
    assert html.index(heading(labels[0])) < html.index(heading(labels[-1]))
    for label in labels:
        assert heading(label) in html
    assert 'for="id_form-0-responsible">Responsible for row 1</label>' in html


def test_actions_printed_as_cards_take_the_cards_words(client_for, aw):
    # A card's rows are labelled too; the table's label wins where a section has both.
    cards = [{"key": "responsible", "label": "Owner"}, {"key": "target", "label": "Target"}]
    Section.objects.filter(pk=aw.section.pk).update(columns={"action_cards": cards})
    html = client_for(aw.world.officer).get(grid_url(aw.world.plan)).content.decode()
    assert heading("Owner") in html
    assert 'for="id_form-0-responsible">Owner for row 1</label>' in html
    assert heading("Target or by when") in html  # "Target" is the card's default
    Section.objects.filter(pk=aw.section.pk).update(columns={"action_cards": cards, **TABLE_LAYOUT})
    html = client_for(aw.world.officer).get(grid_url(aw.world.plan)).content.decode()
    assert heading("Who is responsible") in html
    assert heading("Owner") not in html


def test_the_grid_takes_the_words_of_the_section_the_actions_print_in(client_for, aw):
    appendix = factories.SectionFactory(
        plan=aw.world.plan,
        title="Appendix: lettered actions",
        kind=SectionKind.ACTIONS,
        position=20,
        columns={"actions": [{"key": "title", "label": "Output"}]},
    )
    Section.objects.filter(pk=aw.section.pk).update(columns=TABLE_LAYOUT)
    client = client_for(aw.world.officer)
    # Its objectives print in the first section (none chosen): the first one's words.
    assert heading("What we will do") in client.get(grid_url(aw.world.plan)).content.decode()
    aw.objective.section = appendix
    aw.objective.save()
    html = client.get(grid_url(aw.world.plan)).content.decode()
    assert heading("Output") in html
    assert heading("Responsible") in html
    # Objectives in both sections: the first section's words, which lock the actions.
    factories.ServiceObjectiveFactory(plan=aw.world.plan, title="Another objective")
    html = client.get(grid_url(aw.world.plan)).content.decode()
    assert heading("What we will do") in html


# Saving --------------------------------------------------------------------------------------


def test_many_rows_are_saved_in_one_go(client_for, aw):
    second = factories.ServiceObjectiveFactory(plan=aw.world.plan, title="To be responsive")
    rows = [row(aw.action, responsible="Customer Services Team", target_text="Ongoing")]
    for number in range(1, 13):
        rows.append(
            row(
                reference=f"2.{number}",
                title=f"Answer calls within {number} minutes",
                objective=str(second.pk),
                responsible="JB",
                measure="Average wait",
                target_text=f"Q{number % 4 + 1} 2026/27",
                target_date="31/03/2027" if number % 2 else "",
            )
        )
    rows.append(row())  # a blank row adds nothing
    before = version(aw)
    response = client_for(aw.world.officer).post(
        grid_url(aw.world.plan), grid_post(aw, rows, initial=1)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{aw.section.anchor}")
    action = Action.objects.get(pk=aw.action.pk)
    assert (action.responsible, action.target_text) == ("Customer Services Team", "Ongoing")
    added = list(Action.objects.filter(objective=second).order_by("position"))
    assert [a.reference for a in added] == [f"2.{n}" for n in range(1, 13)]
    assert added[0].target_date == dt.date(2027, 3, 31)
    assert added[1].target_date is None
    assert all(a.plan_id == aw.world.plan.pk for a in added)
    # Saved as an edit of the actions section, with its history kept.
    section = Section.objects.get(pk=aw.section.pk)
    assert section.version == before + 1
    assert section.updated_by == aw.world.officer
    assert action.history.first().responsible == "Customer Services Team"
    assert action.history.first().history_user == aw.world.officer


def test_a_row_can_be_removed_and_rows_reordered(client_for, aw):
    other = factories.ActionFactory(objective=aw.objective, title="Second", position=2)
    aw.action.position = 1
    aw.action.save()
    rows = [row(aw.action, position="3"), row(other, DELETE="on")]
    response = client_for(aw.world.officer).post(
        grid_url(aw.world.plan), grid_post(aw, rows, initial=2)
    )
    assert response.status_code == 302
    assert not Action.objects.filter(pk=other.pk).exists()
    assert Action.objects.get(pk=aw.action.pk).position == 3


def test_one_bad_row_saves_nothing_and_keeps_what_was_typed(client_for, aw):
    rows = [
        row(aw.action, title="A changed title"),
        row(title="A good new action", objective=str(aw.objective.pk), target_text="Ongoing"),
        row(title="No target yet", objective=str(aw.objective.pk), target_date="31/02/2027"),
        row(title="No objective", target_text="March 2027", responsible="KM"),
    ]
    before = version(aw)
    response = client_for(aw.world.officer).post(
        grid_url(aw.world.plan), grid_post(aw, rows, initial=1)
    )
    html = errors_of(response)
    # The summary links to each bad cell, named by its row.
    assert (
        '<a href="#id_form-2-target_date">Row 3: Target date must be a real date, like 31/03/2025</a>'
        in html
    )
    assert '<a href="#id_form-3-objective">Row 4: Select the service objective</a>' in html
    # The bad cells are marked in place, described by their message.
    assert "Row 3: Enter a target date" not in html  # a mistyped date is not a missing one
    assert 'aria-describedby="id_form-2-target_date_error"' in html
    assert 'id="id_form-2-target_date_error"' in html
    assert "govuk-select--error" in html
    # Nothing saved, everything typed kept.
    assert Action.objects.get(pk=aw.action.pk).title == aw.action.title
    assert Action.objects.filter(plan=aw.world.plan).count() == 1
    assert version(aw) == before
    assert "A changed title</textarea>" in html
    assert "A good new action</textarea>" in html
    assert 'value="31/02/2027"' in html
    assert 'value="March 2027"' in html


def test_a_row_without_a_target_is_refused(client_for, aw):
    rows = [row(aw.action, target_date="", target_text="")]
    html = errors_of(
        client_for(aw.world.officer).post(grid_url(aw.world.plan), grid_post(aw, rows, initial=1))
    )
    assert "Row 1: Enter a target date or a target as text, like Ongoing" in html
    assert Action.objects.get(pk=aw.action.pk).target_date == aw.action.target_date


def test_an_objective_of_another_plan_is_refused(client_for, aw):
    foreign = factories.ServiceObjectiveFactory(plan=aw.world.other_plan)
    rows = [row(aw.action, objective=str(foreign.pk))]
    html = errors_of(
        client_for(aw.world.officer).post(grid_url(aw.world.plan), grid_post(aw, rows, initial=1))
    )
    assert "Row 1: Select an objective of this plan" in html
    assert Action.objects.get(pk=aw.action.pk).objective_id == aw.objective.pk


def test_an_action_of_another_plan_cannot_be_changed(client_for, aw):
    other = factories.ActionFactory(
        objective=factories.ServiceObjectiveFactory(plan=aw.world.other_plan), title="Theirs"
    )
    rows = [row(other, objective=str(aw.objective.pk), title="Mine now")]
    html = errors_of(
        client_for(aw.world.officer).post(grid_url(aw.world.plan), grid_post(aw, rows, initial=1))
    )
    assert "This row is not in this plan any more" in html
    assert Action.objects.get(pk=other.pk).title == "Theirs"
    assert not Action.objects.filter(title="Mine now").exists()


def test_add_another_row_saves_nothing_and_keeps_what_was_typed(client_for, aw):
    rows = [row(aw.action, title="Typed, not saved"), row(title="New", target_date="nonsense")]
    response = client_for(aw.world.officer).post(
        grid_url(aw.world.plan), grid_post(aw, rows, initial=1, add_row="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html
    assert 'name="form-TOTAL_FORMS" value="3"' in html
    assert 'name="form-2-title"' in html
    assert "Typed, not saved</textarea>" in html
    assert 'value="nonsense"' in html
    assert Action.objects.get(pk=aw.action.pk).title == aw.action.title


def test_a_stale_version_is_a_conflict_and_keeps_what_was_typed(client_for, aw):
    data = grid_post(aw, [row(aw.action, title="Mine")], initial=1)
    Section.objects.filter(pk=aw.section.pk).update(version=version(aw) + 1)
    response = client_for(aw.world.officer).post(grid_url(aw.world.plan), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Your changes have not been saved yet" in html
    assert "Mine</textarea>" in html
    assert Action.objects.get(pk=aw.action.pk).title == aw.action.title


# Queries ------------------------------------------------------------------------------------


def add_actions(aw, count):
    for number in range(count):
        factories.ActionFactory(objective=aw.objective, title=f"Action {number}", position=number)


def queries_of(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200
    return len(queries)


def existing_rows(aw, **changes) -> list[dict]:
    actions = Action.objects.filter(plan=aw.world.plan).order_by(*Action._meta.ordering)
    return [row(action, **changes) for action in actions]


def test_query_count_does_not_grow_with_rows(client_for, aw):
    client = client_for(aw.world.officer)
    url = grid_url(aw.world.plan)
    add_actions(aw, 4)  # 5 rows
    small_get = queries_of(client, "get", url)
    # The council's words cost no query: the actions sections are read anyway.
    Section.objects.filter(pk=aw.section.pk).update(columns=TABLE_LAYOUT)
    assert queries_of(client, "get", url) == small_get
    rows = [*existing_rows(aw), row(title="Bad", target_date="soon")]
    small_post = queries_of(client, "post", url, grid_post(aw, rows, initial=len(rows) - 1))
    add_actions(aw, 20)  # 25 rows
    assert queries_of(client, "get", url) == small_get
    rows = [*existing_rows(aw), row(title="Bad", target_date="soon")]
    assert queries_of(client, "post", url, grid_post(aw, rows, initial=len(rows) - 1)) == small_post


def test_rows_left_as_they_were_are_not_written_again(client_for, aw):
    add_actions(aw, 3)
    before = Action.history.count()
    data = grid_post(aw, existing_rows(aw), initial=4)
    assert client_for(aw.world.officer).post(grid_url(aw.world.plan), data).status_code == 302
    assert Action.history.count() == before


def test_more_rows_than_a_table_takes_are_refused_not_dropped(client_for, aw):
    # 98 rows of 10 fields fit in the 1,000 fields Django takes in a post; 99 are refused.
    rows = [row(title=f"Action {n}", objective=str(aw.objective.pk)) for n in range(99)]
    html = errors_of(
        client_for(aw.world.officer).post(grid_url(aw.world.plan), grid_post(aw, rows, initial=0))
    )
    assert "This table can have at most 98 rows" in html
    assert Action.objects.filter(plan=aw.world.plan).count() == 1


def test_the_plan_page_links_to_the_grid_for_editors_only(client_for, aw):
    link = f'href="{grid_url(aw.world.plan)}"'
    assert link in client_for(aw.world.officer).get(aw.world.plan.get_absolute_url()).text
    assert link not in client_for(aw.world.clerk).get(aw.world.plan.get_absolute_url()).text
