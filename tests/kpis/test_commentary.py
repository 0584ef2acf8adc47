"""The council's commentary rule: which results need commentary, and that every way of
entering a result (the result page, the spreadsheet upload) asks for it, keeps what was
typed, and writes nothing until it is given. CS01's target for 2026/27 is 97%, higher is
better, amber within 5% (down to 92.15): 95 is amber and 90 is red."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from council.models import Council
from kpis import spreadsheets
from kpis.models import ImportBatch, Indicator, Rating, Result, commentary_reason
from kpis.services import result_record, results_import
from tests import factories
from tests.conftest import person
from tests.kpis.conftest import TODAY

D = Decimal
RED_MESSAGE = "Enter commentary: the result is off target (red)"
AMBER_MESSAGE = "Enter commentary: the result is near target but not on it (amber)"


def set_rule(world, rule: str) -> None:
    world.council.commentary_required = rule
    world.council.save(update_fields=["commentary_required"])
    world.officer.council = world.council


# --- The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, needs",
    [
        ("never", set()),
        ("red", {Rating.RED}),
        ("not_green", {Rating.RED, Rating.AMBER}),
    ],
)
def test_which_ratings_need_commentary_under_each_rule(rule, needs):
    for rating in Rating.values:
        assert bool(commentary_reason(rating, rule)) == (rating in needs), rating


def test_a_new_council_asks_for_commentary_on_red_results(db):
    assert Council.objects.create(name="New Council").commentary_required == "red"


def test_an_indicator_that_is_not_rated_never_needs_commentary(kpis, world):
    set_rule(world, "not_green")
    indicator = Indicator.objects.with_figures().get(pk=kpis.indicator.pk)
    assert indicator.commentary_reason(D("50"), 2026, "not_green") != ""
    indicator.tolerance = None  # no tolerance: not rated
    assert indicator.commentary_reason(D("50"), 2026, "not_green") == ""
    indicator.tolerance, indicator.polarity = D("5"), ""  # no polarity: not rated
    assert indicator.commentary_reason(D("50"), 2026, "not_green") == ""
    # No target for the year, or no number: nothing to rate against.
    assert kpis.indicator.commentary_reason(D("50"), 2030, "not_green") == ""
    assert kpis.indicator.commentary_reason(None, 2026, "not_green") == ""


# --- The result page ---------------------------------------------------------------------


def result_url(kpis, year=2026, period=3):
    return reverse("kpis:result_edit", args=[kpis.indicator.pk, year, period])


def test_a_red_result_without_commentary_is_refused_keeping_what_was_typed(client_for, kpis, world):
    client = client_for(world.officer)
    assert "Commentary is needed when a result is off target (red)." in (
        client.get(result_url(kpis)).content.decode()
    )
    response = client.post(result_url(kpis), {"value": "90%", "commentary": "  "})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert f'href="#id_commentary">{RED_MESSAGE}</a>' in content
    assert 'value="90%"' in content
    assert not Result.objects.filter(year=2026, period=3).exists()

    response = client.post(result_url(kpis), {"value": "90%", "commentary": "Phone outage"})
    assert response.status_code == 302
    result = Result.objects.get(indicator=kpis.indicator, year=2026, period=3)
    assert (result.value, result.commentary) == (D("90"), "Phone outage")


def test_amber_and_green_results_need_none_under_the_default_rule(client_for, kpis, world):
    client = client_for(world.officer)
    assert client.post(result_url(kpis), {"value": "95", "commentary": ""}).status_code == 302
    response = client.post(result_url(kpis, period=2), {"value": "97", "reason": "Late data"})
    assert response.status_code == 302


def test_a_council_that_asks_for_commentary_when_not_on_target(client_for, kpis, world):
    set_rule(world, "not_green")
    client = client_for(world.officer)
    response = client.post(result_url(kpis), {"value": "95", "commentary": ""})
    assert AMBER_MESSAGE in response.content.decode()
    assert "Commentary is needed when a result is not on target (red or amber)." in (
        response.content.decode()
    )
    assert client.post(result_url(kpis), {"value": "97", "commentary": ""}).status_code == 302


def test_a_council_that_never_asks_for_commentary(client_for, kpis, world):
    set_rule(world, "never")
    client = client_for(world.officer)
    assert "Commentary is needed" not in client.get(result_url(kpis)).content.decode()
    assert client.post(result_url(kpis), {"value": "50", "commentary": ""}).status_code == 302


def test_correcting_a_result_to_red_needs_commentary_too(client_for, kpis, world):
    kpis.indicator.results.filter(year=2026, period=2).update(commentary="")
    client = client_for(world.lead)
    url = result_url(kpis, period=2)
    response = client.post(url, {"value": "80", "commentary": "", "reason": "Recount"})
    assert RED_MESSAGE in response.content.decode()
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=2).value == D("96.4")


def test_a_result_in_words_is_not_rated_and_needs_no_commentary(client_for, kpis, world):
    response = client_for(world.officer).post(result_url(kpis), {"value": "n/a"})
    assert response.status_code == 302


def test_scope_of_the_result_page_is_unchanged(client_for, kpis, world):
    post = {"value": "90", "commentary": ""}
    assert client_for(world.clerk).post(result_url(kpis), post).status_code == 403
    other = reverse("kpis:result_edit", args=[kpis.other.pk, 2026, 3])
    assert client_for(world.officer).post(other, post).status_code == 404  # another service
    foreign = reverse("kpis:result_edit", args=[kpis.foreign.pk, 2026, 3])
    assert client_for(world.officer).post(foreign, post).status_code == 404
    assert not Result.objects.filter(year=2026, period=3).exists()


def test_the_service_refuses_a_red_result_without_commentary(kpis, world):
    with pytest.raises(ValidationError) as raised:
        result_record(
            indicator=kpis.indicator,
            year=2026,
            period=3,
            value=D("90"),
            text="90%",
            commentary="",
            user=world.officer,
        )
    assert raised.value.message_dict == {"commentary": [RED_MESSAGE]}
    assert raised.value.error_dict["commentary"][0].code == "commentary_required"


# --- The spreadsheet -----------------------------------------------------------------------


def xlsx(rows, name="results.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = name
    buffer.seek(0)
    return buffer


def read(world, rows):
    return spreadsheets.read_upload(xlsx(rows).getvalue(), user=world.officer, today=TODAY)


def upload(client, rows) -> ImportBatch:
    client.post(reverse("kpis:import_upload"), {"file": xlsx(rows)})
    return ImportBatch.objects.latest("uploaded_at")


def test_the_template_has_a_commentary_column_and_says_what_blank_means(client_for, kpis, world):
    response = client_for(world.officer).get(
        reverse("kpis:template_download"), {"service": world.service.pk}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    headings = [c.value for c in workbook["Results"][1]]
    assert headings[5:8] == ["Q1 2026/27", "Q1 2026/27 commentary", "Q2 2026/27"]
    notes = " ".join(row[0].value for row in workbook["How to fill in"].iter_rows())
    assert "Commentary is needed when a result is off target (red)." in notes
    assert "A blank commentary cell means no commentary" in notes


def test_an_upload_row_that_breaks_the_rule_is_an_error_naming_indicator_and_period(
    client_for, kpis, world
):
    client = client_for(world.officer)
    rows = [
        ["Code", "Q3 2026/27", "Q3 2026/27 commentary"],
        ["CS01", 90, None],
    ]
    batch = upload(client, rows)
    assert [r["error"] for r in batch.rows] == [
        "Cell C2: enter commentary for CS01 Q3 2026/27: the result is off target (red)"
    ]
    content = client.get(batch.get_absolute_url()).content.decode()
    assert "1 row cannot be saved" in content
    assert "enter commentary for CS01 Q3 2026/27" in content
    client.post(batch.get_absolute_url(), {"action": "apply"})
    assert not Result.objects.filter(year=2026, period=3).exists()


def test_an_upload_without_commentary_columns_says_to_add_one(kpis, world):
    rows = read(world, [["Code", "Q3 2026/27"], ["CS01", 90]])
    assert [r["error"] for r in rows] == [
        "Cell B2: enter commentary for CS01 Q3 2026/27: the result is off target (red). "
        "Add a column headed Q3 2026/27 commentary, as in the template"
    ]


def test_uploaded_commentary_is_saved_changed_and_cleared(client_for, kpis, world):
    client = client_for(world.officer)
    header = ["Code", "Q2 2026/27", "Q2 2026/27 commentary", "Q3 2026/27", "Q3 2026/27 commentary"]
    batch = upload(client, [header, ["CS01", 96.4, "New rota", 90, "Phone outage"]])
    assert [(r["change"], r["commentary"], r["error"]) for r in batch.rows] == [
        ("commentary", "New rota", ""),
        ("new", "Phone outage", ""),
    ]
    content = client.get(batch.get_absolute_url()).content.decode()
    assert "1 result with new commentary only" in content and "New commentary" in content
    client.post(batch.get_absolute_url(), {"action": "apply"})
    q2 = Result.objects.get(indicator=kpis.indicator, year=2026, period=2)
    q3 = Result.objects.get(indicator=kpis.indicator, year=2026, period=3)
    assert (q2.value, q2.commentary, q2.corrections.count()) == (D("96.4"), "New rota", 0)
    assert (q3.value, q3.commentary) == (D("90"), "Phone outage")

    # A blank cell means no commentary; a file without the column keeps it.
    batch = upload(client, [header[:3], ["CS01", 96.4, None]])
    client.post(batch.get_absolute_url(), {"action": "apply"})
    q2.refresh_from_db()
    assert q2.commentary == ""
    batch = upload(client, [["Code", "Q3 2026/27"], ["CS01", 89]])
    assert batch.error_rows == []  # the red result keeps its commentary
    client.post(batch.get_absolute_url(), {"action": "apply", "reason": ""})
    q3.refresh_from_db()
    assert (q3.value, q3.commentary) == (D("89"), "Phone outage")


def test_commentary_beside_a_blank_result_is_refused(kpis, world):
    rows = read(world, [["Code", "Q3 2026/27", "Q3 2026/27 commentary"], ["CS01", None, "Why"]])
    assert [r["error"] for r in rows] == [
        "Cell C2: enter the result for Q3 2026/27 for CS01 beside its commentary, "
        "or clear the commentary"
    ]


@pytest.mark.parametrize(
    "heading, message",
    [
        ("Commentary", "must say which period its commentary is for"),
        ("Q4 2026/27 commentary", "has commentary for Q4 2026/27 but no column has its results"),
        ("Someday commentary", "is not a period's commentary"),
    ],
)
def test_commentary_headings_that_cannot_be_used(kpis, world, heading, message):
    with pytest.raises(spreadsheets.SpreadsheetError) as raised:
        read(world, [["Code", "Q3 2026/27", heading], ["CS01", 95, "x"]])
    assert message in raised.value.message


def test_commentary_that_is_a_formula_or_too_long_is_refused(kpis, world):
    header = ["Code", "Q2 2026/27", "Q2 2026/27 commentary"]
    rows = read(world, [header, ["CS01", 96, "=HYPERLINK(1)"], ["CS01", 95, "x" * 5001]])
    assert [r["error"] for r in rows] == [
        "Cell C2: contains a formula: type the commentary instead",
        "Cell C3: Commentary must be 5,000 characters or fewer",
    ]


def test_the_template_round_trips_with_its_commentary(kpis, world):
    kpis.indicator.results.filter(year=2026, period=2).update(commentary="-3 calls lost")
    indicators = list(Indicator.objects.filter(service=world.service).with_figures([2026]))
    data = spreadsheets.template_workbook(indicators, 2026, commentary_rule="red")
    rows = spreadsheets.read_upload(data, user=world.officer, today=TODAY)
    assert {r["change"] for r in rows} == {"unchanged"}


def test_a_rule_tightened_after_the_preview_is_checked_again_before_saving(kpis, world):
    set_rule(world, "never")
    rows = read(world, [["Code", "Q3 2026/27"], ["CS01", 90]])
    batch = ImportBatch.objects.create(
        council=world.council, uploaded_by=world.officer, filename="q3.xlsx", rows=rows
    )
    set_rule(world, "red")
    with pytest.raises(ValidationError) as raised:
        results_import(batch=batch, user=world.officer)
    assert "Enter commentary for CS01 Q3 2026/27" in raised.value.messages[0]
    assert not Result.objects.filter(year=2026, period=3).exists()


def test_reading_an_upload_costs_the_same_queries_for_more_indicators(kpis, world):
    def queries(count: int) -> int:
        for n in range(count):
            indicator = factories.IndicatorFactory(service=world.service, code=f"Q{count}{n:03d}")
            factories.TargetFactory(indicator=indicator, year=2026, value=D("97"))
        codes = [f"Q{count}{n:03d}" for n in range(count)]
        rows = [["Code", "Q3 2026/27", "Q3 2026/27 commentary"]]
        rows += [[code, 90, "Why"] for code in codes]
        with CaptureQueriesContext(connection) as captured:
            read(world, rows)
        return len(captured)

    read(world, [["Code", "Q3 2026/27"], ["CS01", 97]])  # the officer's council, read once
    assert queries(2) == queries(20)


def test_the_lead_uploads_for_any_service_under_the_same_rule(client_for, kpis, world):
    lead = client_for(world.lead)
    batch = upload(lead, [["Code", "Q3 2026/27", "Q3 2026/27 commentary"], ["RV01", 10, None]])
    # RV01 has no target: not rated, so no commentary needed.
    assert batch.error_rows == []
    other = client_for(person(world.foreign_council, "foreign-lead-2", "performance_lead"))
    assert other.get(batch.get_absolute_url()).status_code == 404
