"""Fixtures of the risk tests: the world's plan gets the two risk sections of a template."""

import pytest

from plans.models import SectionKind
from tests import factories


@pytest.fixture
def risk_sections(world):
    """Key issues and risk register sections on the world's Customer Services plan."""
    return {
        kind: factories.SectionFactory(plan=world.plan, kind=kind, title=label, position=20 + i)
        for i, (kind, label) in enumerate(
            [
                (SectionKind.KEY_ISSUES, "Key issues and risks"),
                (SectionKind.RISKS, "Risk register"),
            ]
        )
    }
