"""The benchmark's arithmetic (the run itself is `make bench`, never part of the tests)."""

import inspect

from benchmarks.run import MEASUREMENTS, PENDING, load_figures


def test_load_figures_from_samples():
    # (name, start time in seconds, milliseconds, failed): 20 requests in a 9.5-second window.
    samples = [("plan page", 100 + i * 0.5, 10 * (i + 1), False) for i in range(16)]
    samples += [("dashboard", 100.5, 500, False), ("dashboard", 109.5, 700, True)]
    samples += [("save section", 101, 30, False), ("edit page", 102, 40, False)]
    figures = load_figures(samples)
    assert figures["http_requests"] == 20
    assert figures["http_errors"] == 1
    assert figures["http_rps_plan_page"] == 1.7  # 16 / 9.5
    assert figures["http_rps_total"] == 2.1  # 20 / 9.5
    assert figures["http_p95_ms"] == 690.0  # between the two slowest, 500 and 700


def test_every_figure_the_issue_asks_for_is_measured():
    # Each measurement names its keys in the dict it returns; none is left pending.
    assert PENDING == {}
    names = [measure.__name__ for measure in MEASUREMENTS]
    assert names == [
        "measure_plan_page", "measure_dashboard", "measure_pdf", "measure_import",
        "measure_pack", "measure_capacity", "measure_http", "measure_returns",
    ]  # fmt: skip
    source = "".join(inspect.getsource(measure) for measure in MEASUREMENTS)
    keys = {
        "plan_page_queries_", "plan_page_ms_", "dashboard_queries", "dashboard_ms",
        "pdf_plan_s", "pdf_pages", "pdf_weasyprint_only_s", "pdf_overhead_ratio",
        "pack_30_services_s", "import_5000_results_s", "pdf_first_render_s",
        "pdf_download_unchanged_ms", "pdf_peak_rss_mb", "http_capacity_",
        "return_grid_ms", "return_tracker_ms",
    }  # fmt: skip
    assert {key for key in keys if f'"{key}' in source} == keys
    assert {"http_rps_plan_page", "http_p95_ms", "http_errors"} <= set(
        load_figures([("plan page", 1.0, 5, False), ("plan page", 2.0, 6, False)])
    )
