"""The risk matrix's scoring key in a plan's risk section: each score with its impact and
likelihood level as the council's key prints them ('4 (Catastrophic)'), when the section
chooses it."""

from django.urls import reverse

from plans.columns import prints
from plans.document import plan_document, plan_queryset
from plans.models import Section, SectionKind
from plans.pdf.plan import plan_pdf_html
from tests import factories


def risk_section(plan, columns):
    return Section.objects.create(
        plan=plan, kind=SectionKind.RISKS, title="Risk Management", position=40, columns=columns
    )


def printed(plan) -> str:
    return plan_pdf_html(plan_document(plan_queryset().get(pk=plan.pk)))


def test_a_section_that_chooses_the_key_prints_it_in_the_councils_words(world):
    factories.RiskFactory(service=world.service, title="Fraudulent activity")
    risk_section(
        world.plan,
        {
            "parts": ["risks", "heat_maps", "matrix_key"],
            "matrix_key": [{"key": "impact", "label": "Impact Score"}, {"key": "likelihood"}],
        },
    )
    html = printed(world.plan)
    assert "Impact Score" in html
    assert "4 (Catastrophic)" in html
    assert "1 (Remote)" in html
    assert html.index("4 (Catastrophic)") < html.index("1 (Marginal)")


def test_the_key_is_printed_only_where_a_section_chooses_it(client_for, world):
    factories.RiskFactory(service=world.service, title="Fraudulent activity")
    risk_section(world.plan, {})
    assert not prints({}, "matrix_key")
    assert prints({}, "heat_maps")
    assert "4 (Catastrophic)" not in printed(world.plan)
    register = client_for(world.officer).get(reverse("risks:register", args=[world.service.pk]))
    assert "4 (Catastrophic)" not in register.content.decode()


def test_the_key_costs_no_query_per_level(world, django_assert_max_num_queries):
    factories.RiskFactory(service=world.service, title="Fraudulent activity")
    risk_section(world.plan, {"parts": ["matrix_key"]})
    plan = plan_queryset().get(pk=world.plan.pk)
    document = plan_document(plan)
    with django_assert_max_num_queries(2):  # the plan's dates only, never the matrix
        html = plan_pdf_html(document)
    assert html.count("(Catastrophic)") == 1
