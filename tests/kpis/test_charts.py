"""The trend chart is valid SVG with a title and a text alternative, and escapes text."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from kpis.charts import Point, axis_ticks, trend_chart
from kpis.models import Indicator
from kpis.reports import kpi_table

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_valid_svg_with_title_and_text_alternative():
    points = [
        Point("Q1 25/26", Decimal("97.8"), Decimal("97")),
        Point("Q2 25/26", Decimal("96.2"), Decimal("97")),
        Point("Q3 25/26", None, Decimal("97")),
    ]
    markup = trend_chart(points, title="CS01 % of calls answered", chart_id="c1", unit_suffix="%")
    root = ET.fromstring(str(markup))  # noqa: S314 (our own markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "CS01 % of calls answered"
    assert root.get("aria-label") == (
        "CS01 % of calls answered: 2 results from Q1 25/26 to Q2 25/26, "
        "starting at 97.8% and latest 96.2% against a target of 97%."
    )
    assert root.find(f"{SVG}desc").text == root.get("aria-label")
    # Results as circles, targets as squares: shape as well as colour.
    assert len(root.findall(f"{SVG}circle")) == 2 + 1  # two results and the legend
    assert len(root.findall(f"{SVG}polyline")) == 2


def test_chart_escapes_text_and_handles_no_data():
    markup = trend_chart([Point("<b>", None, None)], title='A & B <script>"', chart_id="x")
    root = ET.fromstring(str(markup))  # noqa: S314 (our own markup)
    assert root.find(f"{SVG}title").text == 'A & B <script>"'
    assert "<script>" not in str(markup)
    assert root.get("aria-label") == 'A & B <script>": no results have been entered yet.'


def test_plan_rows_give_the_same_chart_for_the_pdf(kpis, world, today):
    indicators = list(Indicator.objects.for_service(world.service))
    table = kpi_table(indicators, [2026, 2027, 2028], today)
    (row,) = table.service_rows
    root = ET.fromstring(str(row.chart(today)))  # noqa: S314 (our own markup)
    assert root.find(f"{SVG}title").text == "CS01 % of calls answered: results against targets"
    assert "latest 96.4% against a target of 97%" in root.get("aria-label")
    assert row.last_actual.value == Decimal("97.1")
    assert [t and t.value for t in row.targets] == [Decimal("97"), Decimal("97"), None]
    assert row.latest.rating == "amber"


def axis_labels(markup) -> list[str]:
    root = ET.fromstring(str(markup))  # noqa: S314 (our own markup)
    return [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]


def test_the_value_axis_counts_in_round_steps_with_its_unit():
    calls = [Point("Q1", Decimal("1786"), None), Point("Q2", Decimal("2110"), Decimal("2000"))]
    assert axis_labels(trend_chart(calls, title="Calls", chart_id="a")) == [
        "1,700", "1,800", "1,900", "2,000", "2,100", "2,200",
    ]  # fmt: skip
    answered = [Point("Q1", Decimal("96.2"), Decimal("97")), Point("Q2", Decimal("97.8"), None)]
    assert axis_labels(trend_chart(answered, title="A", chart_id="b", unit_suffix="%")) == [
        "96%", "96.5%", "97%", "97.5%", "98%",
    ]  # fmt: skip
    spend = [Point("Q1", Decimal("83500"), None), Point("Q2", Decimal("1615700"), None)]
    labels = axis_labels(trend_chart(spend, title="S", chart_id="c", unit_prefix="£"))
    assert labels == ["£0", "£500,000", "£1,000,000", "£1,500,000", "£2,000,000"]


def test_a_unit_that_is_a_word_heads_the_axis_once():
    days = [Point("Q1", Decimal("8.5"), Decimal("10")), Point("Q2", Decimal("12"), None)]
    labels = axis_labels(trend_chart(days, title="Days lost", chart_id="d", unit_suffix=" days"))
    assert labels[-1] == "days"
    assert labels[:-1] == ["8", "9", "10", "11", "12"]


def test_axis_ticks_cover_the_figures_however_they_fall():
    for low, high in [("0", "0"), ("-3", "12"), ("0.02", "0.07"), ("5", "5"), ("0", "1")]:
        ticks = axis_ticks(Decimal(low), Decimal(high))
        assert ticks[0] <= Decimal(low) and ticks[-1] >= Decimal(high)
        assert 2 <= len(ticks) <= 6
        steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1


def test_a_provisional_result_is_drawn_hollow_with_a_legend_and_named_in_words():
    """A pack including results not accepted yet marks them by shape, not colour alone."""
    points = [
        Point("Q1 26/27", Decimal("97.8"), Decimal("97")),
        Point("Q2 26/27", Decimal("96.4"), Decimal("97"), provisional=True),
    ]
    root = ET.fromstring(str(trend_chart(points, title="CS01", chart_id="c", unit_suffix="%")))  # noqa: S314
    circles = root.findall(f"{SVG}circle")
    hollow = [c for c in circles if c.get("fill") == "#ffffff"]
    solid = [c for c in circles if c.get("fill") == "#1d70b8"]
    assert len(hollow) == 2  # Q2's marker and the legend's
    assert all(c.get("stroke") == "#1d70b8" and c.get("stroke-width") == "2" for c in hollow)
    assert len(solid) == 2  # Q1's marker and the legend's "Result"
    legend = [t.text for t in root.findall(f"{SVG}text")]
    assert "Provisional" in legend
    assert root.get("aria-label").endswith(
        "Hollow points are provisional (not yet accepted): Q2 26/27."
    )


def test_a_chart_of_accepted_results_has_no_hollow_points_and_no_provisional_legend():
    points = [Point("Q1 26/27", Decimal("97.8"), Decimal("97"))]
    markup = str(trend_chart(points, title="CS01", chart_id="c", unit_suffix="%"))
    root = ET.fromstring(markup)  # noqa: S314 (our own markup)
    assert [c for c in root.findall(f"{SVG}circle") if c.get("fill") == "#ffffff"] == []
    assert "rovisional" not in markup
