"""Reviewing the risks due on a service's return page: confirm or re-score each, saved with
the rest of the page; scoped to the service; counted by the tracker, the submission and the
dashboard; the page's queries pinned at two sizes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from council.models import Role
from kpis.models import Result
from returns.completion import progress_of
from returns.models import ServiceReturn
from returns.services import service_return_accept, service_return_submit
from risks.models import Risk
from tests import factories
from tests.conftest import person
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db


def service_url(rw, service=None):
    service = service or rw.world.service
    return reverse("returns:service_return", args=[rw.parent.pk, service.pk])


def review(risk, decision="confirm", review_date="15/01/2027", **fields) -> dict:
    """The fields of one risk's review, as the page posts them."""
    data = {"decision": decision, "review_date": review_date, "note": ""}
    data |= {
        name: "" if getattr(risk, name) is None else str(getattr(risk, name))
        for name in ("residual_likelihood", "residual_impact", "target_likelihood", "target_impact")
    }
    data |= fields
    return {f"r{risk.pk}-{name}": value for name, value in data.items()}


def not_due(rw, reference="LATER") -> Risk:
    """A risk of the service due for review in 2030, last saved before the return opened."""
    risk = factories.RiskFactory(service=rw.world.service, reference=reference)
    Risk.objects.filter(pk=risk.pk).update(updated_at=rw.parent.opened_at - dt.timedelta(days=1))
    return Risk.objects.get(pk=risk.pk)


def risk_part(rw):
    part = ServiceReturn.objects.select_related("service").get(
        parent=rw.parent, service=rw.world.service
    )
    (progress,) = progress_of(rw.parent, [part])
    return progress.parts[2]


# --- What the page shows ----------------------------------------------------------------------


def test_each_risk_due_shows_its_scores_and_rating_in_words(client_for, rw):
    not_due(rw)
    html = client_for(rw.world.officer).get(service_url(rw)).content.decode()
    assert "CS-R1 Insufficient staff" in html
    assert "Likelihood 2 (Unlikely) × impact 2 (Significant), score 4" in html
    # The band in words, its colour only a repeat.
    assert re.search(r'<strong class="app-band app-band--green">Low \(4\)</strong>', html)
    assert "15 October 2026" in html and ">To review</strong>" in html
    assert "0 of 1 reviewed" in html
    for choice in ("Leave it for now", "Confirm as it stands", "Re-score"):
        assert choice in html
    assert f'name="r{rw.risk.pk}-review_date"' in html
    assert "LATER" not in html  # not due by the deadline: not listed, nothing to review


def test_a_risk_past_its_review_date_is_said_to_be_past(client_for, rw):
    Risk.objects.filter(pk=rw.risk.pk).update(review_date=dt.date(2026, 9, 1))
    html = client_for(rw.world.officer).get(service_url(rw)).content.decode()
    assert "1 September 2026 (past)" in html


def test_readers_and_the_lead_see_the_risks_without_a_review_form(client_for, rw):
    world = rw.world
    for user in (world.lead, world.clerk, world.manager):
        html = client_for(user).get(service_url(rw)).content.decode()
        assert "CS-R1 Insufficient staff" in html and "Low (4)" in html
        assert f'name="r{rw.risk.pk}-decision"' not in html
        assert rw.risk.get_absolute_url() in html


def test_a_return_that_asks_no_risks_shows_none(client_for, world, today):
    factories.RiskFactory(service=world.service, review_date=dt.date(2026, 10, 1))
    parent = open_return(world, asks_risks=False)
    url = reverse("returns:service_return", args=[parent.pk, world.service.pk])
    html = client_for(world.officer).get(url).content.decode()
    assert "Risk reviews" not in html and "-decision" not in html


# --- Confirm and re-score -----------------------------------------------------------------------


def test_an_officer_confirms_a_risk_as_it_stands(client_for, rw):
    world = rw.world
    data = review(rw.risk, note="No change this quarter.") | {"action": "save"}
    response = client_for(world.officer).post(service_url(rw), data)
    assert response.status_code == 302
    risk = Risk.objects.get(pk=rw.risk.pk)
    assert risk.review_date == dt.date(2027, 1, 15)
    assert (risk.residual_likelihood, risk.residual_impact) == (2, 2)
    change = risk.history.latest()
    assert change.history_user == world.officer
    assert change.history_change_reason == (
        "Reviewed, confirmed as it stands: No change this quarter."
    )
    assert [(item.label, item.done) for item in risk_part(rw).items] == [("risk CS-R1", True)]
    html = client_for(world.officer).get(service_url(rw)).content.decode()
    assert ">Reviewed</strong> on " in html and f"by {world.officer}" in html
    assert "1 of 1 reviewed" in html and "Leave it as reviewed" in html


def test_an_officer_re_scores_a_risk_with_a_note(client_for, rw):
    data = review(
        rw.risk,
        decision="rescore",
        residual_likelihood="3",
        residual_impact="3",
        target_likelihood="1",
        target_impact="2",
        note="Two advisers left in August.",
    )
    response = client_for(rw.world.officer).post(service_url(rw), data | {"action": "save"})
    assert response.status_code == 302
    risk = Risk.objects.get(pk=rw.risk.pk)
    assert (risk.residual_score, risk.residual_band.name) == (9, "High")
    assert (risk.target_likelihood, risk.target_impact) == (1, 2)
    assert (risk.inherent_likelihood, risk.inherent_impact) == (3, 3)
    assert risk.review_date == dt.date(2027, 1, 15)
    assert risk.history.latest().history_change_reason == (
        "Reviewed, re-scored: Two advisers left in August."
    )
    # The risk's own page shows the review in its history.
    html = client_for(rw.world.officer).get(risk.get_absolute_url()).content.decode()
    assert "Reviewed, re-scored: Two advisers left in August." in html


def test_a_risk_left_for_now_saves_nothing(client_for, rw):
    before = Risk.objects.get(pk=rw.risk.pk).updated_at
    data = review(rw.risk, decision="", review_date="") | {"action": "save"}
    response = client_for(rw.world.officer).post(service_url(rw), data)
    assert response.status_code == 302
    assert Risk.objects.get(pk=rw.risk.pk).updated_at == before
    assert not risk_part(rw).complete


def test_a_review_and_a_submission_go_in_one_post(client_for, rw):
    factories.ProgressUpdateFactory(action=rw.action, year=2026, quarter=2)
    data = review(rw.risk) | {f"i{rw.indicator.pk}-2-value": "98", "action": "submit"}
    response = client_for(rw.world.officer).post(service_url(rw), data)
    assert response.status_code == 302
    part = ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service)
    assert part.submitted_at is not None


# --- Refusals, each on its row, keeping what was typed ---------------------------------------


def test_a_score_off_the_matrix_is_refused_keeping_what_was_typed(client_for, rw):
    data = review(
        rw.risk,
        decision="rescore",
        residual_likelihood="9",
        review_date="20/01/2027",
        note="Worse",
    )
    data |= {f"i{rw.indicator.pk}-2-value": "98", "action": "save"}
    response = client_for(rw.world.officer).post(service_url(rw), data)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    prefix = f"r{rw.risk.pk}"
    assert (
        f'href="#id_{prefix}-residual_likelihood">CS-R1: Likelihood must be from 1 to 4 on the '
        "4 × 4 matrix" in html
    )
    assert 'value="20/01/2027"' in html and ">\nWorse</textarea>" in html
    assert re.search(r'value="rescore"[^>]*checked', html)
    assert "govuk-select--error" in html
    # Nothing of the page was saved: the result waits with the review.
    assert not Result.objects.filter(indicator=rw.indicator, year=2026, period=2).exists()
    assert Risk.objects.get(pk=rw.risk.pk).review_date == dt.date(2026, 10, 15)


def test_a_re_score_needs_both_scores(client_for, rw):
    data = review(rw.risk, decision="rescore", residual_impact="")
    response = client_for(rw.world.officer).post(service_url(rw), data | {"action": "save"})
    assert f'href="#id_r{rw.risk.pk}-residual_impact">CS-R1: Select the impact' in (
        response.content.decode()
    )


def test_a_review_needs_a_next_review_date_after_today(client_for, rw):
    client = client_for(rw.world.officer)
    prefix = f"r{rw.risk.pk}"
    html = client.post(service_url(rw), review(rw.risk, review_date="")).content.decode()
    assert f'href="#id_{prefix}-review_date">CS-R1: Enter the next review date' in html
    html = client.post(service_url(rw), review(rw.risk, review_date="31/02/2027")).content.decode()
    assert "CS-R1: Next review date must be a real date, like 31/03/2027" in html
    # The pages' today is 10 October 2026.
    html = client.post(service_url(rw), review(rw.risk, review_date="10/10/2026")).content.decode()
    assert "CS-R1: The next review date must be after today" in html
    assert Risk.objects.get(pk=rw.risk.pk).review_date == dt.date(2026, 10, 15)


def test_a_date_without_a_decision_asks_for_one(client_for, rw):
    data = review(rw.risk, decision="")
    html = client_for(rw.world.officer).post(service_url(rw), data).content.decode()
    assert (
        f'href="#id_r{rw.risk.pk}-decision_0">CS-R1: Choose to confirm the risk as it stands '
        "or to re-score it" in html
    )


def test_changed_scores_are_not_confirmed(client_for, rw):
    data = review(rw.risk, residual_likelihood="4")
    html = client_for(rw.world.officer).post(service_url(rw), data).content.decode()
    assert "CS-R1: You changed its scores: choose Re-score" in html
    assert Risk.objects.get(pk=rw.risk.pk).residual_likelihood == 2


def test_a_risk_changed_since_the_page_was_opened_is_refused(client_for, rw):
    client = client_for(rw.world.officer)
    html = client.get(service_url(rw)).content.decode()
    seen = re.search(rf'name="r{rw.risk.pk}-seen" value="([^"]+)"', html)[1]
    Risk.objects.get(pk=rw.risk.pk).save()  # someone else saves it meanwhile
    data = review(rw.risk, seen=seen)
    html = client.post(service_url(rw), data).content.decode()
    assert "CS-R1: CS-R1 was changed by someone else after you opened this page" in html
    # The page now carries the risk as it is: reviewing it again is accepted.
    seen = re.search(rf'name="r{rw.risk.pk}-seen" value="([^"]+)"', html)[1]
    response = client.post(service_url(rw), review(rw.risk, seen=seen))
    assert response.status_code == 302
    assert Risk.objects.get(pk=rw.risk.pk).review_date == dt.date(2027, 1, 15)


# --- Scope ------------------------------------------------------------------------------------


def test_another_services_risk_is_refused(client_for, rw):
    world = rw.world
    theirs = factories.RiskFactory(
        service=world.other_service, reference="REV1", review_date=dt.date(2026, 10, 1)
    )
    data = review(theirs) | {f"i{rw.indicator.pk}-2-value": "98", "action": "save"}
    response = client_for(world.officer).post(service_url(rw), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="#risk-reviews">Nothing was saved: a review was sent for a risk that is not one '
        "of the Customer Services risks you can review in this return" in html
    )
    assert Risk.objects.get(pk=theirs.pk).review_date == dt.date(2026, 10, 1)
    assert not Result.objects.filter(indicator=rw.indicator, year=2026, period=2).exists()


def test_a_risk_not_due_is_refused(client_for, rw):
    later = not_due(rw)
    response = client_for(rw.world.officer).post(service_url(rw), review(later))
    assert "Nothing was saved: a review was sent for a risk" in response.content.decode()
    assert Risk.objects.get(pk=later.pk).review_date == dt.date(2030, 3, 31)


def test_the_lead_does_not_review_risks_here(client_for, rw):
    """Risks are reviewed by officers of the service, as on the risk's own page."""
    response = client_for(rw.world.lead).post(service_url(rw), review(rw.risk))
    assert response.status_code == 200
    assert "Nothing was saved: a review was sent for a risk" in response.content.decode()
    assert Risk.objects.get(pk=rw.risk.pk).review_date == dt.date(2026, 10, 15)


def test_readers_and_other_services_officers_cannot_post_reviews(client_for, rw):
    world = rw.world
    for user in (world.clerk, world.manager):
        assert client_for(user).post(service_url(rw), review(rw.risk)).status_code == 403
    assert client_for(world.officer_b).post(service_url(rw), review(rw.risk)).status_code == 404
    assert Risk.objects.get(pk=rw.risk.pk).review_date == dt.date(2026, 10, 15)


def test_an_accepted_return_is_read_only(client_for, rw):
    world = rw.world
    part = ServiceReturn.objects.get(parent=rw.parent, service=world.service)
    factories.ProgressUpdateFactory(action=rw.action, year=2026, quarter=2)
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2)
    rw.risk.save()
    service_return_submit(service_return=part, user=world.officer)
    service_return_accept(service_return=part, user=world.lead)
    client = client_for(world.officer)
    assert f'name="r{rw.risk.pk}-decision"' not in client.get(service_url(rw)).content.decode()
    assert client.post(service_url(rw), review(rw.risk)).status_code == 403


# --- Completion: the tracker and the dashboard count the reviews ---------------------------------


def test_the_tracker_and_the_dashboard_count_a_review_made_on_the_page(client_for, rw):
    world = rw.world
    client = client_for(world.officer)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "1 risk to review" in dashboard
    client.post(service_url(rw), review(rw.risk) | {"action": "save"})
    tracker = client_for(world.lead).get(rw.parent.get_absolute_url()).content.decode()
    assert "CS01 Q2 2026/27 and action 1a" in tracker and "risk CS-R1" not in tracker
    dashboard = client_for(world.officer).get(reverse("dashboard")).content.decode()
    assert "risk to review" not in dashboard and "1 action to report" in dashboard


def test_a_reviewed_risk_stays_counted_once_its_review_date_moved_on(rw, client_for):
    client_for(rw.world.officer).post(service_url(rw), review(rw.risk, review_date="01/04/2027"))
    part = risk_part(rw)
    assert [(item.label, item.done) for item in part.items] == [("risk CS-R1", True)]
    assert part.complete


# --- Queries ----------------------------------------------------------------------------------


def test_the_officers_page_costs_the_same_queries_for_3_and_9_risks(
    client_for, world, today, django_assert_num_queries
):
    def service_with(count, name):
        service = factories.ServiceFactory(directorate=world.directorate, name=name)
        for _ in range(count):
            factories.RiskFactory(
                service=service,
                review_date=dt.date(2026, 10, 1),
                target_likelihood=1,
                target_impact=1,
            )
        return service

    small, large = service_with(3, "Small"), service_with(9, "Large")
    officer = person(world.council, "both", Role.Name.OFFICER, directorate=world.directorate)
    parent = open_return(world, services=[small, large])
    for service in (small, large):
        first = Risk.objects.filter(service=service).first()
        first.save()  # reviewed since the return opened: shown with who and when
    client = client_for(officer)
    client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(16) as small_queries:
        client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("returns:service_return", args=[parent.pk, large.pk]))
    html = response.content.decode()
    assert len(re.findall(r'name="r\d+-review_date"', html)) == 9
    assert "1 of 9 reviewed" in html
