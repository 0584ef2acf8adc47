"""The benchmark's arithmetic (the run itself is `make bench`, never part of the tests)."""

import inspect

from benchmarks.run import MEASUREMENTS, PENDING, capacity_figures, load_figures


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


def test_capacity_figures_are_the_median_of_the_rounds_with_the_spread_of_each_ratio():
    def run(rps, ratio, errors=0):
        return {"rps": rps, "p50_ms": 1000 / rps, "p99_ms": 4000 / rps, "errors": errors,
                "ratio": ratio}  # fmt: skip

    rounds = [
        {"healthz": run(1000, 1.0), "plan": run(150, 0.15)},
        {"healthz": run(600, 1.0), "plan": run(120, 0.2, errors=2)},
        {"healthz": run(1400, 1.0), "plan": run(140, 0.1)},
    ]
    figures = capacity_figures(rounds)
    assert figures["http_capacity_rounds"] == 3
    assert figures["http_capacity_healthz_rps"] == 1000
    assert figures["http_capacity_plan_rps"] == 140
    assert figures["http_capacity_plan_p50_ms"] == 7.1  # 1000 / 140
    assert figures["http_capacity_plan_ratio"] == 0.15
    assert (figures["http_capacity_plan_ratio_min"], figures["http_capacity_plan_ratio_max"]) == (
        0.1,
        0.2,
    )
    assert "http_capacity_healthz_ratio_min" not in figures
    assert figures["http_capacity_errors"] == 2


def test_every_figure_the_issue_asks_for_is_measured():
    # Each measurement names its keys in the dict it returns; none is left pending.
    assert PENDING == {}
    names = [measure.__name__ for measure in MEASUREMENTS]
    assert names == [
        "measure_plan_page", "measure_dashboard", "measure_pdf", "measure_import",
        "measure_word_import", "measure_pack", "measure_capacity", "measure_http",
        "measure_returns",
    ]  # fmt: skip
    # measure_capacity names its keys through capacity_figures.
    source = "".join(inspect.getsource(part) for part in [*MEASUREMENTS, capacity_figures])
    keys = {
        "plan_page_queries_", "plan_page_ms_", "dashboard_queries", "dashboard_ms",
        "pdf_plan_s", "pdf_pages", "pdf_weasyprint_only_s", "pdf_overhead_ratio",
        "pack_30_services_s", "import_5000_results_s", "pdf_first_render_s",
        "pdf_download_unchanged_ms", "pdf_peak_rss_mb", "http_capacity_",
        "return_grid_ms", "return_tracker_ms", "docx_import_s", "docx_confirm_s",
    }  # fmt: skip
    assert {key for key in keys if f'"{key}' in source} == keys
    assert {"http_rps_plan_page", "http_p95_ms", "http_errors"} <= set(
        load_figures([("plan page", 1.0, 5, False), ("plan page", 2.0, 6, False)])
    )
