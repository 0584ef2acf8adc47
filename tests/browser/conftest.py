"""
Headless Chromium against pytest-django's live server.

One browser per test session (and one with JavaScript off, per module that asks for it);
each test starts signed out on a fresh database (live_server flushes it after each test).
Chromium and its driver come from Debian (scripts/setup.sh dev installs them); when they
are missing the tests fail, never skip, because `make test` promises to run them.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService

from council.demo import load_council_demo, read_demo
from kpis.demo import load_kpis_demo
from plans.demo import load_plans_demo
from risks.demo import load_risks_demo
from tests.browser.pages import Browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 1024)

# Selenium Manager must not go to the internet for a driver: ours is Debian's.
os.environ["SE_OFFLINE"] = "true"


def start_chromium(*, javascript: bool = True) -> tuple[webdriver.Chrome, str]:
    """A headless Chromium with its own empty profile; returns the driver and the profile dir."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            pytest.fail(
                f"{path} is missing: the browser tests need Debian's chromium and "
                "chromium-driver. Install them with `scripts/setup.sh dev` (or `make test`).",
                pytrace=False,
            )
    profile = tempfile.mkdtemp(prefix="serviceplans-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--lang=en-GB",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(options=options, service=ChromeService(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver, profile


def stop_chromium(driver, profile: str) -> None:
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_artifacts(tmp_path_factory) -> Path:
    """Where screenshots go: printed in the failure message, kept by pytest's temp dirs."""
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def chromium():
    driver, profile = start_chromium()
    yield driver
    stop_chromium(driver, profile)


@pytest.fixture(scope="module")
def chromium_without_js():
    driver, profile = start_chromium(javascript=False)
    yield driver
    stop_chromium(driver, profile)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so the browser fixture can see a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def browser_for(request, driver, live_server, artifacts, *, scanner=None) -> Browser:
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser = Browser(driver, live_server.url, artifacts)
    browser.scanner = scanner
    yield browser
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = browser.screenshot(f"FAILED-{request.node.name}")
        print(f"\nScreenshot of the page at failure: {shot}\nURL: {driver.current_url}")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


@pytest.fixture
def browser(request, chromium, live_server, browser_artifacts):
    """The shared Chromium, signed out, at 1280 px wide, against the live server."""
    yield from browser_for(request, chromium, live_server, browser_artifacts)


@pytest.fixture
def browser_without_js(request, chromium_without_js, chromium, live_server, browser_artifacts):
    """A Chromium with JavaScript switched off, as a council's locked-down PC may have it.

    axe-core needs JavaScript, so each page it reaches is scanned as a copy (scripts
    removed) in the shared Chromium, which has it.
    """
    yield from browser_for(
        request, chromium_without_js, live_server, browser_artifacts, scanner=chromium
    )


@pytest.fixture
def demo(transactional_db):
    """The demo council with every feature's data; its Customer Services plan, and the
    password of its people (officer, manager, clerk, admin)."""
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    load_kpis_demo(council)
    load_risks_demo(council)
    return plan, read_demo("council.json")["password"]
