"""The words a council's matrix prints on its axes: the titles, and the words at each axis's
ends ('Impact', from 'Low' to 'Unacceptable'), set by the performance lead on the matrix page
and printed on the heat map on the web and in the PDF."""

import io

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from plans.pdf.plan import plan_pdf_bytes
from risks.models import AxisWords, RiskMatrix
from risks.services import BandData, LevelData, matrix_current, matrix_save
from tests import factories
from tests.risks.test_views import matrix_post

THREE_RIVERS_AXES = {
    "impact_axis-low": "Low",
    "impact_axis-high": "Unacceptable",
}


def axis_headers(content: str) -> list[str]:
    """The words of each axis header of the page's heat maps, in page order."""
    doc = lxml.html.fromstring(content)
    return [
        " ".join(th.text_content().split())
        for th in doc.xpath("//th[contains(@class, 'app-heat-map__axis')]")
    ]


def test_a_matrix_prints_only_its_titles_until_the_lead_sets_words(client_for, world):
    matrix = matrix_current(world.council)
    assert matrix.impact_axis == AxisWords("Impact")
    assert matrix.likelihood_axis == AxisWords("Likelihood")
    content = client_for(world.clerk).get(reverse("risks:matrix_detail")).content.decode()
    assert axis_headers(content) == ["Impact", "Likelihood"]
    assert "app-heat-map__ends" not in content


def test_lead_sets_the_axis_words_and_the_heat_maps_print_them(client_for, world):
    lead = client_for(world.lead)
    axes = THREE_RIVERS_AXES | {
        "likelihood_axis-title": "Probability",
        "likelihood_axis-low": "Remote",
        "likelihood_axis-high": "Very likely",
    }
    response = lead.post(reverse("risks:matrix_edit"), matrix_post(axes=axes))
    assert response.status_code == 302
    matrix = matrix_current(world.council)
    assert matrix.impact_axis == AxisWords("Impact", "Low", "Unacceptable")
    assert matrix.likelihood_axis == AxisWords("Probability", "Remote", "Very likely")
    assert matrix.version == 1  # wording is corrected in place
    # The page shows what was saved, ready to change.
    form = lead.get(reverse("risks:matrix_edit")).content.decode()
    assert 'name="impact_axis-high" value="Unacceptable"' in form

    expected = ["Impact Low to Unacceptable", "Probability Remote to Very likely"]
    detail = client_for(world.clerk).get(reverse("risks:matrix_detail")).content.decode()
    assert axis_headers(detail) == expected
    assert '<h2 class="govuk-heading-m">Probability</h2>' in detail
    register = (
        client_for(world.manager)
        .get(reverse("risks:register", args=[world.service.pk]))
        .content.decode()
    )
    assert axis_headers(register) == expected * 2  # inherent and residual maps
    # Other councils keep their own words.
    assert not RiskMatrix.objects.filter(council=world.foreign_council, impact_high__gt="")


def test_the_pdf_prints_the_axis_words_as_text(world, risk_sections, settings):
    matrix_save(
        council=world.council,
        size=4,
        likelihood=[LevelData(f"L{n}") for n in range(1, 5)],
        impact=[LevelData(f"I{n}") for n in range(1, 5)],
        bands=[BandData("All", "green", 1, 16)],
        cells={},
        user=None,
        impact_axis=AxisWords("Impact", "Low", "Unacceptable"),
    )
    factories.RiskFactory(service=world.service, reference="CS01")
    pages = PdfReader(io.BytesIO(plan_pdf_bytes(world.plan))).pages
    text = next(
        page.extract_text()
        for page in pages
        if "Inherent risk (before controls)" in (page.extract_text() or "")
    )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines.count("Low to Unacceptable") == 2, lines
    assert lines.count("Impact") == 2, lines


@pytest.mark.parametrize(
    ("axes", "error", "field"),
    [
        (
            {"impact_axis-high": "U" * 41},
            "Words at the high end of the impact axis must be 40 characters or fewer",
            "id_impact_axis-high",
        ),
        (
            {"likelihood_axis-title": "L" * 41},
            "Likelihood axis title must be 40 characters or fewer",
            "id_likelihood_axis-title",
        ),
        (
            {"likelihood_axis-title": "  "},
            "Enter a title for the likelihood axis, like Likelihood",
            "id_likelihood_axis-title",
        ),
        (
            {"impact_axis-low": "Low"},
            "Enter the words at the high end of the impact axis, or leave both ends blank",
            "id_impact_axis-high",
        ),
    ],
)
def test_matrix_edit_refuses_bad_axis_words_and_keeps_what_was_typed(
    client_for, world, axes, error, field
):
    response = client_for(world.lead).post(reverse("risks:matrix_edit"), matrix_post(axes=axes))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: Change the risk matrix" in content
    doc = lxml.html.fromstring(content)
    summary = doc.xpath("//div[contains(@class, 'govuk-error-summary')]//a")
    assert [(a.get("href"), a.text_content().strip()) for a in summary] == [(f"#{field}", error)]
    for name, value in axes.items():
        assert doc.xpath(f"//input[@name='{name}']")[0].get("value", "").strip() == value.strip()
    matrix = matrix_current(world.council)
    assert matrix.impact_axis == AxisWords("Impact")
    assert matrix.likelihood_axis == AxisWords("Likelihood")


def test_only_the_lead_may_set_the_axis_words(client_for, world):
    url = reverse("risks:matrix_edit")
    for who in ("officer", "manager", "clerk"):
        response = client_for(getattr(world, who)).post(url, matrix_post(axes=THREE_RIVERS_AXES))
        assert response.status_code == 403
    assert matrix_current(world.council).impact_axis == AxisWords("Impact")


def test_a_new_version_keeps_the_axis_words(client_for, world):
    factories.RiskFactory(service=world.service, reference="CS01")
    lead = client_for(world.lead)
    lead.post(reverse("risks:matrix_edit"), matrix_post(axes=THREE_RIVERS_AXES))
    # A change to the cell ratings of a matrix in use makes version 2; the words go with it.
    lead.post(
        reverse("risks:matrix_edit"),
        matrix_post(cells={(4, 1): "High"}, axes=THREE_RIVERS_AXES),
    )
    matrix = matrix_current(world.council)
    assert matrix.version == 2
    assert matrix.impact_axis == AxisWords("Impact", "Low", "Unacceptable")
    # A save that does not give the words (the demo loader, older callers) keeps them too.
    matrix_save(
        council=world.council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[BandData("All", "green", 1, 25)],
        cells={},
        user=None,
    )
    matrix = matrix_current(world.council)
    assert (matrix.version, matrix.size) == (2, 5)  # no risk is scored against version 2
    assert matrix.impact_axis == AxisWords("Impact", "Low", "Unacceptable")


def test_matrix_save_refuses_an_axis_with_one_end_and_saves_nothing(world):
    with pytest.raises(ValidationError) as raised:
        matrix_save(
            council=world.council,
            size=4,
            likelihood=[LevelData(f"L{n}") for n in range(1, 5)],
            impact=[LevelData(f"I{n}") for n in range(1, 5)],
            bands=[BandData("All", "green", 1, 16)],
            cells={},
            user=None,
            impact_axis=AxisWords("Impact", "Low", ""),
        )
    assert raised.value.messages == [
        "Enter the words at both ends of the impact axis, or leave both blank."
    ]
    assert matrix_current(world.council).impact_axis == AxisWords("Impact")


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"impact_low": "Low"}, "riskmatrix_impact_both_ends_or_neither"),
        ({"likelihood_high": "Very likely"}, "riskmatrix_likelihood_both_ends_or_neither"),
        ({"impact_title": ""}, "riskmatrix_impact_title_set"),
        ({"likelihood_title": ""}, "riskmatrix_likelihood_title_set"),
    ],
)
def test_the_database_refuses_an_axis_without_a_title_or_with_one_end(world, change, constraint):
    matrix = matrix_current(world.council)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        RiskMatrix.objects.filter(pk=matrix.pk).update(**change)
