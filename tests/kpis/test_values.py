"""Values as councils print them: the text as typed prints, its number (if any) rates.

Also indicators without a code, polarity or tolerance, and the plan's own order."""

import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from kpis.figures import FigureError, in_unit, parse_figure
from kpis.models import Indicator, Rating, Result, Target, Travel
from plans.exchange.plan_file import plan_export, plan_import
from tests import factories
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf

D = Decimal


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("85%", D("85")),
        ("15%", D("15")),
        ("22 days", D("22")),
        ("8.5 days", D("8.5")),
        ("1 day", D("1")),
        ("30 secs", D("30")),
        ("£83.5k", D("83500")),
        ("£1.2m", D("1200000")),
        ("£1,615,700", D("1615700")),
        ("1,200", D("1200")),
        ("-3.5", D("-3.5")),
        ("12.5 t", D("12.5")),
        ("3 tonnes", D("3")),
        ("1,200 tons", D("1200")),
        (" 95 ", D("95")),
        ("TBA", None),
        ("n/a", None),
        ("TBC", None),
        ("Not known", None),
        ("New PI", None),
        ("66%?", None),
        ("80-85%", None),
        ("Ongoing", None),
        ("March 2008", None),
        ("By end May 2007", None),
        ("1,20", None),
    ],
)
def test_the_number_is_taken_only_from_one_figure(text, number):
    assert parse_figure(text) == number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("95.125%", "can have at most 2 decimal places"),
        ("£1.000001k", "can have at most 2 decimal places"),
        ("£2,000,000,000,000", "must be less than 1 trillion"),
    ],
)
def test_a_figure_the_database_cannot_hold_is_refused(text, message):
    with pytest.raises(FigureError) as error:
        parse_figure(text)
    assert str(error.value) == message


def test_numbers_without_text_print_as_before():
    assert [
        in_unit(D("96.50"), "percentage"),
        in_unit(D("1200"), "money"),
        in_unit(D("-43490"), "money"),
        in_unit(D("12"), "days"),
        in_unit(D("30"), "time"),
        in_unit(D("1200.00"), "number"),
        in_unit(None, "number"),
    ] == ["96.5%", "£1,200", "(43,490)", "12 days", "30 secs", "1,200", ""]


# --- Constraints ----------------------------------------------------------------------------


def constraint_of(error) -> str:
    return error.value.__cause__.diag.constraint_name


def test_a_result_needs_a_number_or_a_text(kpis):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Result.objects.create(indicator=kpis.indicator, year=2026, period=3, value=None, text="")
    assert constraint_of(error) == "result_has_value_or_text"
    Result.objects.create(indicator=kpis.indicator, year=2026, period=3, value=None, text="n/a")


def test_a_target_in_words_needs_its_text(kpis):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Target.objects.create(indicator=kpis.indicator, year=2028, kind="text", value=None)
    assert constraint_of(error) == "target_text_kind_has_text"
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Target.objects.create(
            indicator=kpis.indicator, year=2028, kind="text", value=D("1"), text="1"
        )
    assert constraint_of(error) == "target_value_matches_kind"


def test_codes_are_unique_only_when_given(world):
    factories.IndicatorFactory(service=world.service, code="")
    factories.IndicatorFactory(service=world.service, code="")
    factories.IndicatorFactory(service=world.service, code="CS09")
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        factories.IndicatorFactory(service=world.other_service, code="CS09")
    assert constraint_of(error) == "indicator_unique_code"


def test_polarity_may_be_unset_but_not_made_up(world):
    factories.IndicatorFactory(service=world.service, code="", polarity="", tolerance=None)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        factories.IndicatorFactory(service=world.service, code="", polarity="sideways")
    assert constraint_of(error) == "indicator_polarity_valid"


# --- Ratings --------------------------------------------------------------------------------


def status_of(indicator, year, period):
    indicator = Indicator.objects.with_figures().get(pk=indicator.pk)
    return indicator.status_at(indicator.period(year, period))


def test_a_result_without_a_number_is_not_rated(kpis):
    Result.objects.create(indicator=kpis.indicator, year=2026, period=3, text="n/a")
    status = status_of(kpis.indicator, 2026, 3)
    assert (status.rating, status.vs_previous, status.result.printed) == (
        Rating.NOT_RATED,
        Travel.UNKNOWN,
        "n/a",
    )


@pytest.mark.parametrize("rule", [{"polarity": ""}, {"tolerance": None}])
def test_an_indicator_without_polarity_or_tolerance_is_not_rated(kpis, rule):
    Indicator.objects.filter(pk=kpis.indicator.pk).update(**rule)
    status = status_of(kpis.indicator, 2026, 2)  # 96.4 against 97: amber with a rule
    assert status.rating == Rating.NOT_RATED
    if "polarity" in rule:  # no direction of travel without a polarity either
        assert (status.vs_previous, status.vs_last_year) == (Travel.UNKNOWN, Travel.UNKNOWN)


def test_a_target_in_words_rates_nothing_against_it(kpis):
    Target.objects.filter(indicator=kpis.indicator, year=2026).update(
        kind="text", value=None, text="80-85%"
    )
    status = status_of(kpis.indicator, 2026, 2)
    assert (status.rating, status.target.printed) == (Rating.NO_TARGET, "80-85%")


# --- Forms ----------------------------------------------------------------------------------


def test_targets_are_typed_as_printed(client_for, kpis, world):
    url = reverse("kpis:targets_edit", args=[kpis.indicator.pk])
    response = client_for(world.officer).post(
        url,
        {
            "value_2025": "97%",
            "value_2026": "£83.5k",
            "value_2027": "80-85%",
            "value_2028": "New PI",
            "reason": "Agreed at committee",
        },
    )
    assert response.status_code == 302
    targets = {t.year: (t.kind, t.value, t.printed) for t in kpis.indicator.targets.all()}
    assert targets == {
        2025: ("number", D("97"), "97%"),  # unchanged: kept as it was, with no revision
        2026: ("number", D("83500"), "£83.5k"),
        2027: ("text", None, "80-85%"),
        2028: ("new", None, "New PI"),
    }
    assert kpis.indicator.targets.get(year=2025).revisions.count() == 0
    page = client_for(world.officer).get(url).content.decode()
    assert 'value="£83.5k"' in page and 'value="80-85%"' in page


def test_a_result_is_typed_as_printed_and_kept_on_correction(client_for, kpis, world):
    client = client_for(world.officer)
    url = reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 3])
    assert client.post(url, {"value": "66%?", "commentary": ""}).status_code == 302
    result = Result.objects.get(indicator=kpis.indicator, year=2026, period=3)
    assert (result.value, result.text) == (None, "66%?")
    assert 'value="66%?"' in client.get(url).content.decode()
    response = client.post(url, {"value": "66%", "commentary": ""})
    assert "Enter the reason for correcting the result" in response.content.decode()
    # 66% against a target of 97% is red: the council's rule asks for commentary.
    assert "Enter commentary: the result is off target (red)" in response.content.decode()
    client.post(url, {"value": "66%", "commentary": "Outage", "reason": "Confirmed"})
    result.refresh_from_db()
    assert (result.value, result.text) == (D("66"), "66%")
    correction = result.corrections.get()
    assert (correction.old_printed, correction.new_printed) == ("66%?", "66%")


INDICATOR_POST = {
    "title": "Planning appeals",
    "kind": "service",
    "unit": "percentage",
    "polarity": "",
    "frequency": "quarterly",
    "tolerance_kind": "percentage",
    "tolerance": "",
}


def test_an_indicator_without_code_polarity_or_tolerance(client_for, world):
    client = client_for(world.officer)
    url = reverse("kpis:indicator_create", args=[world.service.pk])
    for title in ("Appeals allowed", "Appeals dismissed"):
        response = client.post(
            url, {**INDICATOR_POST, "title": title, "reference": "New PI", "baseline": "£83.5k"}
        )
        assert response.status_code == 302
    first, second = Indicator.objects.filter(service=world.service).order_by("pk")
    assert (first.code, first.printed_ref, first.polarity, first.tolerance) == (
        "",
        "New PI",
        "",
        None,
    )
    assert (first.baseline, first.baseline_printed) == (D("83500"), "£83.5k")
    assert (first.position, second.position) == (1, 2)  # in the order entered
    assert first.rule_label() == "Not rated: no polarity or tolerance set"
    page = client.get(reverse("kpis:indicator_edit", args=[first.pk])).content.decode()
    assert 'value="£83.5k"' in page


def test_an_invalid_baseline_or_position_is_shown_and_kept(client_for, world):
    response = client_for(world.officer).post(
        reverse("kpis:indicator_create", args=[world.service.pk]),
        {**INDICATOR_POST, "baseline": "12.345 days", "position": "third"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert "Baseline can have at most 2 decimal places" in content
    assert "Position must be a whole number, like 3" in content
    assert 'value="12.345 days"' in content
    assert not Indicator.objects.filter(service=world.service).exists()


# --- The plan: page and PDF -----------------------------------------------------------------


@pytest.fixture
def council_shaped(world, kpi_section):
    """Indicators as a council printed them: no codes, 'New PI' twice, words for values."""
    appeals = factories.IndicatorFactory(
        service=world.service, code="", reference="New PI", title="Appeals allowed", position=2
    )
    factories.TargetFactory(indicator=appeals, year=2026, kind="text", value=None, text="80-85%")
    Result.objects.create(indicator=appeals, year=2026, period=2, text="n/a")
    fees = factories.IndicatorFactory(
        service=world.service,
        code="",
        reference="New PI",
        title="Fee income",
        unit="money",
        polarity="",
        position=1,
    )
    factories.TargetFactory(indicator=fees, year=2026, value=D("83500"), text="£83.5k")
    Result.objects.create(indicator=fees, year=2026, period=2, value=D("90000"), text="£90k")
    return world.plan


def test_the_plan_page_prints_values_as_typed_in_the_plans_order(client_for, council_shaped, world):
    content = (
        client_for(world.officer)
        .get(reverse("plans:plan_detail", args=[council_shaped.pk]))
        .content.decode()
    )
    assert content.index("Fee income") < content.index("Appeals allowed")
    assert content.count('<th scope="row" class="govuk-table__header">New PI</th>') == 2
    for printed in ("80-85%", "n/a", "£83.5k", "£90k"):
        assert printed in content
    # Neither has a rating: one result has no number, the other indicator no polarity.
    assert "On target" not in content and "Off target" not in content
    assert "Not rated" not in content


def test_the_pdf_prints_values_as_typed_and_no_rating(council_shaped):
    text = pdf_text(whole_pdf(council_shaped))
    assert "New PI Fee income" in text and "New PI Appeals allowed" in text
    assert text.index("Fee income") < text.index("Appeals allowed")
    for printed in ("80-85%", "n/a", "£83.5k", "£90k"):
        assert printed in text
    for rating in ("On target", "Near target", "Off target", "Not rated"):
        assert rating not in text


def test_values_as_printed_travel_in_the_exchange_file(council_shaped, world):
    data = json.loads(json.dumps(plan_export(plan=council_shaped)))
    service = factories.ServiceFactory(
        directorate=world.foreign_plan.service.directorate, name="Planning", code="planning"
    )
    plan_import(data=data, service=service, user=None)
    copied = [
        (i.code, i.printed_ref, i.title, i.polarity, [t.printed for t in i.targets.all()])
        for i in Indicator.objects.filter(service=service).order_by("position", "pk")
    ]
    assert copied == [
        ("", "New PI", "Fee income", "", ["£83.5k"]),
        ("", "New PI", "Appeals allowed", "higher", ["80-85%"]),
    ]
    result = Result.objects.get(indicator__service=service, indicator__title="Appeals allowed")
    assert (result.value, result.printed) == (None, "n/a")


# --- Migration ------------------------------------------------------------------------------


def test_the_migration_keeps_existing_figures_printing_as_before(world):
    """kpis 0003 fills the text of existing figures with the number as it printed, and
    numbers the service's indicators in the order the plan printed them (by code)."""
    migration = importlib.import_module("kpis.migrations.0003_values_as_printed")
    money = factories.IndicatorFactory(
        service=world.service, code="ZZ1", unit="money", baseline=D("1200.50")
    )
    days = factories.IndicatorFactory(service=world.service, code="AA1", unit="days")
    factories.TargetFactory(indicator=money, year=2026, value=D("83500.00"))
    factories.TargetFactory(indicator=days, year=2026, kind="tba", value=None)
    factories.TargetFactory(indicator=days, year=2027, kind="new", value=None)
    Result.objects.create(indicator=days, year=2026, period=1, value=D("8.50"))
    Result.objects.create(indicator=money, year=2026, period=1, value=D("-43490"))
    before = [t.printed for t in Target.objects.order_by("pk")]

    migration.fill_text(global_apps, None)

    targets = list(Target.objects.order_by("pk"))
    assert [t.text for t in targets] == ["£83,500", "TBA", "New PI"] == before
    assert [r.text for r in Result.objects.order_by("pk")] == ["8.5 days", "(43,490)"]
    money.refresh_from_db()
    days.refresh_from_db()
    assert money.baseline_text == "£1,200.50"
    assert (days.position, money.position) == (1, 2)
