"""The indicators grid: a service's indicators and their targets typed as one table."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from kpis.models import Indicator, Target, TargetRevision
from plans.models import Section, SectionKind
from plans.views import indicator_grid
from tests import factories

YEARS = (2026, 2027, 2028)  # this year (22 November 2026) and the next two


def grid_url(service, query="") -> str:
    return reverse("kpis:indicator_grid", args=[service.pk]) + query


def row(indicator=None, **values) -> dict:
    """The cells of one row as posted: an indicator's values as shown, changed by `values`."""
    cells = {
        "id": "",
        "reference": "",
        "code": "",
        "title": "",
        "kind": "service",
        "unit": "percentage",
        "frequency": "quarterly",
        "baseline": "",
        "position": "",
        **{f"target_{year}": "" for year in YEARS},
    }
    if indicator is not None:
        targets = {t.year: t for t in indicator.targets.all()}
        cells.update(
            id=str(indicator.pk),
            reference=indicator.reference,
            code=indicator.code,
            title=indicator.title,
            kind=indicator.kind,
            unit=indicator.unit,
            frequency=indicator.frequency,
            baseline=indicator.baseline_printed,
            position=str(indicator.position),
            **{f"target_{y}": targets[y].printed for y in YEARS if y in targets},
        )
    cells.update(values)
    return cells


def grid_post(rows: list[dict], initial: int, **extra) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "reason": "",
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


def test_anonymous_is_sent_to_sign_in(client, world, kpis):
    response = client.get(grid_url(world.service))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_the_lead_sets_any_service_s_targets_in_the_grid(client_for, world, kpis):
    assert client_for(world.lead).get(grid_url(world.service)).status_code == 200


@pytest.mark.parametrize("role", ["manager", "clerk"])
def test_read_only_roles_are_refused(client_for, world, kpis, role):
    client = client_for(getattr(world, role))
    assert client.get(grid_url(world.service)).status_code == 403
    data = grid_post([row(kpis.indicator, title="Changed")], initial=1)
    assert client.post(grid_url(world.service), data).status_code == 403
    assert Indicator.objects.get(pk=kpis.indicator.pk).title == "% of calls answered"


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
def test_other_service_or_council_sees_nothing(client_for, world, kpis, who):
    client = client_for(getattr(world, who))
    assert client.get(grid_url(world.service)).status_code == 404
    assert client.post(grid_url(world.service), {}).status_code == 404


# What it shows -------------------------------------------------------------------------------


def test_officer_sees_each_indicator_with_its_targets_as_printed(client_for, world, kpis):
    Target.objects.filter(indicator=kpis.indicator, year=2027).update(
        kind=Target.Kind.TBA, value=None, text="TBA"
    )
    Indicator.objects.filter(pk=kpis.indicator.pk).update(baseline_text="£83.5k")
    response = client_for(world.officer).get(grid_url(world.service))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="CS01"' in html
    assert 'value="£83.5k"' in html
    assert 'name="form-0-target_2026" value="97%"' in html
    assert 'name="form-0-target_2027" value="TBA"' in html
    assert '<th scope="col" class="govuk-table__header">Target 2028/29</th>' in html
    assert 'for="id_form-2-target_2027">Target 2027/28 for row 3</label>' in html
    assert "Tax collected" not in html  # another service's indicator


def test_the_years_shown_can_be_chosen(client_for, world, kpis):
    html = client_for(world.officer).get(grid_url(world.service, "?from=2024&to=2025"))
    html = html.content.decode()
    assert 'name="form-0-target_2025" value="97%"' in html
    assert "target_2026" not in html
    # Years the council has not set up, or nonsense, fall back to the usual three.
    html = client_for(world.officer).get(grid_url(world.service, "?from=٢٠٢٤&to=1"))
    assert "target_2028" in html.content.decode()


def test_the_indicator_list_and_the_plan_section_link_to_the_grid(
    client_for, world, kpis, kpi_section
):
    client = client_for(world.officer)
    html = client.get(reverse("kpis:indicator_list", args=[world.service.pk])).content.decode()
    assert f'href="{grid_url(world.service)}"' in html
    url = reverse("plans:section_edit", args=[world.plan.pk, kpi_section.pk])
    html = client.get(url).content.decode()
    assert f'href="{grid_url(world.service)}?from=2026&amp;to=2028"' in html


# The council's words ---------------------------------------------------------------------------


def heading(label: str) -> str:
    return f'<th scope="col" class="govuk-table__header">{label}</th>'


# The plan's indicators table as Three Rivers prints it: a label for each year in turn.
KPI_LAYOUT = {
    "indicators": [
        {"key": "reference", "label": "PI ref"},
        {"key": "title", "label": "Performance indicator"},
        {"key": "targets", "label": "{year} target (this year) | {year} target (next year)"},
    ]
}


def lay_out(section, layout) -> None:
    section.columns = layout
    section.save(update_fields=["columns"])


def test_the_grid_is_headed_as_the_service_s_plan_prints_it(client_for, world, kpis, kpi_section):
    lay_out(kpi_section, KPI_LAYOUT)  # world.plan: 2026/27 to 2028/29, the years shown
    html = client_for(world.officer).get(grid_url(world.service)).content.decode()
    for label in [
        "PI ref", "Performance indicator", "2026/27 target (this year)",
        "2027/28 target (next year)", "2028/29 target (next year)",
    ]:  # fmt: skip
        assert heading(label) in html
    # Each cell's label for screen readers says what its heading says.
    assert 'for="id_form-0-target_2026">2026/27 target (this year) for row 1</label>' in html
    assert 'for="id_form-2-title">Performance indicator for row 3</label>' in html
    assert heading("Target 2026/27") not in html
    assert heading("Indicator") not in html
    # Columns the plan does not print are still typed here, in the grid's words.
    for label in ["Code", "Type", "Unit", "Frequency", "Baseline", "Order"]:
        assert heading(label) in html
    assert 'for="id_form-0-frequency">Frequency for row 1</label>' in html


def test_the_years_shown_are_labelled_as_the_plan_s_years(client_for, world, kpis, kpi_section):
    lay_out(kpi_section, KPI_LAYOUT)
    client = client_for(world.officer)
    html = client.get(grid_url(world.service, "?from=2027&to=2028")).content.decode()
    assert heading("2027/28 target (next year)") in html  # the plan's second year
    assert heading("2026/27 target (this year)") not in html
    # Years before any plan of the service: the grid's own words.
    html = client.get(grid_url(world.service, "?from=2024&to=2025")).content.decode()
    assert heading("Target 2025/26") in html
    assert heading("Reference") in html


def test_without_a_layout_the_grid_keeps_its_own_headings(client_for, world, kpis, kpi_section):
    other_section = Section.objects.create(
        plan=world.other_plan, position=9, number="9", title="PIs", kind=SectionKind.KPIS
    )
    lay_out(other_section, KPI_LAYOUT)  # another service's plan
    html = client_for(world.officer).get(grid_url(world.service)).content.decode()
    for label in ["Reference", "Code", "Indicator", "Target 2026/27", "Target 2028/29"]:
        assert heading(label) in html
    assert 'for="id_form-0-target_2026">Target 2026/27 for row 1</label>' in html
    assert "PI ref" not in html


def test_the_grid_s_url_is_served_with_the_plan_s_words(world):
    # kpis may not read plans: plans serves the page and passes the words in.
    assert resolve(grid_url(world.service)).func is indicator_grid.indicator_grid


# Saving --------------------------------------------------------------------------------------


def test_many_rows_are_saved_in_one_go(client_for, world, kpis):
    rows = [row(kpis.indicator, reference="KPI 1", baseline="96.5%")]
    for number in range(1, 11):
        rows.append(
            row(
                code=f"cs{number:02d}x",
                title=f"Calls answered in {number} minutes",
                unit="money",
                baseline="£1,615,700",
                target_2026="£83.5k",
                target_2027="TBA",
                target_2028="n/a" if number % 2 else "",
            )
        )
    rows.append(row())  # a blank row adds nothing
    response = client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=1))
    assert response.status_code == 302
    assert response["Location"] == reverse("kpis:indicator_list", args=[world.service.pk])
    indicator = Indicator.objects.get(pk=kpis.indicator.pk)
    assert (indicator.reference, indicator.baseline, indicator.baseline_text) == (
        "KPI 1",
        Decimal("96.5"),
        "96.5%",
    )
    added = Indicator.objects.filter(service=world.service).exclude(pk=indicator.pk)
    assert added.count() == 10
    first = added.get(code="CS01X")
    assert (first.baseline, first.council_id) == (Decimal("1615700"), world.council.pk)
    targets = {t.year: t for t in first.targets.all()}
    assert (targets[2026].value, targets[2026].text) == (Decimal("83500"), "£83.5k")
    assert (targets[2027].kind, targets[2027].value) == (Target.Kind.TBA, None)
    assert targets[2028].text == "n/a"
    assert 2028 not in {t.year for t in added.get(code="CS02X").targets.all()}
    # The history keeps who changed what; targets not touched are not rewritten.
    assert indicator.history.first().history_user == world.officer
    assert not TargetRevision.objects.exists()


def test_a_changed_target_needs_a_reason_and_keeps_the_old_one(client_for, world, kpis):
    client = client_for(world.officer)
    rows = [row(kpis.indicator, target_2027="98%")]
    html = errors_of(client.post(grid_url(world.service), grid_post(rows, initial=1)))
    assert (
        '<a href="#id_reason">Enter the reason for changing the targets of CS01 2027/28</a>' in html
    )
    assert 'value="98%"' in html
    assert kpis.indicator.targets.get(year=2027).value == Decimal("97")
    data = grid_post(rows, initial=1, reason="Agreed at committee")
    assert client.post(grid_url(world.service), data).status_code == 302
    target = kpis.indicator.targets.get(year=2027)
    assert (target.value, target.text) == (Decimal("98"), "98%")
    revision = TargetRevision.objects.get(target=target)
    assert (revision.old_value, revision.reason) == (Decimal("97"), "Agreed at committee")


def test_one_bad_row_saves_nothing_and_keeps_what_was_typed(client_for, world, kpis):
    rows = [
        row(kpis.indicator, title="Calls answered, changed", target_2027=""),
        row(code="CS02", title="A good new indicator", target_2026="85%"),
        row(code="CS03", title="", baseline="12"),
        row(code="CS04", title="Too precise", target_2027="3.14159"),
        row(code="cs02", title="Same code as row 2"),
    ]
    response = client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=1))
    html = errors_of(response)
    assert (
        '<a href="#id_form-0-target_2027">Row 1: The target for 2027/28 cannot be removed: '
        "enter TBA instead</a>" in html
    )
    assert '<a href="#id_form-2-title">Row 3: Enter the title of the indicator</a>' in html
    assert (
        '<a href="#id_form-3-target_2027">Row 4: Target for 2027/28 can have at most 2 decimal '
        "places</a>" in html
    )
    assert '<a href="#id_form-4-code">Row 5: Another row has this code: choose another</a>' in html
    assert 'aria-describedby="id_form-3-target_2027_error"' in html
    assert "govuk-input--error" in html
    # Nothing saved, everything typed kept.
    assert Indicator.objects.get(pk=kpis.indicator.pk).title == "% of calls answered"
    assert Indicator.objects.filter(service=world.service).count() == 1
    assert "Calls answered, changed</textarea>" in html
    assert 'value="3.14159"' in html
    assert 'value="85%"' in html


def test_a_code_of_another_service_of_the_council_is_refused(client_for, world, kpis):
    rows = [row(kpis.indicator), row(code="rv01", title="Taken")]
    html = errors_of(
        client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=1))
    )
    assert "Row 2: Another indicator of the council already has this code" in html


def test_an_indicator_without_results_can_be_removed(client_for, world, kpis):
    spare = factories.IndicatorFactory(service=world.service, code="CS09", title="Spare")
    factories.TargetFactory(indicator=spare, year=2026)
    rows = [row(kpis.indicator), row(spare, DELETE="on", title="")]
    response = client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=2))
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=spare.pk).exists()
    assert Indicator.objects.filter(pk=kpis.indicator.pk).exists()


def test_an_indicator_with_results_cannot_be_removed(client_for, world, kpis):
    rows = [row(kpis.indicator, DELETE="on")]
    html = errors_of(
        client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=1))
    )
    assert (
        '<a href="#id_form-0-DELETE">Row 1: CS01 has results, so it cannot be removed</a>' in html
    )
    assert Indicator.objects.filter(pk=kpis.indicator.pk).exists()


def test_an_indicator_of_another_service_cannot_be_changed(client_for, world, kpis):
    rows = [row(kpis.other, title="Mine now", code="RV01")]
    html = errors_of(
        client_for(world.officer).post(grid_url(world.service), grid_post(rows, initial=1))
    )
    assert "This row is not an indicator of this service any more" in html
    assert Indicator.objects.get(pk=kpis.other.pk).title == "Tax collected"


def test_add_another_row_saves_nothing_and_keeps_what_was_typed(client_for, world, kpis):
    rows = [row(kpis.indicator, title="Typed, not saved"), row(title="New", target_2026="1.234")]
    response = client_for(world.officer).post(
        grid_url(world.service), grid_post(rows, initial=1, add_row="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html
    assert 'name="form-TOTAL_FORMS" value="3"' in html
    assert 'name="form-2-title"' in html
    assert "Typed, not saved</textarea>" in html
    assert 'value="1.234"' in html
    assert Indicator.objects.get(pk=kpis.indicator.pk).title == "% of calls answered"


# Queries ------------------------------------------------------------------------------------


def add_indicators(world, count):
    for number in range(count):
        indicator = factories.IndicatorFactory(service=world.service, title=f"Indicator {number}")
        for year in YEARS:
            factories.TargetFactory(indicator=indicator, year=year)
        factories.ResultFactory(indicator=indicator)


def queries_of(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200
    return len(queries)


def existing_rows(world) -> list[dict]:
    indicators = Indicator.objects.filter(service=world.service).order_by("kind", "position", "pk")
    return [row(indicator) for indicator in indicators.prefetch_related("targets")]


def test_query_count_does_not_grow_with_rows(client_for, world, kpis, kpi_section):
    client = client_for(world.officer)
    url = grid_url(world.service)
    add_indicators(world, 4)  # 5 rows
    small_get = queries_of(client, "get", url)
    # The plan's words cost no query more: the plan's section is looked for anyway.
    lay_out(kpi_section, KPI_LAYOUT)
    assert queries_of(client, "get", url) == small_get
    rows = [*existing_rows(world), row(title="Bad", target_2026="1.234")]
    small_post = queries_of(client, "post", url, grid_post(rows, initial=len(rows) - 1))
    add_indicators(world, 20)  # 25 rows
    assert queries_of(client, "get", url) == small_get
    rows = [*existing_rows(world), row(title="Bad", target_2026="1.234")]
    assert queries_of(client, "post", url, grid_post(rows, initial=len(rows) - 1)) == small_post


def test_rows_left_as_they_were_are_not_written_again(client_for, world, kpis):
    add_indicators(world, 3)
    before = (Indicator.history.count(), Target.history.count())
    data = grid_post(existing_rows(world), initial=4)
    assert client_for(world.officer).post(grid_url(world.service), data).status_code == 302
    assert (Indicator.history.count(), Target.history.count()) == before


def test_a_refusal_met_while_saving_is_linked_to_the_grid_s_heading():
    """kpis.grid.refuse_grid: what section_save or a row's service refuses after the grid
    was valid is an error of the whole grid, linked from the summary to its heading."""
    from django import forms
    from django.core.exceptions import ValidationError

    from kpis.grid import grid_error_links, refuse_grid

    grid = forms.formset_factory(forms.Form)({"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    assert grid.is_valid()
    refuse_grid(grid, ValidationError(["CS01 has been removed.", "Reload the page."]))
    assert not grid.is_valid()
    assert grid_error_links(grid, "indicators-heading") == [
        ("indicators-heading", "CS01 has been removed. Reload the page.")
    ]
