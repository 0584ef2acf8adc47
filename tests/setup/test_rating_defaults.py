"""The rating defaults set-up page, and that a new indicator (typed or imported) takes them
while existing indicators keep their own rule."""

from decimal import Decimal

import pytest
from django.urls import reverse

from council.models import Role
from kpis.models import Indicator
from plans.exchange.plan_file import plan_export, plan_import
from setup.checklist import council_tasks
from tests import factories

URL = "/setup/rating-defaults/"


def posted(**changes):
    return {
        "default_tolerance_kind": "absolute",
        "default_tolerance": "2.5",
        "commentary_required": "not_green",
    } | changes


def test_the_url():
    assert reverse("setup:rating_defaults") == URL


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, posted()).status_code == 403
    world.council.refresh_from_db()
    assert world.council.default_tolerance == Decimal("5")


def test_another_councils_lead_sets_their_own_councils_defaults(client_for, world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    assert client_for(lead).post(URL, posted()).status_code == 302
    world.council.refresh_from_db()
    world.foreign_council.refresh_from_db()
    assert world.council.default_tolerance == Decimal("5")
    assert world.foreign_council.default_tolerance == Decimal("2.5")


def test_the_page_shows_the_defaults_and_the_commentary_rule(client_for, world):
    page = client_for(world.lead).get(URL).text
    assert '<h1 class="govuk-heading-l">Rating defaults</h1>' in page
    assert 'value="5"' in page  # the tolerance, as a person types it
    assert "Percentage of the target" in page
    assert "When a result is not on target (red or amber)" in page
    assert "<legend" in page  # the radios are in fieldsets with legends
    assert reverse("setup:task_list") in page  # breadcrumbs


def test_the_lead_saves_the_defaults(client_for, world):
    response = client_for(world.lead).post(URL, posted())
    assert response.status_code == 302 and response.url == reverse("setup:task_list")
    council = world.council
    council.refresh_from_db()
    assert (council.default_tolerance_kind, council.default_tolerance) == (
        "absolute",
        Decimal("2.5"),
    )
    assert council.commentary_required == "not_green"


def test_a_blank_tolerance_means_new_indicators_are_not_rated(client_for, world):
    client_for(world.lead).post(URL, posted(default_tolerance=""))
    world.council.refresh_from_db()
    assert world.council.default_tolerance is None
    (task,) = [t for t in council_tasks(world.council) if t.title == "Rating defaults"]
    assert "New indicators are not rated until their own tolerance is set." in task.hint


@pytest.mark.parametrize(
    ("changes", "message", "anchor"),
    [
        ({"default_tolerance": "-1"}, "Tolerance cannot be negative", "id_default_tolerance"),
        (
            {"default_tolerance": "five"},
            "Tolerance must be a number, like 5",
            "id_default_tolerance",
        ),
        ({"commentary_required": "always"}, "Select when a result needs commentary", ""),
        ({"default_tolerance_kind": ""}, "Select how the tolerance is measured", ""),
    ],
)
def test_bad_input_is_refused_keeping_what_was_typed(client_for, world, changes, message, anchor):
    response = client_for(world.lead).post(URL, posted(**changes))
    html = response.text
    assert response.status_code == 200
    assert message in html and "govuk-error-summary" in html and "<title>Error: " in html
    if anchor:
        assert f'href="#{anchor}"' in html
        assert f'value="{changes["default_tolerance"]}"' in html
    world.council.refresh_from_db()
    assert world.council.default_tolerance == Decimal("5")


def test_the_profile_no_longer_asks_for_the_commentary_rule(client_for, world):
    page = client_for(world.lead).get(reverse("setup:council_profile")).text
    assert "commentary_required" not in page


def test_a_new_indicator_starts_with_the_defaults_and_old_ones_keep_theirs(client_for, world):
    old = factories.IndicatorFactory(service=world.service)  # absolute 2
    council = world.council
    council.default_tolerance_kind, council.default_tolerance = "absolute", Decimal("7.5")
    council.save()
    client = client_for(world.officer)
    url = reverse("kpis:indicator_create", args=[world.service.pk])
    page = client.get(url).text
    assert 'value="7.5"' in page
    assert 'value="absolute" checked' in page or 'value="absolute" selected' in page
    response = client.post(
        url,
        {
            "title": "Complaints answered",
            "kind": "service",
            "unit": "percentage",
            "polarity": "higher",
            "frequency": "quarterly",
            "tolerance_kind": "absolute",
            "tolerance": "7.5",
        },
    )
    assert response.status_code == 302
    new = Indicator.objects.get(title="Complaints answered")
    assert (new.tolerance_kind, new.tolerance) == ("absolute", Decimal("7.5"))
    old.refresh_from_db()
    assert (old.tolerance_kind, old.tolerance) == ("absolute", Decimal("2"))
    # The edit page of an existing indicator shows its own rule, not the defaults.
    assert 'value="2"' in client.get(reverse("kpis:indicator_edit", args=[old.pk])).text


def test_an_imported_indicator_without_a_rule_takes_the_defaults(world):
    factories.IndicatorFactory(service=world.service, code="CS01")  # absolute 2
    factories.IndicatorFactory(service=world.service, code="CS02")
    data = plan_export(plan=world.plan)
    rows = data["service_indicators"]
    del rows[0]["tolerance_kind"], rows[0]["tolerance"]  # a file that says nothing of it
    foreign = world.foreign_council
    foreign.default_tolerance_kind, foreign.default_tolerance = "percentage", Decimal("10")
    foreign.save()
    planning = factories.ServiceFactory(
        directorate=world.foreign_plan.service.directorate, name="Planning", code="planning"
    )
    plan_import(data=data, service=planning, user=None)
    imported = {
        i.code: (i.tolerance_kind, i.tolerance) for i in Indicator.objects.filter(council=foreign)
    }
    assert imported == {
        "CS01": ("percentage", Decimal("10")),  # the target council's defaults
        "CS02": ("absolute", Decimal("2")),  # the file's own rule
    }
