"""Band tables, matrix versions, reassessment, a risk's review and the appetite scale."""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from risks import services
from risks.models import Risk, RiskMatrix, ServiceAppetite
from risks.services import (
    DEFAULT_BANDS,
    DEFAULT_IMPACT,
    DEFAULT_LIKELIHOOD,
    AppetiteData,
    BandData,
    appetite_scale,
    appetite_scale_save,
    matrix_current,
    matrix_save,
    risk_reassess,
    risk_review,
    validate_bands,
)
from tests import factories


def save(council, *, size=4, bands=DEFAULT_BANDS, cells=None, likelihood=None, impact=None):
    return matrix_save(
        council=council,
        size=size,
        likelihood=likelihood or [DEFAULT_LIKELIHOOD[n % 4] for n in range(size)],
        impact=impact or [DEFAULT_IMPACT[n % 4] for n in range(size)],
        bands=bands,
        cells=cells or {},
        user=None,
    )


def messages_of(error):
    return list(error.value.messages)


def test_default_bands_are_valid():
    validate_bands(DEFAULT_BANDS, 4)


def test_a_gap_in_the_bands_is_refused():
    bands = [BandData("Low", "green", 1, 4), BandData("High", "red", 7, 16)]
    with pytest.raises(ValidationError) as error:
        validate_bands(bands, 4)
    assert messages_of(error) == [
        "Scores 5 to 6 are in no band: every score from 1 to 16 needs a band."
    ]


def test_bands_that_stop_short_of_the_top_score_are_refused():
    bands = [BandData("Low", "green", 1, 4), BandData("High", "red", 5, 16)]
    with pytest.raises(ValidationError) as error:
        validate_bands(bands, 5)
    assert messages_of(error) == [
        "Scores 17 to 25 are in no band: every score from 1 to 25 needs a band."
    ]


def test_bands_that_do_not_start_at_1_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_bands([BandData("All", "red", 2, 9)], 3)
    assert messages_of(error) == ["Score 1 is in no band: every score from 1 to 9 needs a band."]


def test_overlapping_bands_are_refused():
    bands = [
        BandData("Low", "green", 1, 4),
        BandData("Medium", "yellow", 4, 6),
        BandData("High", "red", 7, 16),
    ]
    with pytest.raises(ValidationError) as error:
        validate_bands(bands, 4)
    assert messages_of(error) == [
        "Low and Medium overlap: score 4 is in both. Each score must be in one band only."
    ]


def test_a_band_beyond_the_matrix_and_repeated_names_are_refused():
    bands = [BandData("Low", "green", 1, 4), BandData("low", "red", 5, 20)]
    with pytest.raises(ValidationError) as error:
        validate_bands(bands, 4)
    assert messages_of(error) == [
        "Two bands are called 'low': give each band its own name.",
        "low: scores go up to 16 on a 4 × 4 matrix.",
    ]


def test_matrix_save_refuses_bad_bands_and_saves_nothing(world):
    with pytest.raises(ValidationError):
        save(world.council, bands=[BandData("Low", "green", 1, 10)])
    assert not RiskMatrix.objects.filter(council=world.council).exists()


def test_the_default_matrix_is_created_once(world):
    first = matrix_current(world.council)
    assert matrix_current(world.council).pk == first.pk
    assert first.version == 1
    assert RiskMatrix.objects.filter(council=world.council).count() == 1


READERS = 8


def test_simultaneous_first_reads_create_one_default_matrix(world, transactional_db, monkeypatch):
    """The first people to open a council's risks at the same moment all find it has no matrix
    (a barrier holds each of them after that look). The first to check its new matrix goes on;
    the others check theirs only once that one is saved, as happens when it is quick. One
    default matrix is made, every one of them gets it, and nobody gets an error (it used to be
    'Risk matrix with this Council and Version already exists')."""
    barrier = threading.Barrier(READERS)
    looked = services._prefetched
    waited = threading.local()
    checked = RiskMatrix.full_clean
    turns = iter(range(READERS))
    turn_lock = threading.Lock()

    def look_then_wait(queryset):
        if getattr(waited, "done", False):
            return looked(queryset)
        waited.done = True
        empty = looked(queryset).first() is None
        barrier.wait(timeout=30)
        return queryset.none() if empty else looked(queryset)

    def saved_elsewhere():
        separate = connections.create_connection("default")
        try:
            with separate.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM risks_riskmatrix WHERE council_id = %s", [world.council.pk]
                )
                return cursor.fetchone() is not None
        finally:
            separate.close()

    def check_after_the_first_is_saved(matrix, *args, **kwargs):
        with turn_lock:
            first = next(turns) == 0
        deadline = time.monotonic() + 10
        while not first and time.monotonic() < deadline and not saved_elsewhere():
            time.sleep(0.01)
        return checked(matrix, *args, **kwargs)

    monkeypatch.setattr(services, "_prefetched", look_then_wait)
    monkeypatch.setattr(RiskMatrix, "full_clean", check_after_the_first_is_saved)
    found, errors = [], []

    def reader():
        try:
            found.append(matrix_current(world.council).pk)
        except Exception as error:  # noqa: BLE001 - counted and shown below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert RiskMatrix.objects.filter(council=world.council).count() == 1
    assert found == [RiskMatrix.objects.get(council=world.council).pk] * READERS


def test_an_unused_matrix_is_changed_in_place(world):
    matrix = matrix_current(world.council)
    saved, is_new = save(world.council, size=3, bands=[BandData("Low", "green", 1, 9)])
    assert (saved.pk, is_new, saved.size, saved.version) == (matrix.pk, False, 3, 1)


def test_wording_of_a_matrix_in_use_is_corrected_in_place(world):
    risk = factories.RiskFactory(service=world.service)
    bands = [BandData(b.name.upper(), "purple", b.min_score, b.max_score) for b in DEFAULT_BANDS]
    saved, is_new = save(world.council, bands=bands)
    assert not is_new
    assert saved.pk == risk.matrix_id
    risk = type(risk).objects.for_display().get(pk=risk.pk)
    assert risk.residual_band.name == "LOW"


def test_a_structural_change_to_a_matrix_in_use_makes_a_new_version(world):
    old_risk = factories.RiskFactory(
        service=world.service, residual_likelihood=2, residual_impact=3
    )
    assert old_risk.residual_band.name == "Medium"
    bands = [
        BandData("Low", "green", 1, 3),
        BandData("Medium", "yellow", 4, 9),
        BandData("High", "orange", 10, 16),
        BandData("Extreme", "red", 17, 25),
    ]
    new, is_new = save(world.council, size=5, bands=bands)
    assert is_new
    assert (new.version, new.size) == (2, 5)
    assert matrix_current(world.council).pk == new.pk

    # The old risk keeps what it was scored against.
    old_risk = type(old_risk).objects.for_display().get(pk=old_risk.pk)
    assert old_risk.matrix.version == 1
    assert old_risk.matrix.size == 4
    assert old_risk.residual_band.name == "Medium"
    # New assessments use the new version.
    new_risk = factories.RiskFactory(
        service=world.service, residual_likelihood=2, residual_impact=3
    )
    assert new_risk.matrix_id == new.pk
    assert new_risk.residual_band.name == "Medium"
    assert new_risk.matrix.band_for(5, 5).name == "Extreme"


def test_a_new_cell_rating_on_a_matrix_in_use_makes_a_new_version(world):
    factories.RiskFactory(service=world.service)
    new, is_new = save(world.council, cells={(4, 1): "High"})
    assert is_new
    assert new.band_for(4, 1).name == "High"
    assert RiskMatrix.objects.get(council=world.council, version=1).cells.count() == 0


def test_cell_ratings_must_name_a_band_of_the_table(world):
    with pytest.raises(ValidationError) as error:
        save(world.council, cells={(2, 2): "Amber"})
    assert messages_of(error) == ["Likelihood 2 × impact 2: choose one of the bands in the table."]


def test_reassessing_moves_a_risk_to_the_current_matrix(world):
    risk = factories.RiskFactory(service=world.service)
    new, _ = save(
        world.council,
        size=5,
        bands=[BandData("Low", "green", 1, 10), BandData("High", "red", 11, 25)],
    )
    scores = {
        "inherent_likelihood": 5,
        "inherent_impact": 5,
        "residual_likelihood": 5,
        "residual_impact": 3,
        "target_likelihood": None,
        "target_impact": None,
    }
    risk_reassess(risk=risk, scores=scores)
    risk.refresh_from_db()
    assert risk.matrix_id == new.pk
    assert risk.residual_score == 15
    assert risk.residual_band.name == "High"


def test_default_appetite_scale(world):
    scale = appetite_scale(world.council)
    assert [level.name for level in scale] == ["Minimal", "Cautious", "Exploratory", "Seeking"]
    assert [level.tolerance for level in scale] == [4, 6, 9, 16]


def test_renaming_appetite_levels_keeps_the_services_choices(world):
    appetite = factories.ServiceAppetiteFactory(service=world.service)  # Cautious
    levels = [
        AppetiteData("Averse", "", 2),
        AppetiteData("Minimal", "", 4),
        AppetiteData("Cautious", "", 6),
        AppetiteData("Open", "", 9),
        AppetiteData("Eager", "", 25),
    ]
    appetite_scale_save(council=world.council, levels=levels)
    appetite = ServiceAppetite.objects.select_related("level").get(pk=appetite.pk)
    # Matched by position: the second level was Cautious and is now called Minimal.
    assert appetite.level.name == "Minimal"
    assert [lvl.name for lvl in appetite_scale(world.council)] == [
        "Averse",
        "Minimal",
        "Cautious",
        "Open",
        "Eager",
    ]


def test_a_level_services_use_cannot_be_removed(world):
    appetite_scale(world.council)
    factories.ServiceAppetiteFactory(service=world.service, level=appetite_scale(world.council)[3])
    with pytest.raises(ValidationError) as error:
        appetite_scale_save(
            council=world.council,
            levels=[AppetiteData("Low", "", 4), AppetiteData("High", "", 9)],
        )
    assert messages_of(error) == [
        "Seeking cannot be removed: services have chosen it. Change their risk appetite first."
    ]
    assert len(appetite_scale(world.council)) == 4


def test_appetite_tolerances_must_not_fall(world):
    with pytest.raises(ValidationError) as error:
        appetite_scale_save(
            council=world.council,
            levels=[AppetiteData("Low", "", 9), AppetiteData("High", "", 4)],
        )
    assert messages_of(error) == [
        "Each level must accept the same or a higher residual score than the level before it."
    ]


# --- A risk's review ------------------------------------------------------------------------

TODAY = dt.date(2026, 10, 10)


def test_confirming_a_risk_moves_its_review_date_and_keeps_who_and_why(world):
    risk = factories.RiskFactory(service=world.service, review_date=dt.date(2026, 10, 1))
    saved = risk_review(
        risk=risk,
        user=world.officer,
        next_review=dt.date(2027, 1, 15),
        today=TODAY,
        note="Staffing as expected.",
    )
    risk.refresh_from_db()
    assert risk.review_date == dt.date(2027, 1, 15) == saved.review_date
    assert (risk.residual_likelihood, risk.residual_impact) == (2, 2)
    change = risk.history.latest()
    assert change.history_user == world.officer
    assert change.history_change_reason == "Reviewed, confirmed as it stands: Staffing as expected."


def test_re_scoring_a_risk_changes_its_residual_and_target_scores_only(world):
    risk = factories.RiskFactory(service=world.service, review_date=dt.date(2026, 10, 1))
    scores = {
        "residual_likelihood": 4,
        "residual_impact": 3,
        "target_likelihood": 2,
        "target_impact": 1,
    }
    risk_review(
        risk=risk, user=world.officer, next_review=dt.date(2027, 1, 15), today=TODAY, scores=scores
    )
    risk.refresh_from_db()
    assert (risk.residual_score, risk.target_score, risk.inherent_score) == (12, 2, 9)
    assert risk.residual_band.name == "Very high"
    assert risk.history.latest().history_change_reason == "Reviewed, re-scored"


def test_a_review_is_refused_a_next_review_date_that_is_not_after_today(world):
    risk = factories.RiskFactory(service=world.service, review_date=dt.date(2026, 10, 1))
    with pytest.raises(ValidationError) as refused:
        risk_review(risk=risk, user=world.officer, next_review=TODAY, today=TODAY)
    assert refused.value.message_dict == {
        "review_date": ["The next review date must be after today"]
    }
    risk.refresh_from_db()
    assert risk.review_date == dt.date(2026, 10, 1)


def test_a_closed_risk_is_not_reviewed(world):
    risk = factories.RiskFactory(
        service=world.service, reference="CS-R9", status=Risk.Status.CLOSED
    )
    with pytest.raises(ValidationError) as refused:
        risk_review(risk=risk, user=world.officer, next_review=dt.date(2027, 1, 15), today=TODAY)
    assert refused.value.code == "closed"
    assert refused.value.messages == ["CS-R9 is closed: only open risks are reviewed"]


def test_a_risk_changed_since_the_reviewer_saw_it_is_refused_and_left_as_it_was(world):
    risk = factories.RiskFactory(service=world.service, reference="CS-R1")
    seen = risk.updated_at
    Risk.objects.get(pk=risk.pk).save()  # someone else saves it meanwhile
    with pytest.raises(ValidationError) as refused:
        risk_review(
            risk=risk,
            user=world.officer,
            next_review=dt.date(2027, 1, 15),
            today=TODAY,
            seen=seen,
        )
    assert refused.value.code == "changed"
    assert refused.value.messages == [
        "CS-R1 was changed by someone else after you opened this page: check it as it is now "
        "and review it again"
    ]
    assert Risk.objects.get(pk=risk.pk).review_date == dt.date(2030, 3, 31)


def test_a_score_off_the_risks_matrix_is_refused_and_the_risk_given_is_unchanged(world):
    risk = factories.RiskFactory(service=world.service)
    scores = {"residual_likelihood": 5, "residual_impact": 2}
    with pytest.raises(ValidationError) as refused:
        risk_review(
            risk=risk,
            user=world.officer,
            next_review=dt.date(2027, 1, 15),
            today=TODAY,
            scores=scores,
        )
    assert refused.value.message_dict == {
        "residual_likelihood": ["Residual likelihood must be between 1 and 4 on the 4 × 4 matrix"]
    }
    assert risk.residual_likelihood == 2  # the page shows the risk as it is


def test_half_a_target_is_refused(world):
    risk = factories.RiskFactory(service=world.service)
    scores = {"residual_likelihood": 2, "residual_impact": 2, "target_likelihood": 1}
    with pytest.raises(ValidationError) as refused:
        risk_review(
            risk=risk,
            user=world.officer,
            next_review=dt.date(2027, 1, 15),
            today=TODAY,
            scores=scores,
        )
    assert refused.value.message_dict == {
        "target_impact": ["Give both a target likelihood and a target impact, or neither"]
    }


def test_a_review_does_not_change_the_inherent_score(world):
    risk = factories.RiskFactory(service=world.service)
    with pytest.raises(ValueError, match="A review scores only residual_likelihood"):
        risk_review(
            risk=risk,
            user=world.officer,
            next_review=dt.date(2027, 1, 15),
            today=TODAY,
            scores={"inherent_likelihood": 1, "inherent_impact": 1},
        )
