"""Numbers in input that say how many of something to make are checked before anything is
made: plan years, rows, list lengths, nesting, digits, form counts. Each test runs under a
memory and time bound (tests/bounds.py), so code without the check fails at once."""

import io
import json

import pytest
from django.urls import reverse

from plans.exchange import pictures, values
from plans.exchange.format import PlanFileError, plan_file_load
from plans.exchange.plan_file import plan_export, plan_import_check
from plans.models import Plan
from risks.services import matrix_current
from tests.bounds import bounded


@pytest.fixture
def exported(world):
    return json.loads(json.dumps(plan_export(plan=world.plan)))


def check(data, world):
    with bounded():
        return plan_import_check(data=data, service=world.sibling_service)


# --- Plan years -------------------------------------------------------------------------------


def test_a_plan_of_a_billion_years_is_refused_before_the_years_are_made(world, exported):
    # The review's 44 KB file: one worker grew to 22 GB building a list of every year.
    exported["plan"]["last_year"] = 1_000_000_000
    result = check(exported, world)
    assert result.errors == [
        "plan: A plan covers at most 5 years; this file says 2026 to 1000000000"
    ]


def test_a_last_year_before_the_first_is_refused(world, exported):
    exported["plan"]["first_year"] = 1_000_000_000
    result = check(exported, world)
    assert result.errors == ["plan: the last year (2028) is before the first year (1000000000)"]


def test_plan_years_outside_the_councils_years_are_refused(world, exported):
    exported["plan"].update(first_year=30_000, last_year=30_000)
    result = check(exported, world)
    assert result.errors == [
        "plan: 30000 is not a financial year of this council (years run from 2000 to 2100)"
    ]


def test_the_import_page_refuses_a_plan_of_a_billion_years(client_for, world, exported):
    exported["plan"]["last_year"] = 1_000_000_000
    file = io.BytesIO(json.dumps(exported).encode())
    file.name = "plan.json"
    with bounded():
        response = client_for(world.lead).post(
            reverse("plans:plan_import"), {"file": file, "service": world.sibling_service.pk}
        )
    assert response.status_code == 200
    assert "A plan covers at most 5 years; this file says 2026 to 1000000000" in (
        response.content.decode()
    )
    assert not Plan.objects.filter(service=world.sibling_service).exists()


# --- Years of indicators' figures ---------------------------------------------------------------


def indicator_row(**changes):
    row = {
        "code": "ZZ01",
        "title": "Calls answered",
        "unit": "percentage",
        "polarity": "higher",
        "frequency": "monthly",
        "kind": "service",
        "targets": [],
        "results": [],
    }
    return row | changes


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            indicator_row(results=[{"year": 1, "period": 1, "value": "5"}]),
            "service_indicators[0].results[0].year: 1 is not a financial year",
        ),
        (
            indicator_row(targets=[{"year": 0, "kind": "number", "value": "5"}]),
            "service_indicators[0].targets[0].year: 0 is not a financial year",
        ),
        (
            indicator_row(baseline="5", baseline_year=32767),
            "service_indicators[0].baseline_year: 32767 is not a financial year",
        ),
    ],
)
def test_kpi_years_outside_the_councils_years_are_refused(world, exported, row, message):
    # Stored, a result of year 1 would make every indicator page list 2,000 years of months.
    exported["service_indicators"] = [row]
    result = check(exported, world)
    assert any(error.startswith(message) for error in result.errors), result.errors


# --- Rows and lists -----------------------------------------------------------------------------


ACTION = {"position": 1, "title": "Answer faster", "target_date": "2027-03-31"}


def test_nested_tables_share_one_budget_of_rows(world, exported, monkeypatch):
    # The rows are counted where the lists are read.
    monkeypatch.setattr(values, "MAX_ROWS_PER_FILE", 300)
    exported["objectives"] = [
        {"position": n, "title": f"Objective {n}", "actions": [ACTION] * 100} for n in range(5)
    ]
    result = check(exported, world)
    assert (
        "objectives[2].actions: the file has more than 300 rows in all; at most 300 can be "
        "imported" in result.errors
    )
    assert not any(error.startswith("objectives[3].actions[") for error in result.errors)


def test_a_list_of_titles_is_a_table_with_its_row_limit(world, exported):
    exported["service_indicators"] = [indicator_row(priorities=["Nope"] * 6_000)]
    result = check(exported, world)
    assert (
        "service_indicators[0].priorities: has 6000 rows; at most 5000 can be imported"
        in result.errors
    )


def test_co_owners_are_a_table_with_its_row_limit(world, exported):
    action = ACTION | {"co_owners": ["nobody"] * 6_000}
    exported["objectives"] = [{"position": 1, "title": "Faster", "actions": [action]}]
    result = check(exported, world)
    assert (
        "objectives[0].actions[0].co_owners: has 6000 rows; at most 5000 can be imported"
        in result.errors
    )


def test_errors_past_two_hundred_are_counted_not_kept(world, exported):
    exported["key_contacts"] = [{"position": n, "name": ""} for n in range(1_000)]
    result = check(exported, world)
    assert len(result.errors) == 201
    assert result.errors[-1].startswith("... and ")
    assert result.errors[-1].endswith(" more problems")


def test_an_org_chart_too_long_to_be_allowed_is_not_decoded(world, exported, monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded a chart that is too long to be allowed")

    exported["org_chart"] = {"alt_text": "Chart", "data_base64": "AAAA" * 2_000_000}
    monkeypatch.setattr(pictures.base64, "b64decode", no_decoding)
    result = check(exported, world)
    assert "org_chart.data_base64: the image is about 6000000 bytes; at most 5242880" in (
        result.errors
    )


# --- Reading the file ---------------------------------------------------------------------------


def post_file(client_for, world, content: bytes):
    file = io.BytesIO(content)
    file.name = "plan.json"
    with bounded():
        return client_for(world.lead).post(
            reverse("plans:plan_import"), {"file": file, "service": world.sibling_service.pk}
        )


def test_json_nested_a_hundred_thousand_deep_gets_a_message(client_for, world):
    response = post_file(client_for, world, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 200
    assert "The plan file nests lists or objects too deeply" in response.content.decode()


def test_a_five_thousand_digit_number_gets_a_message(client_for, world):
    response = post_file(client_for, world, b'{"format_version": ' + b"9" * 5_000 + b"}")
    assert response.status_code == 200
    assert "The plan file has a whole number 5,000 digits long" in response.content.decode()


def test_nesting_under_pythons_limit_but_past_a_plans_is_refused():
    with pytest.raises(PlanFileError, match="nests lists or objects too deeply"):
        plan_file_load(b'{"plan": ' + b"[" * 50 + b"]" * 50 + b"}")
    assert plan_file_load(b'{"plan": [[1]], "n": -12}') == {"plan": [[1]], "n": -12}


# --- A form that counts its own rows ------------------------------------------------------------


# A count Django cannot read (too many digits, not a number) is a tampered form: 0 bands.
@pytest.mark.parametrize(
    ("total", "bands_read"), [("1000000000", 25), ("9" * 5_000, 0), ("many", 0)]
)
def test_the_matrix_page_reads_no_more_bands_than_a_matrix_has(
    client_for, world, total, bands_read
):
    from tests.risks.test_views import matrix_post

    data = matrix_post() | {"bands-TOTAL_FORMS": total}
    with bounded():
        response = client_for(world.lead).post(reverse("risks:matrix_edit"), data)
    assert response.status_code == 200
    assert matrix_current(world.council).version == 1  # nothing saved
    # At most the 25 bands a matrix can have (scores 1 to 25) are read and shown again.
    content = response.content.decode()
    assert ('name="bands-24-name"' in content) == (bands_read == 25)
    assert 'name="bands-25-name"' not in content
