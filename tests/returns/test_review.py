"""Reviewing a submitted return: a manager of the service or the performance lead accepts it
or sends it back with a comment; an accepted return is read-only to its officers. The
service refusals, the constraints, and the review page's checklist (anonymous, wrong role,
out of scope, GET, valid POST, invalid POST)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kpis.models import Result
from plans.models import ProgressUpdate
from returns.models import Review, ServiceReturn
from returns.services import (
    service_return_accept,
    service_return_send_back,
    service_return_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(rw) -> ServiceReturn:
    """Customer Services' part of the return, complete and submitted by its officer."""
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2)
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.save()  # reviewed since the return opened
    part = ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service)
    return service_return_submit(service_return=part, user=rw.world.officer)


def review_url(rw, service=None):
    service = service or rw.world.service
    return reverse("returns:service_return_review", args=[rw.parent.pk, service.pk])


def service_url(rw, service=None):
    service = service or rw.world.service
    return reverse("returns:service_return", args=[rw.parent.pk, service.pk])


# --- The services ------------------------------------------------------------------------------


def test_accepting_records_who_and_when_once(part, rw):
    service_return_accept(service_return=part, user=rw.world.manager)
    part.refresh_from_db()
    assert part.review_status == Review.ACCEPTED
    assert part.reviewed_by == rw.world.manager and part.reviewed_at is not None
    with pytest.raises(ValidationError) as error:
        service_return_accept(service_return=part, user=rw.world.lead)
    assert error.value.code == "already_accepted"
    assert "This return was already accepted on" in error.value.messages[0]


def test_a_return_not_submitted_cannot_be_accepted_or_sent_back(rw):
    part = ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service)
    with pytest.raises(ValidationError) as error:
        service_return_accept(service_return=part, user=rw.world.manager)
    assert error.value.code == "not_submitted"
    assert error.value.messages == ["This return cannot be accepted: it has not been submitted."]
    with pytest.raises(ValidationError) as error:
        service_return_send_back(service_return=part, user=rw.world.manager, comment="Why?")
    assert error.value.code == "not_submitted"
    assert error.value.messages == ["This return cannot be sent back: it has not been submitted."]


def test_sending_back_needs_a_comment(part, rw):
    with pytest.raises(ValidationError) as error:
        service_return_send_back(service_return=part, user=rw.world.manager, comment="  ")
    assert error.value.message_dict == {
        "comment": ["Enter a comment saying what the officers must change"]
    }
    part.refresh_from_db()
    assert part.submitted_at is not None and part.review_status == Review.WAITING


def test_a_return_sent_back_is_submitted_again_and_waits_for_review(part, rw):
    service_return_send_back(
        service_return=part, user=rw.world.manager, comment="CS01 looks too high"
    )
    part.refresh_from_db()
    assert (part.submitted_at, part.review_status, part.review_comment) == (
        None,
        Review.SENT_BACK,
        "CS01 looks too high",
    )
    with pytest.raises(ValidationError) as error:
        service_return_send_back(service_return=part, user=rw.world.manager, comment="Again")
    assert error.value.messages == [
        "This return cannot be sent back: it has not been submitted since it was last sent back."
    ]
    service_return_submit(service_return=part, user=rw.world.officer)
    part.refresh_from_db()
    assert part.submitted_at is not None and part.review_status == Review.WAITING
    # The last comment stays, for the reviewer to check it was acted on.
    assert part.review_comment == "CS01 looks too high"


def test_an_accepted_return_can_be_sent_back(part, rw):
    service_return_accept(service_return=part, user=rw.world.manager)
    service_return_send_back(service_return=part, user=rw.world.lead, comment="Q2 figures restated")
    part.refresh_from_db()
    assert part.review_status == Review.SENT_BACK and part.reviewed_by == rw.world.lead


def test_an_accepted_return_cannot_be_submitted_again(part, rw):
    service_return_accept(service_return=part, user=rw.world.manager)
    with pytest.raises(ValidationError) as error:
        service_return_submit(service_return=part, user=rw.world.officer)
    assert error.value.code == "already_submitted"


@pytest.mark.parametrize(
    "changes, name",
    [
        ({"review_status": "maybe", "reviewed_at": timezone.now()}, "review_status_valid"),
        (
            {"review_status": Review.ACCEPTED, "reviewed_at": timezone.now()},
            "accepted_is_submitted",
        ),
        (
            {"review_status": Review.SENT_BACK, "reviewed_at": timezone.now()},
            "sent_back_has_comment",
        ),
        ({"review_status": Review.SENT_BACK, "review_comment": "x"}, "reviewed_has_date"),
    ],
)
def test_the_database_keeps_the_review_consistent(rw, changes, name):
    part = ServiceReturn.objects.filter(pk__in=rw.parent.service_returns.values("pk"))
    with pytest.raises(IntegrityError, match=f"service_return_{name}"), transaction.atomic():
        part.filter(service=rw.world.service).update(**changes)


# --- The review page -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, part, rw):
    response = client.get(review_url(rw))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_officers_and_clerks_may_not_review(client_for, part, rw):
    for user in (rw.world.officer, rw.world.clerk):
        client = client_for(user)
        assert client.get(review_url(rw)).status_code == 403
        assert client.post(review_url(rw), {"decision": "accept"}).status_code == 403
    part.refresh_from_db()
    assert part.review_status == Review.WAITING


def test_a_service_out_of_scope_is_not_found(client_for, rw):
    world = rw.world
    # The manager of Community does not see Revenues (Resources); other councils see nothing.
    assert client_for(world.manager).get(review_url(rw, world.other_service)).status_code == 404
    assert client_for(world.foreign_officer).get(review_url(rw)).status_code == 404


def test_the_manager_sees_the_review_form_on_the_page_and_its_own(client_for, part, rw):
    client = client_for(rw.world.manager)
    html = client.get(service_url(rw)).content.decode()
    assert 'id="review-return"' in html and f'action="{review_url(rw)}"' in html
    html = client.get(review_url(rw)).content.decode()
    assert "Review the return of Customer Services" in html
    assert "Accept the return" in html and "Send it back to the officers" in html
    # The officer who submitted it is not offered a review.
    officer_html = client_for(rw.world.officer).get(service_url(rw)).content.decode()
    assert 'id="review-return"' not in officer_html


def test_a_return_not_submitted_offers_no_decision(client_for, rw):
    html = client_for(rw.world.manager).get(review_url(rw)).content.decode()
    assert "This return is not waiting for review" in html
    assert 'name="decision"' not in html


def test_the_manager_accepts_and_the_officer_can_no_longer_change_it(client_for, part, rw):
    world = rw.world
    response = client_for(world.manager).post(review_url(rw), {"decision": "accept"})
    assert response.status_code == 302 and response.url == service_url(rw)
    part.refresh_from_db()
    assert part.is_accepted and part.reviewed_by == world.manager
    officer = client_for(world.officer)
    html = officer.get(service_url(rw)).content.decode()
    today = timezone.localdate(part.reviewed_at)
    assert f"Accepted by {world.manager} on {today.day} {today:%B %Y}" in html
    assert "Save as a draft" not in html and "Submit return" not in html
    assert f'name="i{rw.indicator.pk}-2-value"' not in html
    value_before = Result.objects.get(indicator=rw.indicator, year=2026, period=2).value
    response = officer.post(
        service_url(rw), {f"i{rw.indicator.pk}-2-value": "12", "action": "save"}
    )
    assert response.status_code == 403
    assert Result.objects.get(indicator=rw.indicator, year=2026, period=2).value == value_before


def test_the_lead_accepts_any_services_return(client_for, part, rw):
    response = client_for(rw.world.lead).post(review_url(rw), {"decision": "accept"})
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.is_accepted and part.reviewed_by == rw.world.lead


def test_sending_back_without_a_comment_shows_the_error_summary(client_for, part, rw):
    response = client_for(rw.world.manager).post(review_url(rw), {"decision": "send_back"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert 'href="#id_comment">Enter a comment saying what the officers must change' in html
    part.refresh_from_db()
    assert part.submitted_at is not None and part.review_status == Review.WAITING


def test_no_decision_is_refused(client_for, part, rw):
    response = client_for(rw.world.manager).post(review_url(rw), {})
    assert "Select whether to accept the return or send it back" in response.content.decode()


def test_a_return_sent_back_shows_the_comment_and_is_submitted_again(client_for, part, rw):
    world = rw.world
    response = client_for(world.manager).post(
        review_url(rw), {"decision": "send_back", "comment": "Explain the dip in CS01"}
    )
    assert response.status_code == 302
    officer = client_for(world.officer)
    html = officer.get(service_url(rw)).content.decode()
    assert f"Sent back by {world.manager} on" in html
    assert "Explain the dip in CS01" in html and ">Sent back</strong>" in html
    assert "Submit return" in html
    row = f"i{rw.indicator.pk}-2"
    response = officer.post(
        service_url(rw),
        {
            f"{row}-value": "95",
            f"{row}-commentary": "Two advisers on leave all quarter.",
            f"{row}-reason": "Restated after review",
            "action": "submit",
        },
    )
    assert "There is a problem" not in response.content.decode()
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.submitted_at is not None and part.review_status == Review.WAITING


def test_an_accepted_return_already_accepted_is_refused_in_words(client_for, part, rw):
    service_return_accept(service_return=part, user=rw.world.lead)
    response = client_for(rw.world.manager).post(review_url(rw), {"decision": "accept"})
    assert response.status_code == 200
    assert "This return was already accepted on" in response.content.decode()


# --- The tracker -------------------------------------------------------------------------------


def test_the_tracker_counts_accepted_apart_and_links_reviewers(client_for, part, rw):
    world = rw.world
    tracker = reverse("returns:return_detail", args=[rw.parent.pk])
    html = client_for(world.manager).get(tracker).content.decode()
    assert "1 of 2 services submitted, 0 accepted" in html  # Customer Services and Waste
    assert f'href="{review_url(rw)}">Review' in html
    assert f'href="{review_url(rw)}"' not in client_for(world.officer).get(tracker).content.decode()
    service_return_accept(service_return=part, user=world.manager)
    html = client_for(world.lead).get(tracker).content.decode()
    assert "1 of 3 services submitted, 1 accepted" in html
    assert ">Accepted</strong>" in html and f"Accepted by {world.manager} on" in html
