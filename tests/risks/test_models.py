"""Scores and bands on 4×4 and 5×5 matrices, per-cell ratings, and the risk's own rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from risks.models import Risk
from risks.services import BandData, LevelData, matrix_current, matrix_save
from tests import factories


def five_by_five(council, cells=None):
    matrix, _ = matrix_save(
        council=council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[
            BandData("Low", "green", 1, 4),
            BandData("Moderate", "yellow", 5, 9),
            BandData("Major", "orange", 10, 16),
            BandData("Severe", "red", 17, 25),
        ],
        cells=cells or {},
        user=None,
    )
    return matrix


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band"),
    [
        (1, 1, 1, "Low"),
        (2, 2, 4, "Low"),
        (1, 4, 4, "Low"),
        (3, 2, 6, "Medium"),
        (2, 3, 6, "Medium"),
        (2, 4, 8, "High"),
        (3, 3, 9, "High"),
        (3, 4, 12, "Very high"),
        (4, 4, 16, "Very high"),
    ],
)
def test_default_matrix_is_the_seed_4x4(world, likelihood, impact, score, band):
    risk = factories.RiskFactory(
        service=world.service, residual_likelihood=likelihood, residual_impact=impact
    )
    assert risk.matrix.size == 4
    assert risk.residual_score == score
    assert risk.residual_band.name == band


def test_default_matrix_labels_match_the_seed_plans(world):
    matrix = matrix_current(world.council)
    assert [level.label for level in matrix.likelihood_levels] == [
        "Remote",
        "Unlikely",
        "Likely",
        "Very likely",
    ]
    assert matrix.likelihood_levels[0].description == "5% chance or less"
    assert matrix.likelihood_levels[3].description == "80% chance or more"
    assert [level.label for level in matrix.impact_levels] == [
        "Marginal",
        "Significant",
        "Critical",
        "Catastrophic",
    ]
    assert [(b.name, b.min_score, b.max_score) for b in matrix.band_list] == [
        ("Low", 1, 4),
        ("Medium", 5, 6),
        ("High", 7, 9),
        ("Very high", 10, 16),
    ]


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [
        (1, 4, "Low"),
        (5, 1, "Moderate"),
        (3, 3, "Moderate"),
        (2, 5, "Major"),
        (4, 4, "Major"),
        (5, 4, "Severe"),
        (5, 5, "Severe"),
    ],
)
def test_scores_and_bands_on_a_5x5_matrix(world, likelihood, impact, band):
    matrix = five_by_five(world.council)
    risk = factories.RiskFactory(
        service=world.service,
        matrix=matrix,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=likelihood,
        residual_impact=impact,
    )
    risk.full_clean()
    assert risk.inherent_score == 25
    assert risk.inherent_band.name == "Severe"
    assert risk.residual_score == likelihood * impact
    assert risk.residual_band.name == band


def test_a_cell_rating_overrides_the_band_of_its_score(world):
    # A council whose matrix rates 'very likely but marginal' higher than its score says.
    matrix = five_by_five(world.council, cells={(5, 1): "Major", (1, 5): "Low"})
    assert matrix.band_for(5, 1).name == "Major"
    assert matrix.band_for(1, 5).name == "Low"
    assert matrix.band_for(1, 4).name == "Low"  # not overridden: by score
    assert matrix.band_for(2, 3).name == "Moderate"
    risk = factories.RiskFactory(
        service=world.service, matrix=matrix, residual_likelihood=5, residual_impact=1
    )
    assert risk.residual_score == 5
    assert risk.residual_band.name == "Major"


def test_likelihood_outside_the_matrix_is_refused_with_a_clear_message(world):
    risk = factories.RiskFactory.build(
        service=world.service, matrix=matrix_current(world.council), residual_likelihood=5
    )
    with pytest.raises(ValidationError) as error:
        risk.full_clean()
    assert error.value.message_dict["residual_likelihood"] == [
        "Residual likelihood must be between 1 and 4 on the 4 × 4 matrix"
    ]


def test_the_database_refuses_a_score_beyond_any_matrix(world):
    risk = factories.RiskFactory(service=world.service)
    with transaction.atomic(), pytest.raises(IntegrityError, match="risk_inherent_complete"):
        Risk.objects.filter(pk=risk.pk).update(inherent_impact=6)
    with transaction.atomic(), pytest.raises(IntegrityError, match="risk_residual_complete"):
        Risk.objects.filter(pk=risk.pk).update(residual_likelihood=0)


@pytest.mark.parametrize("stage", ["inherent", "residual"])
def test_the_database_refuses_half_a_pair_of_scores(world, stage):
    risk = factories.RiskFactory(service=world.service)
    with transaction.atomic(), pytest.raises(IntegrityError, match=f"risk_{stage}_complete"):
        Risk.objects.filter(pk=risk.pk).update(**{f"{stage}_impact": None})


def test_a_risk_without_scores_has_no_score_and_no_band(world):
    risk = factories.RiskFactory(
        service=world.service,
        inherent_likelihood=None,
        inherent_impact=None,
        residual_likelihood=None,
        residual_impact=None,
    )
    risk.full_clean()
    risk.refresh_from_db()
    assert (risk.inherent_score, risk.inherent_band) == (None, None)
    assert (risk.residual_score, risk.residual_band) == (None, None)


@pytest.mark.parametrize(
    ("given", "missing", "message"),
    [
        (
            {"inherent_likelihood": 2, "inherent_impact": None},
            "inherent_impact",
            "Give both an inherent likelihood and an inherent impact, or neither",
        ),
        (
            {"residual_likelihood": None, "residual_impact": 2},
            "residual_likelihood",
            "Give both a residual likelihood and a residual impact, or neither",
        ),
    ],
)
def test_scores_are_given_in_pairs(world, given, missing, message):
    risk = factories.RiskFactory.build(
        service=world.service, matrix=matrix_current(world.council), **given
    )
    with pytest.raises(ValidationError) as error:
        risk.full_clean()
    assert error.value.message_dict[missing] == [message]


def test_target_needs_both_likelihood_and_impact(world):
    risk = factories.RiskFactory.build(
        service=world.service, matrix=matrix_current(world.council), target_likelihood=2
    )
    with pytest.raises(ValidationError) as error:
        risk.full_clean()
    assert error.value.message_dict["target_impact"] == [
        "Give both a target likelihood and a target impact, or neither"
    ]


def test_target_score_is_computed(world):
    risk = factories.RiskFactory(service=world.service, target_likelihood=1, target_impact=3)
    assert risk.target_score == 3
    assert risk.target_band.name == "Low"
    assert factories.RiskFactory(service=world.service).target_score is None


def test_reference_is_unique_within_a_service(world):
    factories.RiskFactory(service=world.service, reference="CS01")
    factories.RiskFactory(service=world.sibling_service, reference="CS01")
    with transaction.atomic(), pytest.raises(IntegrityError, match="risk_unique_reference"):
        factories.RiskFactory(service=world.service, reference="CS01")


def test_review_overdue_only_for_open_risks_past_their_date(world):
    today = dt.date(2027, 1, 10)
    risk = factories.RiskFactory(service=world.service, review_date=dt.date(2027, 1, 9))
    assert risk.review_overdue(today)
    assert not factories.RiskFactory(
        service=world.service, review_date=dt.date(2027, 1, 10)
    ).review_overdue(today)
    risk.status = Risk.Status.CLOSED
    assert not risk.review_overdue(today)


def test_changes_to_a_risk_are_kept_in_its_history(world):
    risk = factories.RiskFactory(service=world.service)
    risk.residual_likelihood = 3
    risk.save()
    assert [h.residual_likelihood for h in risk.history.order_by("history_date")] == [2, 3]
