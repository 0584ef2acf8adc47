"""The returns pages, each with the checklist: anonymous, wrong role, out of scope, GET,
valid POST, invalid POST, and query counts that do not grow with the data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from council.models import Role
from kpis.models import Result
from plans.models import ProgressUpdate
from returns.models import Return, ServiceReturn
from risks.models import Risk
from risks.services import risk_review
from tests import factories
from tests.conftest import person
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db


def tracker_url(rw):
    return reverse("returns:return_detail", args=[rw.parent.pk])


def service_url(rw, service=None):
    service = service or rw.world.service
    return reverse("returns:service_return", args=[rw.parent.pk, service.pk])


def row_prefix(rw):
    return f"i{rw.indicator.pk}-2"


# --- The list --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, rw):
    response = client.get(reverse("returns:return_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_list_shows_the_councils_returns_only(client_for, rw, world):
    foreign = factories.ServiceFactory(
        directorate=world.foreign_officer.roles.get().service.directorate, name="Waste"
    )
    open_return(world, council=world.foreign_council, quarter=1, services=[foreign])
    html = client_for(world.officer).get(reverse("returns:return_list")).content.decode()
    assert "Q2 2026/27" in html
    assert "Q1 2026/27" not in html
    assert "Open a return" not in html  # officers do not open returns


def test_the_list_is_refused_to_someone_without_a_role(client_for, world, rw):
    nobody = factories.UserFactory(council=world.council, username="nobody")
    assert client_for(nobody).get(reverse("returns:return_list")).status_code == 403


def test_the_navigation_links_to_returns_for_people_with_a_role(client_for, world, rw):
    html = client_for(world.clerk).get(reverse("returns:return_list")).content.decode()
    assert f'href="{reverse("returns:return_list")}"' in html


# --- Opening a return --------------------------------------------------------------------------


def test_only_the_lead_opens_a_return(client_for, world, today):
    for user in (world.officer, world.manager, world.clerk):
        assert client_for(user).get(reverse("returns:return_create")).status_code == 403
        response = client_for(user).post(reverse("returns:return_create"), {})
        assert response.status_code == 403


def test_the_form_starts_with_the_last_quarter_and_every_service(client_for, world, today):
    html = client_for(world.lead).get(reverse("returns:return_create")).content.decode()
    assert '<option value="2026-2" selected>Q2 2026/27</option>' in html
    assert "Q4 2026/27" not in html  # not started
    for service in (world.service, world.sibling_service, world.other_service):
        assert re.search(rf'value="{service.pk}"\s+checked', html)
    assert f'value="{world.foreign_plan.service.pk}"' not in html


def valid_post(world, **changes):
    return {
        "frequency": "quarterly",
        "period": "2026-2",
        "deadline": "20/10/2026",
        "asks": ["results", "progress", "risks"],
        "services": [world.service.pk, world.other_service.pk],
    } | changes


def test_the_lead_opens_a_return_for_chosen_services(client_for, world, today):
    response = client_for(world.lead).post(reverse("returns:return_create"), valid_post(world))
    parent = Return.objects.get()
    assert response.status_code == 302 and response.url == parent.get_absolute_url()
    assert (parent.council, parent.year, parent.quarter) == (world.council, 2026, 2)
    assert parent.deadline == dt.date(2026, 10, 20)
    assert set(parent.services.all()) == {world.service, world.other_service}
    assert parent.opened_by == world.lead


def test_a_deadline_that_is_not_a_date_is_refused_keeping_what_was_typed(client_for, world, today):
    response = client_for(world.lead).post(
        reverse("returns:return_create"), valid_post(world, deadline="31/09/2026")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deadline must be a real date, like 20/10/2026" in html
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert 'value="31/09/2026"' in html
    assert not Return.objects.exists()


def test_a_deadline_inside_the_quarter_is_refused(client_for, world, today):
    response = client_for(world.lead).post(
        reverse("returns:return_create"), valid_post(world, deadline="30/09/2026")
    )
    assert "The deadline must be after the quarter ends on 30 September 2026" in (
        response.content.decode()
    )
    assert not Return.objects.exists()


def test_a_second_return_for_the_quarter_is_refused(client_for, world, today):
    open_return(world)
    response = client_for(world.lead).post(reverse("returns:return_create"), valid_post(world))
    assert response.status_code == 200
    assert "There is already a return for Q2 2026/27" in response.content.decode()
    assert Return.objects.count() == 1


def test_another_councils_service_is_refused(client_for, world, today):
    foreign_service = world.foreign_plan.service
    response = client_for(world.lead).post(
        reverse("returns:return_create"), valid_post(world, services=[foreign_service.pk])
    )
    assert response.status_code == 200
    assert "Select services from the list" in response.content.decode()
    assert not Return.objects.exists()


def test_nothing_asked_is_refused(client_for, world, today):
    response = client_for(world.lead).post(
        reverse("returns:return_create"), valid_post(world, asks=[])
    )
    assert "Select what each service must provide" in response.content.decode()


# --- The completion tracker --------------------------------------------------------------------


def test_another_councils_return_is_not_found(client_for, rw):
    response = client_for(rw.world.foreign_officer).get(tracker_url(rw))
    assert response.status_code == 404


def test_each_reader_sees_the_services_in_their_scope(client_for, rw):
    world = rw.world
    seen = {
        user: client_for(user).get(tracker_url(rw)).content.decode()
        for user in (world.lead, world.clerk, world.manager, world.officer)
    }
    for user in (world.lead, world.clerk):
        assert all(name in seen[user] for name in ("Customer Services", "Waste", "Revenues"))
    assert "Waste" in seen[world.manager] and "Revenues" not in seen[world.manager]
    assert "Customer Services" in seen[world.officer]
    assert "Waste" not in seen[world.officer] and "Revenues" not in seen[world.officer]


def test_the_tracker_says_what_is_in_and_missing_in_words(client_for, rw):
    html = client_for(rw.world.lead).get(tracker_url(rw)).content.decode()
    # Waste and Revenues owe nothing (Revenues' plan has no actions), so they are complete.
    assert "2 of 3 services complete, 67%" in html
    assert "CS01 Q2 2026/27, action 1a and <a " in html
    assert "0 of 1 in" in html
    assert "Complete, not submitted" in html and "Not started" in html


def test_each_risk_to_review_on_the_tracker_links_to_the_risk_s_own_page(client_for, rw):
    """Everyone who reads the tracker may read the risk (the lead, a clerk, a manager)."""
    link = (
        f'<a class="govuk-link" href="/risks/{rw.risk.pk}/">risk CS-R1'
        '<span class="govuk-visually-hidden"> of Customer Services</span></a>'
    )
    for user in (rw.world.lead, rw.world.clerk, rw.world.manager):
        client = client_for(user)
        assert link in client.get(tracker_url(rw)).content.decode()
        page = client.get(f"/risks/{rw.risk.pk}/")
        assert page.status_code == 200
        assert "CS-R1" in page.content.decode()
    # Once reviewed, it is no longer missing, and no longer linked from the tracker.
    risk_review(
        risk=rw.risk,
        user=rw.world.officer,
        next_review=dt.date(2027, 1, 15),
        today=dt.date(2026, 10, 10),
    )
    html = client_for(rw.world.lead).get(tracker_url(rw)).content.decode()
    assert f'href="/risks/{rw.risk.pk}/"' not in html
    assert "CS01 Q2 2026/27 and action 1a" in html


def test_a_service_past_the_deadline_is_late(client_for, rw, monkeypatch):
    monkeypatch.setattr("returns.views.today", lambda: dt.date(2026, 10, 21))
    html = client_for(rw.world.lead).get(tracker_url(rw)).content.decode()
    assert ">Late</strong>" in html
    assert "3 late" in html


def test_the_tracker_costs_the_same_queries_for_3_and_9_services(
    client_for, world, today, django_assert_num_queries
):
    def services(count, prefix):
        made = []
        for n in range(count):
            service = factories.ServiceFactory(directorate=world.directorate, name=f"{prefix} {n}")
            indicator = factories.IndicatorFactory(service=service)
            factories.ResultFactory(indicator=indicator, year=2026, period=2)
            factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1))
            plan = factories.PlanFactory(service=service, first_year=2026, last_year=2026)
            objective = factories.ServiceObjectiveFactory(plan=plan)
            action = factories.ActionFactory(objective=objective)
            factories.ProgressUpdateFactory(action=action, year=2026, quarter=2)
            made.append(service)
        return made

    client = client_for(world.lead)
    small = open_return(world, services=services(3, "Small"))
    client.get(reverse("returns:return_detail", args=[small.pk]))  # warm the session
    with django_assert_num_queries(12) as small_queries:
        client.get(reverse("returns:return_detail", args=[small.pk]))
    large = open_return(world, quarter=1, services=services(9, "Large"))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("returns:return_detail", args=[large.pk]))
    # Each owes its risk review (and the Q1 return its Q1 result and progress).
    assert "0 of 9 services complete, 0%" in response.content.decode()


# --- A service's return --------------------------------------------------------------------------


def test_a_service_out_of_scope_is_not_found(client_for, rw):
    world = rw.world
    assert client_for(world.officer_b).get(service_url(rw)).status_code == 404
    assert client_for(world.foreign_officer).get(service_url(rw)).status_code == 404
    # The manager of Community reads its services' returns, not Resources' (Revenues).
    manager = client_for(world.manager)
    assert manager.get(service_url(rw, world.sibling_service)).status_code == 200
    assert manager.get(service_url(rw, world.other_service)).status_code == 404
    outside = factories.ServiceFactory(directorate=world.directorate, name="Not in the return")
    person(world.council, "outsider", Role.Name.OFFICER, service=outside)
    assert client_for(world.lead).get(service_url(rw, outside)).status_code == 404


def test_readers_see_the_return_but_cannot_save_it(client_for, rw):
    for user in (rw.world.clerk, rw.world.manager):
        client = client_for(user)
        html = client.get(service_url(rw)).content.decode()
        assert "CS01" in html and "Save as a draft" not in html
        response = client.post(service_url(rw), {f"{row_prefix(rw)}-value": "98"})
        assert response.status_code == 403
    assert not Result.objects.filter(year=2026, period=2).exists()


def test_the_grid_shows_the_periods_beside_the_inputs(client_for, rw):
    html = client_for(rw.world.officer).get(service_url(rw)).content.decode()
    assert "CS01" in html and "Q2 2026/27" in html
    assert "95%" in html  # last period (Q1 2026/27)
    assert "93%" in html  # same period last year (Q2 2025/26)
    assert "97%" in html  # the target
    assert f'id="id_{row_prefix(rw)}-value"' in html
    assert "action 1a".capitalize() in html and "CS-R1 Insufficient staff" in html


def test_an_officer_saves_results_through_the_result_service(client_for, rw):
    response = client_for(rw.world.officer).post(
        service_url(rw), {f"{row_prefix(rw)}-value": "98%", "action": "save"}
    )
    assert response.status_code == 302
    result = Result.objects.get(indicator=rw.indicator, year=2026, period=2)
    assert (result.value, result.text, result.entered_by) == (
        Decimal("98"),
        "98%",
        rw.world.officer,
    )


def test_an_off_target_result_without_commentary_saves_nothing(client_for, rw):
    second = factories.IndicatorFactory(service=rw.world.service, code="CS02")
    factories.TargetFactory(indicator=second, year=2026, value=Decimal("97"))
    data = {
        f"{row_prefix(rw)}-value": "80",
        f"i{second.pk}-2-value": "99",
        "action": "save",
    }
    response = client_for(rw.world.officer).post(service_url(rw), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert (
        f'href="#id_{row_prefix(rw)}-commentary">CS01 Q2 2026/27: Enter commentary: '
        "the result is off target (red)" in html
    )
    assert 'value="80"' in html and 'value="99"' in html
    assert not Result.objects.filter(year=2026, period=2).exists()


def test_correcting_a_saved_result_needs_a_reason(client_for, rw):
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2, value=Decimal("98"))
    client = client_for(rw.world.officer)
    prefix = row_prefix(rw)
    html = client.get(service_url(rw)).content.decode()
    assert f'id="id_{prefix}-reason"' in html
    response = client.post(service_url(rw), {f"{prefix}-value": "99", "action": "save"})
    assert (
        f'href="#id_{prefix}-reason">CS01 Q2 2026/27: Enter the reason for correcting the result'
        in response.content.decode()
    )
    response = client.post(
        service_url(rw),
        {f"{prefix}-value": "99", f"{prefix}-reason": "Late calls counted", "action": "save"},
    )
    assert response.status_code == 302
    result = Result.objects.get(indicator=rw.indicator, year=2026, period=2)
    assert result.value == Decimal("99")
    assert result.corrections.get().reason == "Late calls counted"


def test_the_list_parts_open_and_past_returns(client_for, rw, world, monkeypatch):
    open_return(world, quarter=1, deadline=dt.date(2026, 7, 20))
    html = client_for(world.lead).get(reverse("returns:return_list")).content.decode()
    open_part, past_part = html.split("Past returns</h2>")
    assert "Q2 2026/27" in open_part and "Q1 2026/27" in past_part
    assert "Open a return" in html


def test_check_the_ratings_saves_nothing(client_for, rw):
    response = client_for(rw.world.officer).post(
        service_url(rw), {f"{row_prefix(rw)}-value": "96", "action": "check"}
    )
    assert response.status_code == 200
    assert "Near target" in response.content.decode()
    assert not Result.objects.filter(year=2026, period=2).exists()


def test_a_result_that_is_not_a_figure_is_refused(client_for, rw):
    response = client_for(rw.world.officer).post(
        service_url(rw), {f"{row_prefix(rw)}-value": "x" * 51, "action": "save"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'href="#id_{row_prefix(rw)}-value">CS01 Q2 2026/27: Result for Q2 2026/27 must be 50 characters or fewer'
        in html
    )


def test_an_incomplete_return_cannot_be_submitted(client_for, rw):
    response = client_for(rw.world.officer).post(
        service_url(rw), {f"{row_prefix(rw)}-value": "98", "action": "submit"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "still missing action 1a and risk CS-R1" in html
    assert 'href="#submit-return"' in html
    assert (
        ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service).submitted_at is None
    )
    # What was typed was saved all the same: the return is a draft until submitted.
    assert Result.objects.filter(indicator=rw.indicator, year=2026, period=2).exists()


def test_a_complete_return_is_submitted_once(client_for, rw):
    world = rw.world
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.save()  # reviewed since the return opened
    client = client_for(world.officer)
    response = client.post(service_url(rw), {f"{row_prefix(rw)}-value": "98", "action": "submit"})
    assert response.status_code == 302
    part = ServiceReturn.objects.get(parent=rw.parent, service=world.service)
    assert part.submitted_at is not None and part.submitted_by == world.officer
    again = client.post(service_url(rw), {f"{row_prefix(rw)}-value": "98", "action": "submit"})
    assert "This return was already submitted on" in again.content.decode()
    html = client_for(world.lead).get(tracker_url(rw)).content.decode()
    # Submitted at the real time, after the deadline of October 2026.
    assert ">Submitted late</strong>" in html


def test_the_lead_may_fill_in_any_services_return(client_for, rw):
    response = client_for(rw.world.lead).post(
        service_url(rw), {f"{row_prefix(rw)}-value": "98", "action": "save"}
    )
    assert response.status_code == 302
    assert Result.objects.filter(indicator=rw.indicator, year=2026, period=2).exists()


def test_the_service_page_costs_the_same_queries_for_3_and_9_indicators(
    client_for, world, today, django_assert_num_queries
):
    def service_with(count, name):
        service = factories.ServiceFactory(directorate=world.directorate, name=name)
        for _ in range(count):
            indicator = factories.IndicatorFactory(service=service)
            factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("97"))
            factories.ResultFactory(indicator=indicator, year=2026, period=1)
            factories.ResultFactory(indicator=indicator, year=2025, period=2)
            factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1))
        return service

    small, large = service_with(3, "Small"), service_with(9, "Large")
    parent = open_return(world, services=[small, large])
    client = client_for(world.lead)
    client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(18) as small_queries:
        client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("returns:service_return", args=[parent.pk, large.pk]))
    assert len(re.findall(r'name="i\d+-2-value"', response.content.decode())) == 9
    assert Risk.objects.filter(service=large).count() == 9


def test_an_officer_reports_progress_on_actions_from_the_return(client_for, rw):
    client = client_for(rw.world.officer)
    prefix = f"a{rw.action.pk}"
    html = client.get(service_url(rw)).content.decode()
    assert f'id="id_{prefix}-status"' in html
    response = client.post(
        service_url(rw), {f"{prefix}-status": "on_track", f"{prefix}-note": "Going well"}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=rw.action)
    assert (update.year, update.quarter, update.status, update.note, update.created_by) == (
        2026,
        2,
        "on_track",
        "Going well",
        rw.world.officer,
    )
    # Reported: the action is done for the quarter and no longer asks for a status.
    assert f'id="id_{prefix}-status"' not in client.get(service_url(rw)).content.decode()


def test_a_delayed_action_without_a_note_saves_nothing(client_for, rw):
    prefix = f"a{rw.action.pk}"
    response = client_for(rw.world.officer).post(
        service_url(rw),
        {f"{prefix}-status": "delayed", f"{row_prefix(rw)}-value": "98", "action": "save"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{prefix}-note">Action 1a: Enter a progress note' in html
    assert 'value="98"' in html
    assert not ProgressUpdate.objects.exists()
    assert not Result.objects.filter(year=2026, period=2).exists()


def test_the_lead_reports_no_progress_here(client_for, rw):
    """Progress is the service's officers' to report, as on the action's own page."""
    html = client_for(rw.world.lead).get(service_url(rw)).content.decode()
    assert f'id="id_a{rw.action.pk}-status"' not in html
    assert reverse("plans:action_progress", args=[rw.world.plan.pk, rw.action.pk]) in html


def test_the_officers_page_costs_the_same_queries_for_3_and_9_actions(
    client_for, world, today, django_assert_num_queries
):
    def service_with(count, name):
        service = factories.ServiceFactory(directorate=world.directorate, name=name)
        plan = factories.PlanFactory(service=service, first_year=2026, last_year=2026)
        objective = factories.ServiceObjectiveFactory(plan=plan)
        for _ in range(count):
            factories.ActionFactory(objective=objective)
            factories.IndicatorFactory(service=service)
        return service

    small, large = service_with(3, "Small"), service_with(9, "Large")
    officer = person(world.council, "both", Role.Name.OFFICER, directorate=world.directorate)
    parent = open_return(world, services=[small, large])
    client = client_for(officer)
    client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(17) as small_queries:
        client.get(reverse("returns:service_return", args=[parent.pk, small.pk]))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("returns:service_return", args=[parent.pk, large.pk]))
    assert len(re.findall(r'name="a\d+-status"', response.content.decode())) == 9
