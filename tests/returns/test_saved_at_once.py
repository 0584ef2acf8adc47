"""Two people with one service's return page open at once: the second to save is told who
saved what in between, and nothing either of them typed is lost."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.models import Role
from kpis.models import Result
from kpis.seen import NOTHING, result_seen, seen_token
from kpis.services import result_record
from plans.models import ProgressUpdate
from tests import factories
from tests.conftest import person

pytestmark = pytest.mark.django_db


def service_url(rw):
    return reverse("returns:service_return", args=[rw.parent.pk, rw.world.service.pk])


def shown(html: str, prefix: str) -> str:
    """What the page says it showed of a row (its hidden `seen`)."""
    return re.search(rf'name="{prefix}-seen" value="([^"]*)"', html)[1]


def test_a_token_ignores_line_endings_and_a_blank_row_is_nothing():
    assert seen_token("96.4%", "Calls up\r\nStaff off") == seen_token(
        "96.4%", "Calls up\nStaff off "
    )
    assert seen_token("", "  ") == NOTHING
    assert seen_token("96.4%", "") != seen_token("96.5%", "")


def test_a_result_saved_by_someone_else_is_not_overwritten(client_for, rw):
    prefix = f"i{rw.indicator.pk}-2"
    officer = client_for(rw.world.officer)
    seen = shown(officer.get(service_url(rw)).content.decode(), prefix)
    assert seen == NOTHING

    # The lead saves the same result first, from their own page.
    lead = client_for(rw.world.lead)
    lead_seen = shown(lead.get(service_url(rw)).content.decode(), prefix)
    response = lead.post(
        service_url(rw),
        {
            f"{prefix}-value": "96",
            f"{prefix}-commentary": "Two staff off sick",
            f"{prefix}-seen": lead_seen,
            "action": "save",
        },
    )
    assert response.status_code == 302

    response = officer.post(
        service_url(rw),
        {
            f"{prefix}-value": "98",
            f"{prefix}-commentary": "Back to strength",
            f"{prefix}-seen": seen,
            "action": "save",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    lead_name = rw.world.lead.get_full_name() or rw.world.lead.username
    assert f"CS01 Q2 2026/27: Saved by {lead_name} at " in html
    assert "it is now 96, with the commentary “Two staff off sick”" in html
    # What the officer typed is still on the page, and theirs is not saved.
    assert 'value="98"' in html and "Back to strength" in html
    result = Result.objects.get(indicator=rw.indicator, year=2026, period=2)
    assert (result.text, result.commentary) == ("96", "Two staff off sick")

    # The page now shows the result as it is, so saving again replaces it, with a reason.
    now = shown(html, prefix)
    assert now == result_seen(result)
    response = officer.post(
        service_url(rw),
        {
            f"{prefix}-value": "98",
            f"{prefix}-commentary": "Back to strength",
            f"{prefix}-reason": "The lead's figure left out October's calls",
            f"{prefix}-seen": now,
            "action": "save",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.text, result.commentary) == ("98", "Back to strength")
    assert result.corrections.get().old_text == "96"


def test_a_row_left_as_it_was_keeps_what_someone_else_saved(client_for, rw):
    second = factories.IndicatorFactory(service=rw.world.service, code="CS02")
    first_prefix, second_prefix = f"i{rw.indicator.pk}-2", f"i{second.pk}-2"
    officer = client_for(rw.world.officer)
    html = officer.get(service_url(rw)).content.decode()
    seen = {prefix: shown(html, prefix) for prefix in (first_prefix, second_prefix)}

    result_record(
        indicator=rw.indicator,
        year=2026,
        period=2,
        value=Decimal("96"),
        text="96",
        commentary="",
        user=rw.world.lead,
    )
    response = officer.post(
        service_url(rw),
        {
            f"{first_prefix}-value": "",
            f"{first_prefix}-seen": seen[first_prefix],
            f"{second_prefix}-value": "40",
            f"{second_prefix}-seen": seen[second_prefix],
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert Result.objects.get(indicator=rw.indicator, year=2026, period=2).text == "96"
    assert Result.objects.get(indicator=second, year=2026, period=2).text == "40"


def test_typing_what_is_now_saved_is_not_a_clash(client_for, rw):
    prefix = f"i{rw.indicator.pk}-2"
    officer = client_for(rw.world.officer)
    seen = shown(officer.get(service_url(rw)).content.decode(), prefix)
    result_record(
        indicator=rw.indicator,
        year=2026,
        period=2,
        value=Decimal("98"),
        text="98",
        commentary="",
        user=rw.world.lead,
    )
    response = officer.post(
        service_url(rw), {f"{prefix}-value": "98", f"{prefix}-seen": seen, "action": "save"}
    )
    assert response.status_code == 302
    assert Result.objects.filter(indicator=rw.indicator, year=2026, period=2).count() == 1


def test_the_result_service_refuses_a_stale_save_under_its_lock(rw):
    """Two saves checked at the same moment: the second, in the row lock, still sees it."""
    arguments = {"indicator": rw.indicator, "year": 2026, "period": 2, "commentary": ""}
    result_record(value=Decimal("96"), text="96", user=rw.world.lead, **arguments)
    with pytest.raises(ValidationError) as refused:
        result_record(
            value=Decimal("98"),
            text="98",
            user=rw.world.officer,
            reason="Recounted",
            seen=NOTHING,
            **arguments,
        )
    assert refused.value.code == "changed"
    assert Result.objects.get(indicator=rw.indicator, year=2026, period=2).text == "96"


def test_progress_reported_by_someone_else_is_shown_and_nothing_is_lost(client_for, rw):
    colleague = person(rw.world.council, "officer-c", Role.Name.OFFICER, service=rw.world.service)
    prefix = f"a{rw.action.pk}"
    officer = client_for(rw.world.officer)
    seen = shown(officer.get(service_url(rw)).content.decode(), prefix)
    assert seen == NOTHING

    response = client_for(colleague).post(
        service_url(rw),
        {
            f"{prefix}-status": "on_track",
            f"{prefix}-note": "Contract signed",
            f"{prefix}-seen": seen,
        },
    )
    assert response.status_code == 302

    response = officer.post(
        service_url(rw),
        {f"{prefix}-status": "delayed", f"{prefix}-note": "Supplier late", f"{prefix}-seen": seen},
    )
    html = response.content.decode()
    assert response.status_code == 200
    colleague_name = colleague.get_full_name() or colleague.username
    assert f"Reported by {colleague_name} at " in html
    assert "as “On track” with the note “Contract signed”" in html
    assert "Supplier late" in html
    assert ProgressUpdate.objects.filter(action=rw.action).count() == 1

    response = officer.post(
        service_url(rw),
        {
            f"{prefix}-status": "delayed",
            f"{prefix}-note": "Supplier late",
            f"{prefix}-seen": shown(html, prefix),
        },
    )
    assert response.status_code == 302
    notes = list(ProgressUpdate.objects.filter(action=rw.action).values_list("note", flat=True))
    assert notes == ["Contract signed", "Supplier late"]


def test_the_results_own_page_refuses_a_save_over_someone_elses(client_for, rw):
    url = reverse("kpis:result_edit", args=[rw.indicator.pk, 2026, 2])
    officer = client_for(rw.world.officer)
    seen = re.search(r'name="seen" value="([^"]*)"', officer.get(url).content.decode())[1]
    result_record(
        indicator=rw.indicator,
        year=2026,
        period=2,
        value=Decimal("96"),
        text="96",
        commentary="",
        user=rw.world.lead,
    )
    response = officer.post(url, {"value": "98", "seen": seen})
    html = response.content.decode()
    assert response.status_code == 200
    assert "after you opened this page: it is now 96." in html
    assert Result.objects.get(indicator=rw.indicator, year=2026, period=2).text == "96"
