"""Every performance page against the checklist: anonymous, wrong role, out of scope,
GET, valid POST and invalid POST; and the query counts of the dashboard and the plan."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kpis.models import ImportBatch, Indicator, Result, ResultCorrection, Target, TargetRevision
from kpis.services import result_record
from tests import factories
from tests.conftest import person

D = Decimal


def urls(kpis, world):
    pk = kpis.indicator.pk
    return [
        reverse("kpis:dashboard"),
        reverse("kpis:indicator_list", args=[world.service.pk]),
        reverse("kpis:indicator_create", args=[world.service.pk]),
        reverse("kpis:indicator_detail", args=[pk]),
        reverse("kpis:indicator_edit", args=[pk]),
        reverse("kpis:rating_rule_edit", args=[pk]),
        reverse("kpis:targets_edit", args=[pk]),
        reverse("kpis:result_edit", args=[pk, 2026, 2]),
        reverse("kpis:template_download"),
        reverse("kpis:export_xlsx"),
        reverse("kpis:export_csv"),
        reverse("kpis:import_upload"),
    ]


def test_anonymous_is_sent_to_sign_in(client, kpis, world):
    for url in urls(kpis, world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("who", ["foreign_officer", "officer_b"])
def test_indicators_out_of_scope_are_404(client_for, kpis, world, who):
    client = client_for(getattr(world, who))
    for url in urls(kpis, world)[1:8]:
        assert client.get(url).status_code == 404, url
    for url in urls(kpis, world)[8:11]:
        assert client.get(f"{url}?service={world.service.pk}").status_code == 404, url


@pytest.mark.parametrize("who", ["manager", "clerk"])
def test_readers_may_not_change_indicators(client_for, kpis, world, who):
    client = client_for(getattr(world, who))
    pk = kpis.indicator.pk
    for url in [
        reverse("kpis:indicator_create", args=[world.service.pk]),
        reverse("kpis:indicator_edit", args=[pk]),
        reverse("kpis:targets_edit", args=[pk]),
        reverse("kpis:result_edit", args=[pk, 2026, 2]),
        reverse("kpis:import_upload"),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"value": "1"}).status_code == 403, url
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=2).value == D("96.4")


def test_readers_see_the_pages(client_for, kpis, world):
    client = client_for(world.clerk)
    response = client.get(reverse("kpis:indicator_list", args=[world.service.pk]))
    assert response.status_code == 200
    assert "CS01" in response.content.decode()
    assert "Add an indicator" not in response.content.decode()
    response = client.get(reverse("kpis:indicator_detail", args=[kpis.indicator.pk]))
    assert response.status_code == 200
    assert "Set targets" not in response.content.decode()


# --- Dashboard ---------------------------------------------------------------------------


def test_dashboard_counts_ratings_and_overdue(client_for, kpis, world):
    # Q2 2026/27: CS01 96.4 against 97 (amber); RV01 has no result (overdue, no data).
    response = client_for(world.clerk).get(reverse("kpis:dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 indicators in Q2 2026/27" in content
    counts = {label: count for _, label, count in response.context["counts"]}
    assert counts == {
        "On target": 0,
        "Near target": 1,
        "Off target": 0,
        "No target": 0,
        "No data": 1,
        "Not rated": 0,
    }
    assert response.context["overdue_count"] == 1
    assert "Foreign calls answered" not in content
    assert "▲</span> Near target" in content  # shape and words, never colour alone


def test_dashboard_filters(client_for, kpis, world):
    client = client_for(world.clerk)
    response = client.get(reverse("kpis:dashboard"), {"rating": "overdue"})
    assert [r.indicator.code for r in response.context["page_obj"]] == ["RV01"]
    response = client.get(reverse("kpis:dashboard"), {"quarter": "2025-3"})
    assert [r.status.rating for r in response.context["page_obj"]] == ["red", "no_data"]
    assert "in Q3 2025/26" in response.content.decode()
    response = client.get(reverse("kpis:dashboard"), {"directorate": world.other_directorate.pk})
    assert [r.indicator.code for r in response.context["page_obj"]] == ["RV01"]
    priority = factories.PriorityFactory(council=world.council)
    kpis.indicator.priorities.add(priority)
    response = client.get(reverse("kpis:dashboard"), {"priority": priority.pk})
    assert [r.indicator.code for r in response.context["page_obj"]] == ["CS01"]
    response = client.get(reverse("kpis:dashboard"), {"service": world.foreign_plan.service.pk})
    assert response.status_code == 200
    assert response.context["filter_errors"]
    assert len(response.context["page_obj"]) == 2


def test_officers_see_their_own_services_on_the_dashboard(client_for, kpis, world):
    response = client_for(world.officer).get(reverse("kpis:dashboard"))
    assert [r.indicator.code for r in response.context["page_obj"]] == ["CS01"]


def grow(world, services: int, indicators: int):
    """More services, each with indicators with targets and eight quarters of results."""
    for s in range(services):
        service = factories.ServiceFactory(directorate=world.directorate, name=f"Grown {s}")
        for i in range(indicators):
            indicator = factories.IndicatorFactory(service=service, code=f"G{s}-{i}")
            Target.objects.bulk_create(
                Target(indicator=indicator, year=y, value=D("50")) for y in (2024, 2025, 2026)
            )
            Result.objects.bulk_create(
                Result(indicator=indicator, year=y, period=q, value=D(40 + q))
                for y in (2025, 2026)
                for q in (1, 2, 3, 4)
            )


def dashboard_queries(client, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n) as captured:
        response = client.get(reverse("kpis:dashboard"))
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_dashboard_query_count_does_not_grow(
    client_for, kpis, world, django_assert_max_num_queries
):
    client = client_for(world.lead)
    small, _ = dashboard_queries(client, django_assert_max_num_queries, 30)
    grow(world, services=4, indicators=5)
    large, response = dashboard_queries(client, django_assert_max_num_queries, 30)
    assert large == small
    assert response.context["total"] == 22


def test_dashboard_kept_for_a_reader_shows_a_new_result_at_once(client_for, kpis, world):
    """The content is kept between requests; a result entered changes it on the next one."""
    client = client_for(world.clerk)
    assert "No data" in rating_of(client, "RV01")
    assert "No data" in rating_of(client, "RV01")  # from the page cache

    result_record(
        indicator=kpis.other, year=2026, period=2, value=D("12"), text="12", commentary="",
        user=world.lead,
    )  # fmt: skip

    assert "No target" in rating_of(client, "RV01")


def rating_of(client, code: str) -> str:
    content = client.get(reverse("kpis:dashboard")).content.decode()
    row = content[content.index(f">{code}</a>") :]
    return row[: row.index("</tr>")]


def test_dashboard_kept_content_is_never_shown_to_a_reader_with_other_services(
    client_for, kpis, world
):
    clerk = client_for(world.clerk).get(reverse("kpis:dashboard")).content.decode()
    officer = client_for(world.officer).get(reverse("kpis:dashboard")).content.decode()
    assert "RV01" in clerk and "RV01" not in officer


def test_dashboard_from_the_page_cache_takes_few_queries(
    client_for, kpis, world, django_assert_max_num_queries
):
    client = client_for(world.lead)
    first, _ = dashboard_queries(client, django_assert_max_num_queries, 30)
    again, response = dashboard_queries(client, django_assert_max_num_queries, 30)
    grow(world, services=4, indicators=5)
    dashboard_queries(client, django_assert_max_num_queries, 30)
    grown, _ = dashboard_queries(client, django_assert_max_num_queries, 30)
    assert again < first
    assert grown == again
    assert "CS01" in response.content.decode()


# --- A service's indicators --------------------------------------------------------------


def test_indicator_list_shows_latest_result_and_rating(client_for, kpis, world):
    response = client_for(world.officer).get(
        reverse("kpis:indicator_list", args=[world.service.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "96.4%" in content and "Q2 2026/27" in content and "Near target" in content
    assert "Add an indicator" in content


INDICATOR_POST = {
    "code": "cs10",
    "title": "Complaints answered in 10 days",
    "definition": "",
    "kind": "service",
    "unit": "percentage",
    "polarity": "higher",
    "frequency": "quarterly",
    "owner": "Complaints officer",
    "data_source": "CRM",
    "baseline": "88%",
    "baseline_year": "2025",
    "tolerance_kind": "percentage",
    "tolerance": "5",
}


def test_officer_creates_an_indicator(client_for, kpis, world):
    response = client_for(world.officer).post(
        reverse("kpis:indicator_create", args=[world.service.pk]), INDICATOR_POST
    )
    indicator = Indicator.objects.get(code="CS10")
    assert response.status_code == 302
    assert response["Location"] == indicator.get_absolute_url()
    assert (indicator.service, indicator.council, indicator.baseline) == (
        world.service,
        world.council,
        D("88"),
    )


def test_invalid_indicator_shows_errors_and_keeps_entries(client_for, kpis, world):
    post = {**INDICATOR_POST, "code": "rv01", "tolerance": "five", "title": "Kept title"}
    response = client_for(world.officer).post(
        reverse("kpis:indicator_create", args=[world.service.pk]), post
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content
    assert "There is a problem" in content
    assert "Another indicator of the council already has this code" in content
    assert "Tolerance must be a number, like 5" in content
    assert 'value="Kept title"' in content
    for title in ("First without a code", "Second without a code"):
        response = client_for(world.officer).post(
            reverse("kpis:indicator_create", args=[world.service.pk]),
            {**INDICATOR_POST, "code": "", "title": title},
        )
        assert response.status_code == 302  # a code is optional, and blank ones do not clash
    assert Indicator.objects.filter(council=world.council, code="").count() == 2


def test_officer_edits_an_indicator(client_for, kpis, world):
    response = client_for(world.officer).post(
        reverse("kpis:indicator_edit", args=[kpis.indicator.pk]),
        {**INDICATOR_POST, "code": "CS01", "title": "Calls answered"},
    )
    assert response.status_code == 302
    kpis.indicator.refresh_from_db()
    assert kpis.indicator.title == "Calls answered"


def test_lead_changes_the_rating_rule(client_for, kpis, world):
    url = reverse("kpis:rating_rule_edit", args=[kpis.indicator.pk])
    client = client_for(world.lead)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"polarity": "higher", "tolerance_kind": "percentage", "tolerance": "1"}
    )
    assert response.status_code == 302
    kpis.indicator.refresh_from_db()
    assert (kpis.indicator.tolerance_kind, kpis.indicator.tolerance) == ("percentage", D("1"))
    response = client.post(
        url, {"polarity": "higher", "tolerance_kind": "percentage", "tolerance": "-1"}
    )
    assert response.status_code == 200
    assert "Tolerance cannot be negative" in response.content.decode()
    assert client_for(world.manager).get(url).status_code == 403


# --- One indicator -------------------------------------------------------------------------


def targets_post(indicator, **changes):
    """What the targets form posts: every year as it is now, with these changes."""
    data = {}
    for target in indicator.targets.all():
        data[f"value_{target.year}"] = target.printed
    return {**data, **changes}


def test_indicator_detail_has_chart_table_and_history(client_for, kpis, world):
    client = client_for(world.officer)
    client.post(
        reverse("kpis:targets_edit", args=[kpis.indicator.pk]),
        targets_post(kpis.indicator, value_2026="95", reason="Two vacancies"),
    )
    response = client.get(reverse("kpis:indicator_detail", args=[kpis.indicator.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content and 'role="img"' in content
    assert "Figures in the chart" in content
    assert "Two vacancies" in content  # the revision with its reason
    assert "↓</span> Worse" in content  # direction of travel in words and an arrow
    assert 'Enter<span class="govuk-visually-hidden"> the result for Q3 2026/27' in content


def test_set_targets_with_revision(client_for, kpis, world):
    url = reverse("kpis:targets_edit", args=[kpis.indicator.pk])
    client = client_for(world.officer)
    assert "Target for 2026/27" in client.get(url).content.decode()
    response = client.post(
        url,
        targets_post(
            kpis.indicator,
            value_2026="95",
            value_2027="TBA",
            value_2028="New PI",
            reason="Agreed at committee",
        ),
    )
    assert response.status_code == 302
    targets = {t.year: t.display for t in kpis.indicator.targets.all()}
    assert targets == {2025: "97", 2026: "95", 2027: "TBA", 2028: "New PI"}
    assert [(r.old_display, r.new_display) for r in TargetRevision.objects.order_by("pk")] == [
        ("97", "95"),
        ("97", "TBA"),
    ]


def test_invalid_targets_show_errors(client_for, kpis, world):
    url = reverse("kpis:targets_edit", args=[kpis.indicator.pk])
    response = client_for(world.officer).post(
        url, targets_post(kpis.indicator, value_2026="", value_2028="95.125%")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content
    assert "The target for 2026/27 cannot be removed: enter TBA instead" in content
    assert "Target for 2028/29 can have at most 2 decimal places" in content
    assert 'value="95.125%"' in content
    response = client_for(world.officer).post(
        url, targets_post(kpis.indicator, value_2028="x" * 51)
    )
    assert "Target for 2028/29 must be 50 characters or fewer" in response.content.decode()
    response = client_for(world.officer).post(url, targets_post(kpis.indicator, value_2026="90"))
    assert "Enter the reason for changing the target for 2026/27" in response.content.decode()
    assert not TargetRevision.objects.exists()
    assert Target.objects.filter(indicator=kpis.indicator).count() == 3


def test_the_lead_enters_and_corrects_any_service_s_results_and_targets(client_for, kpis, world):
    """The performance lead corrects any service's figures, as councils' leads do when a
    return comes in late or wrong."""
    client = client_for(world.lead)
    pk = kpis.indicator.pk
    for url in [
        reverse("kpis:indicator_create", args=[world.service.pk]),
        reverse("kpis:targets_edit", args=[pk]),
        reverse("kpis:import_upload"),
    ]:
        assert client.get(url).status_code == 200, url
    url = reverse("kpis:result_edit", args=[pk, 2026, 2])
    response = client.post(url, {"value": "97%", "commentary": "", "reason": "Late return"})
    assert response.status_code == 302
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=2).value == D("97")
    assert ResultCorrection.objects.get().reason == "Late return"


def test_another_council_s_lead_sees_none_of_them(client_for, kpis, world):
    client = client_for(person(world.foreign_council, "foreign-lead", "performance_lead"))
    pk = kpis.indicator.pk
    for url in [
        reverse("kpis:indicator_create", args=[world.service.pk]),
        reverse("kpis:targets_edit", args=[pk]),
        reverse("kpis:result_edit", args=[pk, 2026, 2]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(url, {"value": "1%"}).status_code == 404


def test_enter_and_correct_a_result(client_for, kpis, world):
    client = client_for(world.officer)
    url = reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 3])
    assert "Enter the result for Q3 2026/27" in client.get(url).content.decode()
    response = client.post(url, {"value": "95.5%", "commentary": "Outage"})
    assert response.status_code == 302
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=3).value == D("95.5")
    response = client.post(url, {"value": "96", "commentary": "Outage"})
    assert response.status_code == 200
    assert "Enter the reason for correcting the result" in response.content.decode()
    response = client.post(url, {"value": "96", "commentary": "Outage", "reason": "Late data"})
    assert response.status_code == 302
    assert ResultCorrection.objects.get().reason == "Late data"


def test_invalid_result_shows_errors(client_for, kpis, world):
    url = reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 3])
    response = client_for(world.officer).post(url, {"value": "n/a", "commentary": "Kept"})
    assert response.status_code == 302  # words are a result as printed, though never rated
    url = reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 2])
    response = client_for(world.officer).post(url, {"value": "95.125", "commentary": "Kept"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert "Result for Q2 2026/27 can have at most 2 decimal places" in content
    assert "Kept</textarea>" in content


def test_periods_outside_the_frequency_or_not_started_are_404(client_for, kpis, world):
    client = client_for(world.officer)
    assert (
        client.get(reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 5])).status_code
        == 404
    )
    assert (
        client.get(reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, 4])).status_code
        == 404
    )


# --- Spreadsheets ---------------------------------------------------------------------------


def test_template_and_exports_download(client_for, kpis, world):
    client = client_for(world.officer)
    response = client.get(reverse("kpis:template_download"), {"service": world.service.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="results-')
    sheet = load_workbook(io.BytesIO(response.content))["Results"]
    assert sheet["A2"].value == "CS01"
    response = client.get(reverse("kpis:export_csv"))
    assert response.status_code == 200
    assert "CS01" in response.content.decode() and "Foreign" not in response.content.decode()
    response = client.get(reverse("kpis:export_xlsx"))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["Results"]["B2"].value == "CS01"


def upload_file(rows, name="results.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = name
    buffer.seek(0)
    return buffer


def test_upload_preview_and_confirm(client_for, kpis, world):
    client = client_for(world.officer)
    rows = [["Code", "Q2 2026/27", "Q3 2026/27"], ["CS01", 96.9, 95]]
    response = client.post(reverse("kpis:import_upload"), {"file": upload_file(rows)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert Result.objects.filter(indicator=kpis.indicator, year=2026, period=3).count() == 0
    content = client.get(batch.get_absolute_url()).content.decode()
    assert "1 new result" in content and "1 corrected result" in content
    assert "Save 2 changes" in content
    response = client.post(batch.get_absolute_url(), {"action": "apply"})
    assert response.status_code == 302
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=3).value == D("95")
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=2).value == D("96.9")


def test_upload_with_errors_is_refused_unless_valid_rows_only(client_for, kpis, world):
    client = client_for(world.officer)
    rows = [["Code", "Q3 2026/27"], ["CS01", 95], ["XX01", 3]]
    client.post(reverse("kpis:import_upload"), {"file": upload_file(rows)})
    batch = ImportBatch.objects.get()
    content = client.get(batch.get_absolute_url()).content.decode()
    assert "Row 3: unknown indicator code XX01" in content
    response = client.post(batch.get_absolute_url(), {"action": "apply"}, follow=True)
    assert "Some rows have errors" in response.content.decode()
    assert not Result.objects.filter(year=2026, period=3).exists()
    client.post(batch.get_absolute_url(), {"action": "apply_valid"})
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=3).value == D("95")


def test_upload_can_be_cancelled(client_for, kpis, world):
    client = client_for(world.officer)
    client.post(
        reverse("kpis:import_upload"), {"file": upload_file([["Code", "Q3 2026/27"], ["CS01", 95]])}
    )
    batch = ImportBatch.objects.get()
    response = client.post(batch.get_absolute_url(), {"action": "cancel"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert not Result.objects.filter(year=2026, period=3).exists()


def test_hostile_upload_gets_a_message_not_a_500(client_for, kpis, world):
    bad = io.BytesIO(b"PK\x03\x04 this is not really a zip")
    bad.name = "results.xlsx"
    response = client_for(world.officer).post(reverse("kpis:import_upload"), {"file": bad})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert "The file must be an Excel spreadsheet (.xlsx)" in content
    assert not ImportBatch.objects.exists()
    response = client_for(world.officer).post(reverse("kpis:import_upload"), {})
    assert "Select a spreadsheet to upload" in response.content.decode()


def test_someone_elses_upload_is_404(client_for, kpis, world):
    batch = ImportBatch.objects.create(
        council=world.council, uploaded_by=world.officer, filename="x.xlsx", rows=[]
    )
    client = client_for(world.officer_b)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(batch.get_absolute_url(), {"action": "apply"}).status_code == 404


# --- The plan's KPI section --------------------------------------------------------------


def test_plan_shows_the_kpi_table(client_for, kpis, world, kpi_section):
    response = client_for(world.clerk).get(world.plan.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Service performance indicators" in content
    assert "2025/26 actual" in content
    assert "2026/27 target" in content and "2028/29 target" in content
    assert "CS01" in content and "97.1%" in content  # Q4 2025/26, last year's actual
    assert "96.4%" in content and "Near target" in content  # latest: Q2 2026/27


def plan_queries(client, world, django_assert_max_num_queries):
    """Queries of the whole page rendered afresh (the page and part caches emptied)."""
    factories.empty_page_caches()
    with django_assert_max_num_queries(60) as captured:
        response = client.get(world.plan.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_plan_query_count_unchanged_when_indicators_grow(
    client_for, kpis, world, kpi_section, django_assert_max_num_queries
):
    client = client_for(world.clerk)
    small = plan_queries(client, world, django_assert_max_num_queries)
    for n in range(10):
        indicator = factories.IndicatorFactory(service=world.service, code=f"CS{n + 20}")
        factories.TargetFactory(indicator=indicator, year=2026)
        factories.ResultFactory(indicator=indicator, year=2026, period=1)
    assert plan_queries(client, world, django_assert_max_num_queries) == small


def test_editing_the_plan_kpi_section_leads_to_the_indicators(client_for, world, kpi_section):
    url = reverse("plans:section_edit", args=[world.plan.pk, kpi_section.pk])
    response = client_for(world.officer).get(url)
    # The section's page takes the text around the table and links to the indicators.
    assert response.status_code == 200
    indicators = reverse("kpis:indicator_list", args=[world.service.pk])
    assert f'href="{indicators}">Add and change the indicators</a>' in response.content.decode()
    assert client_for(world.clerk).get(url).status_code == 403


def count_queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_service_pages_query_counts_do_not_grow(
    client_for, kpis, world, django_assert_max_num_queries
):
    client = client_for(world.officer)
    pages = [
        reverse("kpis:indicator_list", args=[world.service.pk]),
        reverse("kpis:indicator_detail", args=[kpis.indicator.pk]),
        reverse("kpis:export_csv"),
        reverse("kpis:template_download"),
    ]
    before = [count_queries(client, url, django_assert_max_num_queries) for url in pages]
    for n in range(5):
        indicator = factories.IndicatorFactory(service=world.service, code=f"CS{n + 30}")
        factories.TargetFactory(indicator=indicator, year=2026)
        factories.ResultFactory(indicator=indicator, year=2026, period=1)
    for year in (2023, 2024):
        target = factories.TargetFactory(indicator=kpis.indicator, year=year)
        target.revisions.create(
            old_kind="number", old_value=D("90"), new_kind="number", new_value=D("97"), reason="r"
        )
        for quarter in (1, 2, 3, 4):
            result = factories.ResultFactory(indicator=kpis.indicator, year=year, period=quarter)
            result.corrections.create(old_value=D("1"), new_value=D("96"), reason="typo")
    after = [count_queries(client, url, django_assert_max_num_queries) for url in pages]
    assert after == before
