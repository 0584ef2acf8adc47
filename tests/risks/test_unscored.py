"""A risk recorded without likelihood and impact, as many councils' registers list them:
said to be not scored in words, left off the heat map and out of its counts, never given a
guessed rating, on screen or in print."""

import re

import pytest
from django.urls import reverse

from plans.models import SectionKind
from risks.heatmap import register_summary
from risks.models import Risk, ServiceAppetite
from tests import factories
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf
from tests.risks.test_views import risk_data

UNSCORED = {
    "inherent_likelihood": None,
    "inherent_impact": None,
    "residual_likelihood": None,
    "residual_impact": None,
}


def unscored_risk(world, **fields):
    return factories.RiskFactory(service=world.service, **{**UNSCORED, **fields})


def blank_scores(**overrides):
    return risk_data(**dict.fromkeys(UNSCORED, ""), **overrides)


# -- The form ------------------------------------------------------------------------------


def checked(content: str, name: str) -> list[str]:
    """The values of the radios of this name that are checked."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', content)
    return [re.search(r'value="([^"]*)"', tag)[1] for tag in inputs if "checked" in tag]


def error_summary(content: str) -> str:
    start = content.index('class="govuk-error-summary"')
    return content[start : content.index("</ul>", start)]


def test_a_risk_is_saved_with_every_score_left_blank(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]), blank_scores()
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.inherent_likelihood, risk.inherent_impact) == (None, None)
    assert (risk.residual_likelihood, risk.residual_impact) == (None, None)
    assert risk.controls == "Staff can work from home"


def test_the_form_offers_not_scored_and_keeps_it_on_change(client_for, world):
    risk = unscored_risk(world, reference="CS01")
    content = (
        client_for(world.officer).get(reverse("risks:risk_update", args=[risk.pk])).content.decode()
    )
    assert checked(content, "inherent_likelihood") == [""]
    assert checked(content, "residual_impact") == [""]
    assert re.search(r'value=""[^>]*>\s*<label[^>]*>\s*Not scored', content)


def test_residual_scores_alone_are_accepted(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        risk_data(inherent_likelihood="", inherent_impact=""),
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.inherent_score, risk.residual_score) == (None, 4)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"inherent_likelihood": "3", "inherent_impact": ""},
            "Select the inherent impact, or choose Not scored for the inherent likelihood too",
        ),
        (
            {"residual_likelihood": "", "residual_impact": "2"},
            "Select the residual likelihood, or choose Not scored for the residual impact too",
        ),
    ],
)
def test_one_score_of_a_pair_alone_is_refused(client_for, world, given, message):
    data = {**blank_scores(title="Loss of the contact centre"), **given}
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]), data
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: Add a risk" in content
    assert message in error_summary(content)
    assert content.count(message) == 2  # the summary and the field, once each
    # What was typed and chosen is kept.
    assert 'value="Loss of the contact centre"' in content
    for name, value in given.items():
        assert checked(content, name) == [value]
    assert not Risk.objects.exists()


def test_a_score_outside_the_matrix_is_still_refused(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        {**blank_scores(), "residual_likelihood": "5", "residual_impact": "1"},
    )
    assert response.status_code == 200
    assert "Residual likelihood must be from 1 to 4 on the 4 × 4 matrix" in (
        response.content.decode()
    )
    assert not Risk.objects.exists()


# -- The heat map --------------------------------------------------------------------------


def summary_of(world):
    risks = list(Risk.objects.filter(service=world.service).for_display())
    appetites = ServiceAppetite.objects.filter(service=world.service).select_related("level")
    return register_summary(risks=risks, appetites=appetites)


def test_an_unscored_risk_is_not_on_the_heat_map_nor_in_its_counts(world):
    factories.ServiceAppetiteFactory(service=world.service)  # cautious: up to 6
    factories.RiskFactory(service=world.service, reference="CS01")
    unscored_risk(world, reference="CS02")
    unscored_risk(world, reference="CS03", residual_likelihood=4, residual_impact=4)
    summary = summary_of(world)
    assert [risk.reference for risk in summary.risks] == ["CS01", "CS02", "CS03"]
    (heat_map,) = summary.heat_maps
    placed = [ref for row in heat_map.inherent.rows for c in row.cells for ref in c.references]
    assert placed == ["CS01"]
    assert (heat_map.inherent.risk_count, heat_map.residual.risk_count) == (1, 2)
    assert [risk.reference for risk in summary.above_appetite] == ["CS03"]


def test_a_register_of_unscored_risks_has_empty_heat_maps(world):
    unscored_risk(world, reference="CS01")
    (heat_map,) = summary_of(world).heat_maps
    assert heat_map.risk_count == 0
    assert summary_of(world).any_inherent is False


# -- On screen -----------------------------------------------------------------------------


def test_the_register_lists_an_unscored_risk_as_not_scored(client_for, world):
    unscored_risk(world, reference="CS02", title="Loss of key supplier")
    content = (
        client_for(world.manager)
        .get(reverse("risks:register", args=[world.service.pk]))
        .content.decode()
    )
    assert "Loss of key supplier" in content
    assert content.count('<span class="app-empty">Not scored</span>') == 2
    assert "No band" not in content.split("Heat map")[0]
    assert "Inherent risk (before controls): 0 risks" in content


def test_the_council_list_shows_unscored_risks_last_as_not_scored(client_for, world):
    unscored_risk(world, reference="CS01", title="Loss of key supplier")
    factories.RiskFactory(service=world.service, reference="CS02", title="Scored one")
    response = client_for(world.clerk).get(reverse("risks:risk_list"))
    assert [risk.reference for risk in response.context["object_list"]] == ["CS02", "CS01"]
    assert response.content.decode().count('<span class="app-empty">Not scored</span>') == 2


def test_the_risk_page_says_not_scored(client_for, world):
    risk = unscored_risk(world, reference="CS01")
    content = client_for(world.clerk).get(risk.get_absolute_url()).content.decode()
    assert 'Inherent risk</dt><dd class="govuk-summary-list__value">Not scored' in content
    assert 'Residual risk</dt><dd class="govuk-summary-list__value">Not scored' in content


def test_the_plan_page_lists_it_without_a_rating(client_for, world, risk_sections):
    unscored_risk(world, reference="CS01", title="Loss of key supplier")
    content = client_for(world.clerk).get(world.plan.get_absolute_url()).content.decode()
    assert "Loss of key supplier" in content
    assert "Not scored" in content
    assert "app-band--" not in content.split("Open risks")[1].split("Heat map")[0]


# -- In print ------------------------------------------------------------------------------


@pytest.fixture
def risk_plan(world):
    factories.SectionFactory(
        plan=world.plan, kind=SectionKind.RISKS, title="Risk register", position=20
    )
    return world.plan


def test_the_pdf_prints_an_unscored_register_without_ratings_or_heat_map(world, risk_plan):
    unscored_risk(world, reference="CS01", title="Loss of key supplier", controls="Second supplier")
    text = pdf_text(whole_pdf(risk_plan))
    assert "CS01 Loss of key supplier" in text
    assert "Second supplier" in text
    for absent in ["Not scored", "Inherent (L × I)", "Residual (L × I)", "No band", "Heat map"]:
        assert absent not in text


def test_the_pdf_prints_an_unscored_risk_beside_scored_ones(world, risk_plan):
    factories.RiskFactory(service=world.service, reference="CS01", title="Insufficient staff")
    unscored_risk(world, reference="CS02", title="Loss of key supplier")
    text = pdf_text(whole_pdf(risk_plan))
    assert "Loss of key supplier" in text
    assert "Inherent (L × I)" in text
    assert "Inherent risk (before controls): 1 risk " in text
    assert "Not scored" not in text
    # The scored risk's rating, once in the table; the unscored one has none.
    after = text.split("Loss of key supplier")[1].split("Heat map")[0]
    assert "High" not in after and "Low" not in after
