"""The plan's key issues by category and its risk register section."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import KeyIssue, SectionKind
from tests import factories


def issues_post(section, rows):
    data = {
        "version": str(section.version),
        "issues-TOTAL_FORMS": str(len(rows)),
        "issues-INITIAL_FORMS": "0",
        "issues-MIN_NUM_FORMS": "0",
        "issues-MAX_NUM_FORMS": "1000",
    }
    for index, (category, text) in enumerate(rows):
        data[f"issues-{index}-category"] = category
        data[f"issues-{index}-text"] = text
        data[f"issues-{index}-position"] = ""
    return data


def edit_url(world, section):
    return reverse("plans:section_edit", args=[world.plan.pk, section.pk])


def test_officer_writes_key_issues_by_category(client_for, world, risk_sections):
    section = risk_sections[SectionKind.KEY_ISSUES]
    client = client_for(world.officer)
    content = client.get(edit_url(world, section)).content.decode()
    assert "Key issues and risks by category" in content
    assert "Data protection (GDPR)" in content
    response = client.post(
        edit_url(world, section),
        issues_post(
            section,
            [
                ("legal", "We will need help from Legal to take cases to court."),
                ("workforce", "New staff need training."),
            ],
        ),
    )
    assert response.status_code == 302
    assert sorted(KeyIssue.objects.filter(plan=world.plan).values_list("category", flat=True)) == [
        "legal",
        "workforce",
    ]
    content = client.get(world.plan.get_absolute_url()).content.decode()
    # Shown in the template's category order, not the order typed.
    assert content.index("Workforce planning issues") < content.index("Legal issues")
    assert "We will need help from Legal to take cases to court." in content


def test_key_issues_refuse_two_texts_for_one_category(client_for, world, risk_sections):
    section = risk_sections[SectionKind.KEY_ISSUES]
    response = client_for(world.officer).post(
        edit_url(world, section),
        issues_post(section, [("ict", "Upgrades."), ("ict", "More upgrades.")]),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Another row has this category: choose another" in content
    assert not KeyIssue.objects.exists()


def test_key_issues_are_403_for_a_manager(client_for, world, risk_sections):
    section = risk_sections[SectionKind.KEY_ISSUES]
    assert client_for(world.manager).get(edit_url(world, section)).status_code == 403


def test_editing_the_risk_section_links_to_the_register(client_for, world, risk_sections):
    response = client_for(world.officer).get(edit_url(world, risk_sections[SectionKind.RISKS]))
    # The section's page takes the text around the register and links to it.
    register = reverse("risks:register", args=[world.service.pk])
    assert response.status_code == 200
    assert f'href="{register}">Add and change the risks</a>' in response.content.decode()


def test_plan_shows_the_services_open_risks_heat_map_and_appetite(client_for, world, risk_sections):
    factories.ServiceAppetiteFactory(service=world.service, area="Service provision")
    factories.RiskFactory(
        service=world.service,
        reference="CS01",
        title="Insufficient staff",
        residual_likelihood=3,
        residual_impact=3,
    )
    factories.RiskFactory(
        service=world.service, reference="CS02", title="Closed one", status="closed"
    )
    factories.RiskFactory(service=world.other_service, reference="RV01", title="Revenues risk")
    content = client_for(world.clerk).get(world.plan.get_absolute_url()).content.decode()
    assert "Insufficient staff" in content
    assert "Closed one" not in content
    assert "Revenues risk" not in content
    assert "Inherent risk (before controls): 1 risk" in content
    assert '<strong class="app-band app-band--orange">High (9)</strong>' in content
    assert "Service provision" in content
    assert "Risks above appetite" in content


def test_plan_page_queries_do_not_grow_with_risks(
    client_for, world, risk_sections, django_assert_num_queries
):
    client = client_for(world.clerk)
    url = world.plan.get_absolute_url()
    factories.RiskFactory(service=world.service)
    factories.ServiceAppetiteFactory(service=world.service)
    factories.KeyIssueFactory(plan=world.plan)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    factories.empty_page_caches()
    for n in range(15):
        factories.RiskFactory(service=world.service, reference=f"X{n}")
    factories.ServiceAppetiteFactory(service=world.service, area="Digital")
    factories.KeyIssueFactory(plan=world.plan, category="ict")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_plan_prints_the_council_s_appetite_scale_described_only_when_its_layout_asks(
    client_for, world, risk_sections
):
    factories.ServiceAppetiteFactory(service=world.service, area="Council tax")
    client = client_for(world.lead)
    client.post(
        reverse("risks:appetite_scale_edit"),
        {
            "levels-TOTAL_FORMS": "2",
            "levels-INITIAL_FORMS": "0",
            "levels-MIN_NUM_FORMS": "0",
            "levels-MAX_NUM_FORMS": "1000",
            "levels-0-name": "Minimal",
            "levels-0-description": "Areas where we apply a strong control environment",
            "levels-0-tolerance": "4",
            "levels-1-name": "Seeking",
            "levels-1-description": "Areas where we take risks with new ideas",
            "levels-1-tolerance": "16",
        },
    )
    reader = client_for(world.clerk)
    content = reader.get(world.plan.get_absolute_url()).content.decode()
    assert "Areas where we apply a strong control environment" not in content  # as before

    section = risk_sections[SectionKind.RISKS]
    response = client_for(world.officer).post(
        reverse("plans:section_columns", args=[world.plan.pk, section.pk]),
        {
            "parts": ["appetite_scale", "appetite"],
            "appetite_scale__category__label": "Appetite Category",
            "appetite_scale__description__label": "Appetite Description",
            "appetite_scale__description__shown": "on",
            "appetite__area__shown": "on",
            "appetite__level__shown": "on",
        },
    )
    assert response.status_code == 302
    factories.empty_page_caches()
    content = reader.get(world.plan.get_absolute_url()).content.decode()
    scale = content.split('aria-label="Risk appetite scale"', 1)[1].split("</table>", 1)[0]
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th.*?</th>", scale)] == [
        "Appetite Category",
        "Minimal",
        "Seeking",
        "Appetite Description",
    ]
    assert "Areas where we take risks with new ideas" in scale
    assert content.index("Risk appetite scale") < content.index("Council tax")
