"""The plan's title as the council prints it, and its reference."""

from django.urls import reverse

from plans.document import plan_document, plan_queryset
from plans.models import Plan
from plans.pdf.plan import plan_pdf_render
from tests.plans.test_pdf import pdf_text


def details_url(plan: Plan) -> str:
    return reverse("plans:plan_details", args=[plan.pk])


def test_the_title_is_the_default_until_the_council_types_its_own(client_for, world):
    assert world.plan.title == "Customer Services service plan 2026/27 to 2028/29"
    client = client_for(world.officer)
    page = client.get(details_url(world.plan)).content.decode()
    assert 'placeholder="Customer Services service plan 2026/27 to 2028/29"' in page

    response = client.post(
        details_url(world.plan),
        {
            "printed_title": "  Customer Services Centre   Service Plan 2026 - 2029 ",
            "reference": "CSC/1",
        },
    )

    assert response.status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.title == "Customer Services Centre Service Plan 2026 - 2029"
    assert plan.reference == "CSC/1"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert (
        '<h1 class="govuk-heading-xl">Customer Services Centre Service Plan 2026 - 2029</h1>'
        in page
    )
    cover = pdf_text(plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk))).pdf)
    assert "Customer Services Centre Service Plan 2026 - 2029" in cover
    assert "service plan 2026/27" not in cover


def test_a_title_too_long_is_refused_with_what_was_typed_kept(client_for, world):
    response = client_for(world.officer).post(
        details_url(world.plan), {"printed_title": "T" * 201, "reference": "Kept ref"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Ensure this value has at most 200 characters" in html
    assert 'value="Kept ref"' in html
    assert Plan.objects.get(pk=world.plan.pk).printed_title == ""


def test_only_the_service_s_officers_change_the_title(client_for, world):
    assert client_for(world.clerk).get(details_url(world.plan)).status_code == 403
    # An officer of a service in another directorate does not see the plan at all.
    assert client_for(world.officer_b).post(details_url(world.plan), {}).status_code == 404
    assert client_for(world.officer).get(details_url(world.foreign_plan)).status_code == 404
    world.plan.status = Plan.Status.PUBLISHED
    world.plan.save()
    assert client_for(world.officer).get(details_url(world.plan)).status_code == 403


def test_the_plan_page_offers_the_change_to_its_editors_only(client_for, world):
    link = details_url(world.plan)
    assert link in client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    assert link not in client_for(world.clerk).get(world.plan.get_absolute_url()).content.decode()
