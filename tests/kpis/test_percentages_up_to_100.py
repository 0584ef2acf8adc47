"""A council that refuses percentages over 100% (Council.percentages_up_to_100): one rule,
wherever results are entered (the result service, the return page, the spreadsheet)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpis.models import Indicator, Result
from kpis.services import result_record
from tests import factories
from tests.kpis.test_spreadsheets import HEADER, errors, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def capped(world):
    world.council.percentages_up_to_100 = True
    world.council.save()
    return world


def record(indicator, value, user):
    return result_record(
        indicator=indicator, year=2026, period=3, value=Decimal(value), text="",
        commentary="Explained", user=user,
    )  # fmt: skip


def test_a_percentage_over_100_is_refused_where_the_council_says_so(kpis, capped):
    with pytest.raises(ValidationError) as error:
        record(kpis.indicator, "100.5", capped.officer)
    assert error.value.message_dict["value"] == [
        "CS01: a percentage cannot be over 100% in your council; 100.5% was entered"
    ]
    assert not Result.objects.filter(indicator=kpis.indicator, year=2026, period=3).exists()
    assert record(kpis.indicator, "100", capped.officer).value == 100


def test_over_100_is_kept_where_the_council_allows_it_and_for_other_units(kpis, world):
    assert record(kpis.indicator, "104", world.officer).value == 104
    world.council.percentages_up_to_100 = True
    world.council.save()
    count = factories.IndicatorFactory(
        service=world.service, code="CS09", unit=Indicator.Unit.NUMBER
    )
    assert record(count, "1200", world.officer).value == 1200


def test_the_spreadsheet_refuses_the_row_and_keeps_the_others(kpis, capped):
    rows = read(capped, [HEADER, ["CS01", None, None, 101]])
    assert errors(rows) == [
        "Cell D2: CS01: a percentage cannot be over 100% in your council; 101% was entered"
    ]


def test_the_return_page_shows_the_error_and_keeps_what_was_typed(client_for, capped, today):
    from tests.returns.conftest import open_return

    indicator = factories.IndicatorFactory(service=capped.service, code="CS01")
    factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("97"))
    parent = open_return(capped)
    url = reverse("returns:service_return", args=[parent.pk, capped.service.pk])
    response = client_for(capped.officer).post(
        url, {f"i{indicator.pk}-2-value": "120", "action": "save"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "a percentage cannot be over 100% in your council" in html
    assert 'value="120"' in html
    assert not Result.objects.filter(indicator=indicator).exists()
