"""The contracts table totals the sums the council entered, and has no total when it entered
none ('None specific' prints no 'Total contract value 0')."""

from decimal import Decimal

from plans.document import plan_document, plan_queryset
from plans.models import Contract
from plans.pdf.plan import plan_pdf_html


def printed(plan) -> str:
    return plan_pdf_html(plan_document(plan_queryset().get(pk=plan.pk)))


def test_no_total_of_contracts_without_a_sum(world):
    Contract.objects.create(plan=world.plan, title="None specific")
    html = printed(world.plan)
    assert "None specific" in html
    assert "Total contract value" not in html


def test_the_total_adds_the_sums_entered(world):
    Contract.objects.create(plan=world.plan, title="Telephony", value=Decimal("38500"))
    Contract.objects.create(plan=world.plan, title="Out of hours", position=1)
    html = printed(world.plan)
    assert "Total contract value" in html
    assert "38,500" in html
