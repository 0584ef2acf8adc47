"""Fixtures of the set-up pages' tests."""

from tests.returns.conftest import today  # noqa: F401  (pages see 10 October 2026 as today)
