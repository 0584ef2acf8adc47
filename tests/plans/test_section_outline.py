"""Sections shaped like the council's: levels (1, 1.1, 1.1.1), numbered automatically or as
typed, shown as levels in the contents, headings and PDF outline; and text before and after a
section's table."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.document import plan_document, plan_queryset
from plans.models import Plan, Section, SectionKind, TemplateSection
from plans.models.plan import outline_levels, outline_numbers
from plans.pdf.plan import plan_pdf_html, plan_pdf_render, printed_document
from plans.services.editing import plan_create
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.helpers import empty_tables
from tests.plans.test_pdf import demo, flat, pdf_text, render  # noqa: F401 (fixtures)


def test_levels_never_skip_one_and_start_at_one():
    assert outline_levels([1, 2, 3, 2, 1]) == [1, 2, 3, 2, 1]
    assert outline_levels([2, 3, 1, 3, 4]) == [1, 2, 1, 2, 3]


def test_automatic_numbers_follow_the_levels():
    assert outline_numbers([1, 2, 2, 3, 1, 2, 1]) == ["1", "1.1", "1.2", "1.2.1", "2", "2.1", "3"]


def shape_template(council, shape):
    """Replace the council's template with (number, level, title, kind) rows."""
    TemplateSection.objects.filter(template__council=council).delete()
    for position, (number, level, title, kind) in enumerate(shape, start=1):
        factories.TemplateSectionFactory(
            council=council, number=number, level=level, title=title, kind=kind, position=position
        )


THREE_RIVERS_LIKE = [
    ("", 1, "Introduction", SectionKind.NARRATIVE),
    ("1", 1, "Inputs", SectionKind.NARRATIVE),
    ("1.1", 2, "Budgets", SectionKind.BUDGET),
    ("1.2", 2, "Human Resource Management", SectionKind.WORKFORCE),
    ("1.2.1", 3, "Summary of Team Skills", SectionKind.NARRATIVE),
    ("2", 1, "Outputs and Outcomes", SectionKind.NARRATIVE),
    ("2.1", 2, "Contracts", SectionKind.CONTRACTS),
    ("", 1, "Version Control", SectionKind.NARRATIVE),
]


def new_plan(world, first_year=2027) -> Plan:
    return plan_create(
        service=world.service, first_year=first_year, last_year=first_year,
        user=world.officer,
    )  # fmt: skip


def test_a_new_plan_takes_the_template_s_levels_and_numbers_as_typed(world):
    shape_template(world.council, THREE_RIVERS_LIKE)

    plan = new_plan(world)

    assert [(s.number, s.level, s.title) for s in plan.sections.all()] == [
        (number, level, title) for number, level, title, _ in THREE_RIVERS_LIKE
    ]


def test_a_council_that_numbers_automatically_gets_numbers_from_the_levels(world):
    shape_template(
        world.council,
        [(number if number == "1.2.1" else "", *rest) for number, *rest in THREE_RIVERS_LIKE],
    )
    world.council.numbers_sections = True
    world.council.save()

    plan = new_plan(world)

    # A number typed in the template ("1.2.1" here) is printed as typed.
    assert [s.number for s in plan.sections.all()] == [
        "1", "2", "2.1", "2.2", "1.2.1", "3", "3.1", "4",
    ]  # fmt: skip


def test_rolling_forward_keeps_levels_and_the_text_around_tables(world):
    shape_template(world.council, THREE_RIVERS_LIKE)
    plan = new_plan(world)
    budget = plan.sections.get(kind=SectionKind.BUDGET)
    budget.body, budget.body_after = "<p>Agreed in February.</p>", "<p>Figures in £.</p>"
    budget.save()

    later = plan_roll_forward(plan=plan, user=world.officer)

    copied = later.sections.get(kind=SectionKind.BUDGET)
    assert (copied.level, copied.body, copied.body_after) == (
        2, "<p>Agreed in February.</p>", "<p>Figures in £.</p>",
    )  # fmt: skip


def fill(plan, title, html="<p>Something the council wrote.</p>"):
    section = plan.sections.get(title=title)
    section.body = html
    section.save()
    return section


def test_the_pdf_keeps_a_heading_whose_parts_have_something(world):
    shape_template(world.council, THREE_RIVERS_LIKE)
    plan = new_plan(world)
    fill(plan, "Summary of Team Skills", "<p>Step Up to Leadership</p>")

    printed = printed_document(plan_document(plan_queryset().get(pk=plan.pk)))

    # 1 Inputs and 1.2 hold nothing themselves, but 1.2.1 does: both headings are kept
    # above it. 1.1, 2 and 2.1 have nothing and nothing under them.
    assert [item.section.title for item in printed.sections] == [
        "Inputs", "Human Resource Management", "Summary of Team Skills",
    ]  # fmt: skip


def outline_tree(data: bytes) -> list:
    """The PDF's outline as [(title, [children...]), ...]."""
    reader = PdfReader(io.BytesIO(data))

    def walk(items):
        tree = []
        for item in items:
            if isinstance(item, list):
                tree[-1] = (tree[-1][0], walk(item))
            else:
                tree.append((flat(item.title), []))
        return tree

    return walk(reader.outline)


def test_pdf_headings_contents_and_outline_show_the_levels(render, demo):  # noqa: F811
    demo.sections.update(level=1)
    sections = list(demo.sections.all())
    # Make the demo's third and fourth sections parts of its second (2.1, 2.1.1).
    shape = [("2", 1), ("2.1", 2), ("2.1.1", 3)]
    for section, (number, level) in zip(sections[1:4], shape, strict=True):
        section.number, section.level = number, level
        section.save()
    second, child, grandchild = sections[1:4]

    result = render(demo)

    tree = outline_tree(result.pdf)
    titles = [title for title, _ in tree]
    entry = dict(tree)[flat(f"2 {second.title}")]
    assert entry == [(flat(f"2.1 {child.title}"), [(flat(f"2.1.1 {grandchild.title}"), [])])]
    assert flat(f"2.1 {child.title}") not in titles  # not at the top as well
    text = pdf_text(result.pdf)
    assert flat(f"2.1.1 {grandchild.title}") in text
    # The contents are lists inside lists, and the headings step down with the levels.
    html = plan_pdf_html(plan_document(plan_queryset().get(pk=demo.pk)))
    assert html.count('<ol class="app-pdf-contents__list">') == 3
    assert (
        f'<h3 class="app-pdf-section__title app-pdf-section__title--level-2">2.1 {child.title}'
        in html
    )
    assert (
        f'<h4 class="app-pdf-section__title app-pdf-section__title--level-3">2.1.1 {grandchild.title}'
        in html
    )


def test_the_plan_page_nests_the_contents_and_steps_down_its_headings(client_for, world):
    shape_template(world.council, THREE_RIVERS_LIKE)
    plan = new_plan(world)

    html = client_for(world.officer).get(plan.get_absolute_url()).content.decode()

    budgets = plan.sections.get(title="Budgets")
    skills = plan.sections.get(title="Summary of Team Skills")
    assert f'<h3 class="govuk-heading-m" id="{budgets.anchor}-title">1.1 Budgets</h3>' in html
    assert f'<h4 class="govuk-heading-s" id="{skills.anchor}-title">1.2.1 Summary' in html
    contents = html.split('id="contents-heading"', 1)[1].split("</nav>", 1)[0]
    assert contents.count('<ol class="govuk-list app-contents-list__parts">') == 3


# --- Text before and after a table ----------------------------------------------------------


def edit_url(section: Section) -> str:
    return reverse("plans:section_edit", args=[section.plan_id, section.pk])


def test_a_table_section_keeps_text_before_and_after_its_table(client_for, world):
    section = world.plan.sections.get(kind=SectionKind.CONTRACTS)
    client = client_for(world.officer)
    form = client.get(edit_url(section)).content.decode()
    assert "Text before the table" in form and "Text after the table" in form

    response = client.post(
        edit_url(section),
        {
            "version": section.version,
            "body": "<p>Contracts over £25,000 are listed.</p><script>alert(1)</script>",
            "body_after": "<p>Renewals go to Cabinet.</p>",
            **empty_tables("contracts"),
        },
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>Contracts over £25,000 are listed.</p>"  # sanitised
    assert section.body_after == "<p>Renewals go to Cabinet.</p>"
    factories.ContractFactory(plan=world.plan, title="Telephony")
    text = pdf_text(plan_pdf_render(plan_document(plan_queryset().get(pk=world.plan.pk))).pdf)
    before, after = text.index("Contracts over £25,000 are listed."), text.index("Renewals go")
    assert before < text.index("Telephony") < after


def test_text_alone_is_enough_for_a_table_section_to_print(world):
    section = world.plan.sections.get(kind=SectionKind.CARBON)
    section.body = "<p>Carbon figures will follow in the autumn.</p>"
    section.save()

    printed = printed_document(plan_document(plan_queryset().get(pk=world.plan.pk)))

    assert section.pk in [item.section.pk for item in printed.sections]


@pytest.mark.parametrize(
    ("kind", "link"),
    [
        (SectionKind.KPIS, "Add and change the indicators"),
        (SectionKind.RISKS, "Add and change the risks"),
        (SectionKind.ACTIONS, "Add and change the objectives, actions and projects"),
    ],
)
def test_sections_whose_rows_are_kept_elsewhere_take_text_here(client_for, world, kind, link):
    section = factories.SectionFactory(plan=world.plan, kind=kind, title=kind.label, position=30)
    client = client_for(world.officer)

    page = client.get(edit_url(section)).content.decode()
    assert link in page
    response = client.post(
        edit_url(section), {"version": section.version, "body": "<p>Our key measures.</p>"}
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>Our key measures.</p>"


def test_text_around_a_table_is_refused_whole_when_too_long(client_for, world):
    section = world.plan.sections.get(kind=SectionKind.CONTRACTS)
    response = client_for(world.officer).post(
        edit_url(section),
        {
            "version": section.version,
            "body": "<p>Kept as typed</p>",
            "body_after": "x" * 200_001,
            **empty_tables("contracts"),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The text must be 200,000 characters or fewer" in html
    assert "Kept as typed" in html
    section.refresh_from_db()
    assert section.body == ""


def test_the_section_editor_is_404_out_of_scope_and_403_for_readers(client_for, world):
    section = world.plan.sections.get(kind=SectionKind.CONTRACTS)
    foreign = world.foreign_plan.sections.get(kind=SectionKind.CONTRACTS)

    assert client_for(world.clerk).get(edit_url(section)).status_code == 403
    assert client_for(world.officer).get(edit_url(foreign)).status_code == 404
