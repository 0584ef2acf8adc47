"""A council on its first day: its name and one performance lead, as the app's first run
leaves it. Everything else in an acceptance test is entered through the app's pages."""

import pytest

from council.models import Role
from tests import factories


@pytest.fixture
def first_day(db):
    """Returns a function making a council with nothing in it but its performance lead."""

    def make(name: str, short_name: str = ""):
        council = factories.CouncilFactory(name=name, short_name=short_name or name)
        lead = factories.UserFactory(council=council, username="lead")
        factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
        return council, lead

    return make
