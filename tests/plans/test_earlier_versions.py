"""Versions from before the app: the version control rows of the council's Word plan, typed
as printed on the version control section's page and printed before the published ones."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.document import plan_document, plan_queryset
from plans.models import EarlierVersion, PlanVersion, Section, SectionKind
from plans.pdf.plan import plan_pdf_html
from tests.plans.helpers import formset_data


def versions_section(plan):
    return Section.objects.get_or_create(
        plan=plan, kind=SectionKind.VERSIONS, defaults={"title": "Version Control", "position": 30}
    )[0]


def edit_url(plan, section):
    return reverse("plans:section_edit", args=[plan.pk, section.pk])


def typed(number, date="12/10/20", reason="First Draft", made_by="BH"):
    return {"number": number, "date": date, "reason": reason, "made_by": made_by}


def test_an_officer_types_a_version_from_before_the_app(client_for, world):
    section = versions_section(world.plan)
    client = client_for(world.officer)
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert f'href="{edit_url(world.plan, section)}"' in page  # "Add versions from before"
    assert "earlier-TOTAL_FORMS" in client.get(edit_url(world.plan, section)).content.decode()

    response = client.post(
        edit_url(world.plan, section),
        {"version": section.version, **formset_data("earlier", [typed("1")])},
    )

    assert response.status_code == 302
    row = EarlierVersion.objects.get(plan=world.plan)
    assert (row.number, row.date, row.reason, row.made_by) == ("1", "12/10/20", "First Draft", "BH")


def test_a_version_needs_its_number_and_keeps_what_was_typed(client_for, world):
    section = versions_section(world.plan)
    response = client_for(world.officer).post(
        edit_url(world.plan, section),
        {"version": section.version, **formset_data("earlier", [typed("")])},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter the version" in content
    assert 'value="First Draft"' in content
    assert not EarlierVersion.objects.exists()


def test_only_the_plans_officers_type_versions(client_for, world):
    section = versions_section(world.plan)
    data = {"version": section.version, **formset_data("earlier", [typed("1")])}
    assert client_for(world.clerk).post(edit_url(world.plan, section), data).status_code == 403
    foreign = versions_section(world.foreign_plan)
    assert client_for(world.officer).get(edit_url(world.foreign_plan, foreign)).status_code == 404
    assert not EarlierVersion.objects.exists()


def test_sign_off_is_still_never_typed(client_for, world):
    section = Section.objects.create(
        plan=world.plan, kind=SectionKind.SIGN_OFF, title="Sign-off", position=31
    )
    response = client_for(world.officer).get(edit_url(world.plan, section))
    assert response.status_code == 302


def test_typed_versions_print_as_typed_before_the_published_ones(world):
    versions_section(world.plan)
    EarlierVersion.objects.create(plan=world.plan, **typed("1"))
    PlanVersion.objects.create(
        plan=world.plan,
        number=2,
        issued_at=timezone.make_aware(dt.datetime(2026, 5, 1, 12)),
        reason="Agreed at committee",
        snapshot_html="<p>Frozen</p>",
    )
    html = plan_pdf_html(plan_document(plan_queryset().get(pk=world.plan.pk)))
    assert "12/10/20" in html
    assert html.index("First Draft") < html.index("Agreed at committee")
    assert "01/05/2026" in html


def test_reading_typed_versions_costs_no_query_per_row(world, django_assert_num_queries):
    versions_section(world.plan)
    EarlierVersion.objects.create(plan=world.plan, **typed("1"))
    with CaptureQueriesContext(connection) as few:
        plan_document(plan_queryset().get(pk=world.plan.pk))
    for number in range(2, 12):
        EarlierVersion.objects.create(plan=world.plan, **typed(str(number)))
    with django_assert_num_queries(len(few)):
        document = plan_document(plan_queryset().get(pk=world.plan.pk))
    part = next(s.part for s in document.sections if s.section.kind == SectionKind.VERSIONS)
    assert [row.number for row in part] == [str(n) for n in range(1, 12)]
