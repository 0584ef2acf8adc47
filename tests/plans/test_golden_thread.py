"""The golden thread shows, under each corporate priority, the indicators and risks linked to it."""

from decimal import Decimal

from django.urls import reverse

from tests import factories


def test_indicators_and_risks_linked_to_a_priority_are_on_the_thread(client_for, world):
    priority = factories.PriorityFactory(council=world.council, title="Financially Independent")
    other = factories.PriorityFactory(council=world.council, title="Sustainable Environment")
    indicator = factories.IndicatorFactory(
        service=world.service, code="CS01", title="% of calls answered"
    )
    indicator.priorities.set([priority])
    factories.TargetFactory(indicator=indicator, year=2025, value=Decimal("97"))
    factories.ResultFactory(indicator=indicator, year=2025, period=1, value=Decimal("90"))
    risk = factories.RiskFactory(
        service=world.service, reference="CS02", title="Total failure of ICT systems"
    )
    risk.priorities.set([priority])
    hidden = factories.RiskFactory(
        service=world.other_service, reference="RV01", title="Revenues risk"
    )
    hidden.priorities.set([priority])

    html = (
        client_for(world.manager)
        .get(reverse("plans:golden_thread") + "?year=2025")
        .content.decode()
    )

    section = html[html.index("Financially Independent") : html.index("Sustainable Environment")]
    assert "Customer Services: CS01 % of calls answered" in section
    assert "Off target" in section  # 90 against 97 with a tolerance of 2, in words
    assert "Customer Services: CS02 Total failure of ICT systems" in section
    assert "residual score 4, Low" in section
    assert "Revenues risk" not in html  # outside the manager's directorate
    assert other.title in html
