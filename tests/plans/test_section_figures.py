"""A picture in any section (a strategy map, a diagram): uploaded with its caption and text
alternative, checked and re-encoded, printed after the section's text on the page and in the
PDF, copied on roll-forward and carried in the JSON export."""

import io
import json

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from plans.exchange.plan_file import plan_export, plan_import
from plans.models import SectionFigure, SectionKind
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf


def picture(fmt="PNG", name="map.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, format=fmt)
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def strategy_map(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return factories.SectionFactory(
        plan=world.plan, kind=SectionKind.NARRATIVE, title="Strategy map", position=30
    )


def edit_url(section) -> str:
    return reverse("plans:section_edit", args=[section.plan_id, section.pk])


def upload(client, section, **fields):
    data = {"version": section.version, "body": "", "figure-caption": "", "figure-alt_text": ""}
    data |= {f"figure-{name}": value for name, value in fields.items()}
    return client.post(edit_url(section), data)


def image_sizes(pdf: bytes) -> set:
    return {image.image.size for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images}


def test_an_officer_adds_a_picture_that_prints_with_its_caption(client_for, world, strategy_map):
    client = client_for(world.officer)
    assert (60, 40) not in image_sizes(whole_pdf(world.plan))
    response = upload(
        client,
        strategy_map,
        image=picture("JPEG", "map.jpg"),
        caption="Strategy map",
        alt_text="Four themes lead to the council's three priorities",
    )
    assert response.status_code == 302
    figure = SectionFigure.objects.get(section=strategy_map)
    with Image.open(figure.image.path) as stored:
        assert stored.format == "PNG"

    page = client.get(world.plan.get_absolute_url()).content.decode()
    image_url = reverse("plans:section_figure_image", args=[world.plan.pk, strategy_map.pk])
    assert f'src="{image_url}"' in page
    assert 'alt="Four themes lead to the council&#x27;s three priorities"' in page
    assert '<figcaption class="govuk-body-s">Strategy map</figcaption>' in page

    pdf = whole_pdf(world.plan)
    assert "Strategy map" in pdf_text(pdf)  # a section holding only a picture still prints
    assert (60, 40) in image_sizes(pdf)


def test_the_picture_is_served_only_to_people_who_may_read_the_plan(
    client_for, world, strategy_map
):
    upload(client_for(world.officer), strategy_map, image=picture(), alt_text="A map")
    url = reverse("plans:section_figure_image", args=[world.plan.pk, strategy_map.pk])
    assert client_for(world.clerk).get(url).status_code == 200
    assert client_for(world.foreign_officer).get(url).status_code == 404
    other = factories.SectionFactory(plan=world.other_plan, title="Map", position=30)
    wrong = reverse("plans:section_figure_image", args=[world.plan.pk, other.pk])
    assert client_for(world.clerk).get(wrong).status_code == 404


def test_a_file_that_is_not_a_picture_is_refused_and_what_was_typed_is_kept(
    client_for, world, strategy_map
):
    fake = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    fake.name = "map.png"
    response = upload(
        client_for(world.officer), strategy_map, image=fake, caption="Strategy map", alt_text="x"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "The picture must be a PNG or JPEG image" in page
    assert 'value="Strategy map"' in page
    assert not SectionFigure.objects.exists()


def test_a_picture_needs_a_text_alternative(client_for, world, strategy_map):
    response = upload(client_for(world.officer), strategy_map, image=picture())
    assert "Enter a text alternative that describes the picture" in response.content.decode()
    assert not SectionFigure.objects.exists()


def test_a_clerk_cannot_add_a_picture(client_for, world, strategy_map):
    response = upload(client_for(world.clerk), strategy_map, image=picture(), alt_text="A map")
    assert response.status_code == 403
    assert not SectionFigure.objects.exists()


def test_pictures_roll_forward_and_travel_in_the_export(client_for, world, strategy_map):
    upload(
        client_for(world.officer), strategy_map, image=picture(), caption="Map", alt_text="A map"
    )
    rolled = plan_roll_forward(plan=world.plan, user=world.officer)
    copied = SectionFigure.objects.get(section__plan=rolled)
    assert (copied.section.title, copied.caption, copied.alt_text) == (
        "Strategy map",
        "Map",
        "A map",
    )
    assert copied.read_image() == SectionFigure.objects.get(section=strategy_map).read_image()

    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    assert [f["section"] for f in data["section_figures"]] == ["Strategy map"]
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    imported = plan_import(data=data, service=target, user=None)
    figure = SectionFigure.objects.get(section__plan=imported)
    assert (figure.caption, figure.alt_text, figure.width) == ("Map", "A map", 60)


def test_the_plan_page_reads_pictures_without_a_query_each(
    client_for, world, settings, tmp_path, django_assert_max_num_queries
):
    from tests.plans.test_views import count_queries

    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.clerk)
    url = world.plan.get_absolute_url()
    before = count_queries(client, url, django_assert_max_num_queries)
    (tmp_path / "figures").mkdir()
    picture().seek(0)
    (tmp_path / "figures" / "x.png").write_bytes(picture().getvalue())
    for section in world.plan.sections.all():
        SectionFigure.objects.create(
            section=section,
            alt_text="A map",
            image="figures/x.png",
            uploaded_at="2026-12-01T10:00Z",
        )
    assert count_queries(client, url, django_assert_max_num_queries) <= before + 1
