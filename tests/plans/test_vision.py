"""A section of the kind 'Council vision and values' prints the council's vision and values,
as the lead set them and under headings in the council's words, on the plan page and in the
PDF; the cover prints them when the council asks. Nothing is printed where the council has set
neither, and no heading where the council left it blank."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from council import stamps
from plans.cache import parts as part_cache
from plans.document import plan_document, plan_queryset
from plans.exchange.plan_file import plan_export, plan_import
from plans.models import Section, SectionKind, TemplateSection
from plans.services.editing import plan_create
from tests import factories
from tests.plans.test_pdf import flat, pdf_text
from tests.plans.test_pdf_content import whole_pdf

VISION = "<p>A thriving district where everyone can live well.</p>"
VALUES = "<ul><li>Respect</li><li>Integrity</li><li>Ambition</li></ul>"
PROMPT = "The council has not set its vision and values yet"


def set_vision(council, vision=VISION, values=VALUES, on_cover=False, **headings):
    council.vision, council.values, council.vision_on_cover = vision, values, on_cover
    for name, heading in headings.items():  # vision_heading, values_heading
        setattr(council, name, heading)
    council.full_clean()
    council.save()


def add_vision_section(plan, **fields) -> Section:
    return factories.SectionFactory(
        plan=plan,
        kind=SectionKind.VISION,
        title="Council vision and values",
        number="9",
        position=9,
        **fields,
    )


@pytest.fixture
def section(world):
    return add_vision_section(world.plan)


def plan_page(client_for, user, plan) -> str:
    response = client_for(user).get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def cover_text(plan) -> str:
    return flat(PdfReader(io.BytesIO(whole_pdf(plan))).pages[0].extract_text())


# --- The plan page --------------------------------------------------------------------------


def test_the_plan_page_prints_the_council_s_vision_and_values(client_for, world, section):
    set_vision(world.council)

    page = plan_page(client_for, world.clerk, world.plan)

    body = page.split(f'id="{section.anchor}"', 1)[1]
    assert "9 Council vision and values" in body
    # One heading level below the section's (h2): h3.
    assert '<h3 class="govuk-heading-s">Our vision</h3>' in body
    assert VISION in body and "<li>Integrity</li>" in body
    assert PROMPT not in page


def test_the_plan_page_prompts_when_the_council_has_set_neither(client_for, world, section):
    page = plan_page(client_for, world.officer, world.plan)

    assert PROMPT in page
    assert "Our vision" not in page


def test_only_what_is_set_is_printed(client_for, world, section):
    set_vision(world.council, values="")

    page = plan_page(client_for, world.clerk, world.plan)

    assert "Our vision" in page and "Our values" not in page


def test_the_plan_page_heads_them_in_the_council_s_words(client_for, world, section):
    set_vision(world.council, vision_heading="Ambition 2030", values_heading="How we work")

    body = plan_page(client_for, world.clerk, world.plan).split(f'id="{section.anchor}"', 1)[1]

    assert '<h3 class="govuk-heading-s">Ambition 2030</h3>' in body
    assert '<h3 class="govuk-heading-s">How we work</h3>' in body
    assert "Our vision" not in body and "Our values" not in body


def test_a_blank_heading_prints_no_heading_but_the_words_under_it(client_for, world, section):
    set_vision(world.council, vision_heading="", values_heading="How we work")

    body = plan_page(client_for, world.clerk, world.plan).split(f'id="{section.anchor}"', 1)[1]

    assert '<h3 class="govuk-heading-s">How we work</h3>' in body
    assert body.count('<h3 class="govuk-heading-s">') == 1  # none for the vision
    assert VISION in body and "Our vision" not in body


def test_a_change_in_set_up_shows_on_the_kept_page(client_for, world, section):
    """The part is kept under the set-up's change stamp, which a council change moves."""
    set_vision(world.council)
    context = {"plan": world.plan, "today": dt.date.today()}
    before = part_cache.part_key(
        context | {"stamp_tokens": stamps.tokens(part_cache.all_scopes(world.plan))}, section
    )
    assert VISION in plan_page(client_for, world.clerk, world.plan)  # now kept

    set_vision(world.council, vision="<p>A greener district.</p>")

    after = part_cache.part_key(
        context | {"stamp_tokens": stamps.tokens(part_cache.all_scopes(world.plan))}, section
    )
    assert before != after
    page = plan_page(client_for, world.clerk, world.plan)
    assert "A greener district." in page and VISION not in page


def test_the_part_costs_no_query_and_another_council_s_vision_never_shows(
    client_for, world, section, django_assert_num_queries
):
    set_vision(world.foreign_council, vision="<p>Elsewhere first.</p>")
    set_vision(world.council)
    plan = plan_queryset().get(pk=world.plan.pk)

    with django_assert_num_queries(0):
        part = next(i.part for i in plan_document(plan).sections if i.section.pk == section.pk)

    assert part.vision == VISION
    assert "Elsewhere first." not in plan_page(client_for, world.clerk, world.plan)


# --- The section's edit page ------------------------------------------------------------------


def test_the_edit_page_takes_only_the_text_around_the_vision(client_for, world, section):
    url = reverse("plans:section_edit", args=[world.plan.pk, section.pk])
    client = client_for(world.officer)

    page = client.get(url).content.decode()
    assert "Text before the vision and values" in page
    assert "Text after the vision and values" in page
    assert "as the performance lead set them in Set up" in page
    assert "Save and add more rows" not in page  # no table to add rows to

    response = client.post(
        url,
        {
            "version": section.version,
            "body": "<p>How we live them.</p><script>x()</script>",
            "body_after": "",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>How we live them.</p>"


@pytest.mark.parametrize("who, status", [("clerk", 403), ("lead", 403), ("officer_b", 404)])
def test_only_the_service_s_officers_edit_the_text_around_it(
    client_for, world, section, who, status
):
    url = reverse("plans:section_edit", args=[world.plan.pk, section.pk])

    response = client_for(getattr(world, who)).post(url, {"version": 1, "body": "<p>x</p>"})

    assert response.status_code == status
    section.refresh_from_db()
    assert section.body == ""


# --- The PDF ----------------------------------------------------------------------------------


def test_the_pdf_prints_them_in_the_section(world, section):
    set_vision(world.council)

    text = pdf_text(whole_pdf(world.plan))

    assert "9 Council vision and values" in text
    assert "Our vision A thriving district where everyone can live well." in text
    assert "Our values" in text and "Respect" in text and "Ambition" in text


def test_the_pdf_heads_them_in_the_council_s_words_or_not_at_all(world, section):
    set_vision(world.council, vision_heading="Ambition 2030", values_heading="")

    text = pdf_text(whole_pdf(world.plan))

    assert "Ambition 2030 A thriving district where everyone can live well. Respect" in text
    assert "Our vision" not in text and "Our values" not in text


def test_the_section_is_left_out_of_the_pdf_when_the_council_has_set_neither(world, section):
    text = pdf_text(whole_pdf(world.plan))

    assert "Council vision and values" not in text
    assert PROMPT not in text


def test_text_the_service_wrote_around_it_is_printed_even_without_a_vision(world):
    add_vision_section(world.plan, body="<p>We put residents first.</p>")

    text = pdf_text(whole_pdf(world.plan))

    assert "9 Council vision and values We put residents first." in text
    assert "Our vision" not in text


def test_the_cover_prints_them_only_when_the_council_asks(world, section):
    set_vision(world.council, on_cover=False)
    assert "A thriving district" not in cover_text(world.plan)

    set_vision(world.council, on_cover=True)
    cover = cover_text(world.plan)
    assert "Our vision A thriving district where everyone can live well." in cover
    assert "Our values" in cover and "Integrity" in cover
    # The cover is still one page: the contents follow on page 2.
    reader = PdfReader(io.BytesIO(whole_pdf(world.plan)))
    assert "Contents" in reader.pages[1].extract_text()


def test_the_cover_prints_them_without_a_section_for_them(world):
    set_vision(world.council, on_cover=True)

    assert "Our vision A thriving district" in cover_text(world.plan)
    assert "Council vision and values" not in pdf_text(whole_pdf(world.plan))


def test_the_cover_heads_them_in_the_council_s_words_or_not_at_all(world):
    set_vision(world.council, on_cover=True, vision_heading="", values_heading="How we work")

    cover = cover_text(world.plan)

    assert "A thriving district where everyone can live well. How we work Respect" in cover
    assert "Our vision" not in cover and "Our values" not in cover


def test_a_cover_asked_for_with_nothing_set_prints_no_headings(world):
    set_vision(world.council, vision="", values="", on_cover=True)

    cover = cover_text(world.plan)

    assert "Our vision" not in cover and "Our values" not in cover


# --- The template and the export format ---------------------------------------------------------


def test_the_lead_adds_a_vision_section_to_the_template_and_new_plans_get_it(client_for, world):
    template = world.council.templates.get()
    response = client_for(world.lead).post(
        reverse("setup:section_add", args=[template.pk]),
        {
            "title": "Council vision and values",
            "kind": SectionKind.VISION,
            "level": "2",
            "number": "1.1",
            "guidance": "",
        },
    )

    assert response.status_code == 302
    assert TemplateSection.objects.get(template__council=world.council, kind=SectionKind.VISION)
    plan = plan_create(
        service=world.sibling_service, first_year=2026, last_year=2026, user=world.officer
    )
    assert plan.sections.get(kind=SectionKind.VISION).number == "1.1"


def test_export_and_import_keep_the_kind_but_not_the_council_s_words(world, section):
    Section.objects.filter(pk=section.pk).update(body="<p>How we live them.</p>")
    set_vision(world.council)

    data = plan_export(plan=world.plan)

    exported = [s for s in data["sections"] if s["kind"] == SectionKind.VISION]
    assert [s["body"] for s in exported] == ["<p>How we live them.</p>"]
    assert "A thriving district" not in json.dumps(data)  # the council's, not the plan's
    imported = plan_import(
        data=json.loads(json.dumps(data)), service=world.sibling_service, user=None
    )
    copy = imported.sections.get(kind=SectionKind.VISION)
    assert (copy.title, copy.number, copy.body) == (
        "Council vision and values",
        "9",
        "<p>How we live them.</p>",
    )
