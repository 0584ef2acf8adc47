import pytest

# The helpers and shared journeys assert too: show their values when they fail.
pytest.register_assert_rewrite(
    "tests.browser.accessibility", "tests.browser.journeys", "tests.browser.pages"
)
