"""The officer's journey in Chromium: sign in, open their plan, write it, add budget figures."""

import pytest

from tests.browser.journeys import officer_writes_plan

pytestmark = pytest.mark.browser


def test_officer_writes_their_plan(browser, world):
    officer_writes_plan(browser, world)
    assert len(browser.scanned) >= 6
