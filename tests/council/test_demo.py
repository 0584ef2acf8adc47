"""The demo data loads, and loading it again duplicates nothing."""

import io

from django.core.management import call_command

from council.models import Council, Role, Service, User
from plans.models import BudgetLine, Plan, Section


def counts():
    return [m.objects.count() for m in (Council, Service, User, Role, Plan, Section, BudgetLine)]


def test_demo_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first[0] == 1
    assert first[4] >= 2


def test_demo_accounts_have_their_roles(db, client):
    call_command("load_demo", stdout=io.StringIO())
    roles = {
        u.username: sorted(r.name for r in u.roles.all())
        for u in User.objects.prefetch_related("roles")
    }
    assert roles == {
        "admin": ["performance_lead"],
        "officer": ["officer"],
        "officer-b": ["officer"],
        "manager": ["manager"],
        "clerk": ["clerk"],
    }
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="officer").check_password("serviceplans-demo")
