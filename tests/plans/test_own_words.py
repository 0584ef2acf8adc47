"""The plan page and the PDF print the council's words, not the app's: an indicator's owner
only in an owner column the council chose."""

import pytest
from django.urls import reverse

from plans.models import Section, SectionKind
from tests import factories
from tests.plans.test_columns import columns_url, headers, layout_post
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf

OWNER = "Jo Bloggs, Contact Centre Manager"


def plan_page(client_for, world) -> str:
    response = client_for(world.officer).get(world.plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def part_of(page: str, section: Section) -> str:
    """The section's part of the plan page, up to the next section."""
    return page.split(f'id="{section.anchor}"', 1)[1].split('<section class="app-section', 1)[0]


# --- An indicator's owner -----------------------------------------------------------------------


@pytest.fixture
def kpis(world):
    section = Section.objects.create(
        plan=world.plan, title="Performance indicators", kind=SectionKind.KPIS, position=9
    )
    indicator = factories.IndicatorFactory(
        service=world.service, code="CS01", title="Calls answered", owner=OWNER
    )
    factories.TargetFactory(indicator=indicator, year=2026, value=95)
    return section


def test_an_owner_the_council_did_not_choose_to_print_is_not_printed(client_for, world, kpis):
    page = plan_page(client_for, world)

    part = part_of(page, kpis)
    assert "Calls answered" in part
    assert OWNER not in part and "Owner:" not in part
    text = pdf_text(whole_pdf(world.plan))
    assert "CS01 Calls answered" in text
    assert OWNER not in text and "Owner" not in text


def test_an_owner_column_the_council_chose_prints_the_owner(client_for, world, kpis):
    rows = {
        "reference": ("PI Ref", True, 1),
        "title": ("PI Description", True, 2),
        "owner": ("Responsible officer", True, 3),
        "targets": ("{year} Target", True, 4),
    }
    client = client_for(world.officer)
    assert client.post(columns_url(kpis), layout_post(rows, "indicators")).status_code == 302

    page = plan_page(client_for, world)

    caption = "Service performance indicators</caption>"
    assert headers(page, caption)[:3] == ["PI Ref", "PI Description", "Responsible officer"]
    assert part_of(page, kpis).count(OWNER) == 1  # in its column, not again under the title
    text = pdf_text(whole_pdf(world.plan))
    assert f"Calls answered {OWNER}" in text
    assert "Owner" not in text


def test_the_indicator_s_own_page_still_shows_its_owner(client_for, world, kpis):
    indicator = world.service.indicators.get()

    response = client_for(world.officer).get(reverse("kpis:indicator_detail", args=[indicator.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert ">Owner</dt>" in page and OWNER in page
