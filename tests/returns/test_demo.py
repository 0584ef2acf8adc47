"""The demo opens last quarter's return, due in a few days, with one service part way through
and one submitted, so that each demo account meets the quarterly cycle; loading it again
opens nothing more."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import User
from kpis.models import Result
from plans.models import ProgressUpdate
from returns.models import Return, Review, ServiceReturn

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Publishing last year's plan stores its PDF: kept out of the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


def load(monkeypatch, day):
    """Load the demo as on `day`, and let the pages see that day as today."""
    monkeypatch.setattr("returns.management.commands.load_demo.today", lambda: day)
    monkeypatch.setattr("serviceplans.dashboard.today", lambda: day)
    monkeypatch.setattr("returns.views.today", lambda: day)
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo(monkeypatch):
    load(monkeypatch, TODAY)
    return Return.objects.get()


def parts(parent):
    return {sr.service.code: sr for sr in parent.service_returns.select_related("service")}


def signed_in(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_opens_last_quarter_s_return_for_every_service(demo):
    assert (demo.year, demo.quarter, demo.deadline) == (2026, 2, dt.date(2026, 10, 15))
    assert demo.opened_by.username == "admin"
    by_code = parts(demo)
    assert sorted(by_code) == ["customer-services", "revenues-benefits", "waste-recycling"]
    waste = by_code["waste-recycling"]
    assert waste.submitted_by.username == "officer-b"
    assert waste.review_status == Review.WAITING
    assert by_code["customer-services"].submitted_at is None


def test_loading_the_demo_again_opens_and_records_nothing_more(demo, monkeypatch):
    counts = [m.objects.count() for m in (Return, ServiceReturn, Result, ProgressUpdate)]
    load(monkeypatch, TODAY + dt.timedelta(days=1))
    assert [m.objects.count() for m in (Return, ServiceReturn, Result, ProgressUpdate)] == counts


def test_the_officer_sees_their_return_part_way_through(demo, client):
    html = signed_in(client, "officer").get("/").content.decode()
    assert "Your returns" in html
    start = html.index("Customer Services: Q2 2026/27")
    mine = html[start : html.index("</dl>", start)]
    assert ">In progress</strong>" in mine
    assert "15 October 2026 (due in 5 days)" in mine
    assert "Still to do" in mine and "Nothing: everything due is in" not in mine


def test_the_lead_s_tracker_has_real_totals(demo, client):
    html = signed_in(client, "admin").get(demo.get_absolute_url()).content.decode()
    assert "1 of 3 services submitted, 0 accepted" in html
    assert "2 of 3 services complete, 67%" in html


def test_the_manager_can_accept_the_submitted_return(demo, client):
    waste = parts(demo)["waste-recycling"]
    url = reverse("returns:service_return_review", args=[demo.pk, waste.service_id])
    response = signed_in(client, "manager").post(url, {"decision": "accept"})
    assert response.status_code == 302
    waste.refresh_from_db()
    assert waste.review_status == Review.ACCEPTED


def test_in_a_quarter_the_demo_s_records_do_not_cover_it_still_fills_its_parts(monkeypatch):
    load(monkeypatch, dt.date(2027, 5, 10))
    parent = Return.objects.get()
    assert (parent.year, parent.quarter) == (2026, 4)
    by_code = parts(parent)
    assert by_code["waste-recycling"].submitted_at is not None
    # Customer Services had nothing for Q4: the demo sent its results, and no more.
    cs_results = Result.objects.filter(indicator__service__code="customer-services", year=2026)
    assert cs_results.filter(period=4, commentary="As expected for the quarter.").exists()
    assert by_code["customer-services"].submitted_at is None
