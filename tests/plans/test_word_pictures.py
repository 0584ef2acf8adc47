"""Pictures in a Word plan (plans/exchange/word/pictures.py, plans/forms/word_pictures.py):
each listed in the preview with its part and a re-encoded thumbnail, or with why it cannot
come in; the organisation chart proposed; a text alternative needed for a picture used; and
the chosen pictures stored as the org chart and sections' figures in the transaction that
makes the plan, nothing before."""

import base64
import io
import os
import re
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plans.exchange.word.pictures import FIGURE, LEAVE, ORG_CHART, document_pictures
from plans.exchange.word.sections import match_sections, split
from plans.models import OrgChart, Plan, SectionFigure, SectionKind
from plans.views import word_import
from tests.plans.test_pdf import figure_alts
from tests.plans.test_pdf_content import whole_pdf
from tests.plans.test_word_import_views import PREVIEW, upload
from tests.plans.test_word_reading import docx, paragraph, read

pytestmark = pytest.mark.django_db
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
PIC = 'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "emf": "image/x-emf",
    "svg": "image/svg+xml",
}


def picture_docx(*items) -> bytes:
    """A Word file of paragraphs (strings of XML) and pictures ((extension, bytes, alt text)),
    in order, each picture in a drawing of its own as Word writes it."""
    body, rels, media = [], [], {}
    for item in items:
        if isinstance(item, str):
            body.append(item)
            continue
        extension, data, alt = item
        rid = f"rId{len(rels) + 10}"
        name = f"media/image{len(rels) + 1}.{extension}"
        rels.append(f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="{name}"/>')
        media[f"word/{name}"] = data
        body.append(
            f'<w:p><w:r><w:drawing><wp:inline {WP}><wp:extent cx="952500" cy="952500"/>'
            f'<wp:docPr id="{len(rels)}" name="Picture" descr="{alt}"/><a:graphic {A}>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic {PIC}><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )
    types = "".join(
        f'<Default Extension="{extension}" ContentType="{kind}"/>'
        for extension, kind in CONTENT_TYPES.items()
    )
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/>{types}<Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    return docx(
        "".join(body), rels="".join(rels), extra={"[Content_Types].xml": content_types, **media}
    )


def image(fmt="PNG", size=(60, 40), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header says it is width × height pixels: a pixel bomb."""
    data = image(size=(1, 1))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


EMF = (
    struct.pack("<II", 1, 88)  # the header record: type 1, 88 bytes long
    + struct.pack("<4i", 0, 0, 100, 100)  # bounds
    + struct.pack("<4i", 0, 0, 2000, 2000)  # frame
    + b" EMF"
    + b"\0" * 44
)
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><rect/></svg>"


def heading(text: str) -> str:
    return paragraph(text, style="Heading1")


SECTIONS = [
    SimpleNamespace(number="1", title="Service overview", kind=SectionKind.NARRATIVE),
    SimpleNamespace(number="2", title="Budget", kind=SectionKind.BUDGET),
    SimpleNamespace(number="3", title="Workforce", kind=SectionKind.WORKFORCE),
]


def pictures_of(data: bytes, sections=SECTIONS) -> list:
    document = read(data)
    return document_pictures(match_sections(split(document), sections), sections)


# --- Reading and proposing ---------------------------------------------------------------


def test_each_picture_has_its_part_section_and_proposal_in_document_order():
    pictures = pictures_of(
        picture_docx(
            heading("1. Service overview"),
            ("png", image(), "Our customers"),
            heading("3. Staffing"),
            ("jpeg", image("JPEG"), "Organisation chart of the service"),
            ("gif", image("GIF"), ""),
        )
    )
    assert [(p.number, p.part_title, p.section, p.proposal) for p in pictures] == [
        (1, "Service overview", 0, LEAVE),
        (2, "Staffing", 2, ORG_CHART),  # its part goes to the workforce section
        (3, "Staffing", 2, LEAVE),  # only one organisation chart is proposed
    ]
    assert pictures[0].alt_text == "Our customers"
    assert [(p.found, p.width, p.height) for p in pictures] == [
        ("PNG", 60, 40),
        ("JPEG", 60, 40),
        ("GIF", 60, 40),
    ]


def test_a_picture_called_a_structure_chart_is_proposed_wherever_it_is():
    pictures = pictures_of(
        picture_docx(
            heading("1. Service overview"),
            ("png", image(), "Staffing structure of Customer Services"),
        )
    )
    assert pictures[0].proposal == ORG_CHART
    # Without a workforce section in the template, no organisation chart is proposed.
    assert (
        pictures_of(
            picture_docx(heading("1. Service overview"), ("png", image(), "Staffing structure")),
            SECTIONS[:2],
        )[0].proposal
        == LEAVE
    )


def test_the_thumbnail_is_a_small_png_drawn_again_never_the_file_s_own_bytes():
    original = image("JPEG", size=(800, 400))
    (picture,) = pictures_of(picture_docx(heading("3. Workforce"), ("jpeg", original, "")))
    prefix = "data:image/png;base64,"
    assert picture.thumbnail.startswith(prefix)
    thumbnail = base64.b64decode(picture.thumbnail.removeprefix(prefix))
    assert thumbnail.startswith(b"\x89PNG") and original not in thumbnail
    with Image.open(io.BytesIO(thumbnail)) as drawn:
        assert drawn.size == (200, 100)


@pytest.mark.parametrize(
    ("extension", "data", "reason"),
    [
        ("svg", SVG, "it is an SVG drawing, which can carry scripts: only PNG, JPEG, GIF and BMP"),
        ("emf", EMF, "it is a Windows drawing (EMF or WMF): only PNG, JPEG, GIF and BMP"),
        ("png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "it is damaged, or not a picture"),
        ("png", image("TIFF"), "it is a TIFF picture: only PNG, JPEG, GIF and BMP"),
        (
            "png",
            png_claiming(8000, 8000),
            "it is too large (8,000 × 8,000 pixels): a picture can be at most 40,000,000 pixels",
        ),
        # More than Pillow itself will open: refused from the header all the same.
        ("png", png_claiming(30000, 30000), "it is too large: a picture can be at most"),
    ],
    ids=["svg", "emf", "corrupt", "tiff", "pixel bomb", "bigger bomb"],
)
def test_a_picture_that_cannot_come_in_says_why(extension, data, reason):
    (picture,) = pictures_of(picture_docx(heading("3. Workforce"), (extension, data, "Chart")))
    assert not picture.usable and picture.reason.startswith(reason)
    assert picture.thumbnail == "" and picture.proposal == LEAVE


def test_a_picture_of_more_bytes_than_an_upload_may_have_says_so(settings):
    settings.ORG_CHART_MAX_BYTES = 1024 * 1024
    noise = io.BytesIO()
    Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3)).save(noise, format="PNG")
    (picture,) = pictures_of(picture_docx(heading("3. Workforce"), ("png", noise.getvalue(), "")))
    assert picture.reason == "it is 1.8 MB: a picture can be at most 1 MB"


# --- The preview -------------------------------------------------------------------------


def staffing_file() -> SimpleUploadedFile:
    data = picture_docx(
        heading("1. Service overview"),
        paragraph("We answer calls."),
        ("png", image(colour="navy"), "A map of the district"),
        heading("3. Workforce"),
        ("png", image(size=(120, 60)), "Organisation chart"),
        ("svg", SVG, ""),
    )
    return SimpleUploadedFile("plan.docx", data)


def preview_data(client) -> tuple[dict, object]:
    preview = client.get(PREVIEW)
    data = {name: field.initial for name, field in preview.context["form"].fields.items()}
    for _, fields in preview.context["pictures"]:
        data |= {field.html_name: field.initial for field in fields}
    return data, preview


def test_the_preview_lists_every_picture_with_its_choice_and_writes_nothing(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, preview = preview_data(client)
    page = preview.content.decode()
    assert "Picture 1, in “Service overview”" in page
    assert "Picture 2, in “Workforce”" in page
    assert "Picture 3, in “Workforce”" in page
    assert "Cannot be brought in: it is an SVG drawing, which can carry scripts" in page
    assert page.count('src="data:image/png;base64,') == 2
    assert "Use as the organisation chart" in page and "Leave out" in page
    assert "A map of the district</textarea>" in page  # the document's own description
    assert data["picture_1_use"] == LEAVE and data["picture_1_section"] == "0"
    assert data["picture_2_use"] == ORG_CHART and data["picture_2_section"] == "2"
    assert "picture_3_use" not in data  # nothing to choose for a picture that cannot come in
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()
    assert not OrgChart.objects.exists() and not SectionFigure.objects.exists()


def test_a_used_picture_needs_its_text_alternative_and_everything_typed_is_kept(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": FIGURE, "picture_1_alt_text": "", "picture_2_alt_text": "Mine"}
    data["part_0"] = "s1"  # the person moved the first part too
    response = client.post(PREVIEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page and "govuk-error-summary" in page
    assert 'href="#id_picture_1_alt_text">Enter a text alternative that describes picture 1' in (
        page
    )
    assert re.search(r'name="picture_1_use"[^>]*value="figure"\s+checked', page)  # its choice
    assert 'href="#id_picture_1_use_1"' not in page  # no error on the choice itself
    assert ">\nMine</textarea>" in page
    assert '<option value="s1" selected>' in page
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()


def test_only_one_picture_may_be_the_organisation_chart(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": ORG_CHART}
    page = client.post(PREVIEW, data).content.decode()
    assert (
        '<a href="#id_picture_2_use_1">Picture 1 is already the organisation chart: choose '
        "something else for picture 2</a>" in page
    )
    assert not OrgChart.objects.exists()


def test_only_one_figure_a_section(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": FIGURE, "picture_2_use": FIGURE, "picture_2_section": "0"}
    page = client.post(PREVIEW, data).content.decode()
    assert (
        "Picture 1 is already the figure of “1 Service overview”: choose another section for "
        "picture 2, or leave it out" in page
    )
    assert not SectionFigure.objects.exists()


def test_a_section_not_in_the_list_is_an_error(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": FIGURE, "picture_1_section": "99"}
    assert "Select a section from the list" in client.post(PREVIEW, data).content.decode()


# --- Confirming --------------------------------------------------------------------------


def test_confirming_stores_the_chart_and_a_figure_with_their_text_alternatives(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": FIGURE, "picture_1_alt_text": "The district and its towns"}
    data["picture_2_alt_text"] = "The manager leads two team leaders"
    response = client.post(PREVIEW, data)
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert response.url == plan.get_absolute_url()
    chart = OrgChart.objects.get(plan=plan)
    assert chart.alt_text == "The manager leads two team leaders"
    assert (chart.width, chart.height) == (120, 60)
    figure = SectionFigure.objects.get(section__plan=plan)
    assert figure.section.title == "Service overview"
    assert figure.alt_text == "The district and its towns"
    for picture in (chart, figure):
        assert picture.image.name.endswith(".png")
        assert picture.read_image().startswith(b"\x89PNG")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'alt="The manager leads two team leaders"' in page
    assert 'alt="The district and its towns"' in page
    alts = figure_alts(whole_pdf(plan))
    assert "The manager leads two team leaders" in alts
    assert "The district and its towns" in alts


def test_a_post_without_the_pictures_fields_leaves_them_out(client_for, world):
    """As from a preview drawn before pictures were offered."""
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    form = client.get(PREVIEW).context["form"]
    client.post(PREVIEW, {name: field.initial for name, field in form.fields.items()})
    assert Plan.objects.filter(service=world.service, first_year=2027).exists()
    assert not OrgChart.objects.exists() and not SectionFigure.objects.exists()


def test_a_gif_comes_in_as_a_png(client_for, world):
    client = client_for(world.officer)
    data = picture_docx(heading("3. Workforce"), ("gif", image("GIF"), "Team chart"))
    upload(client, world.service, file=SimpleUploadedFile("plan.docx", data))
    client.post(PREVIEW, preview_data(client)[0])
    chart = OrgChart.objects.get(plan__service=world.service, plan__first_year=2027)
    assert chart.read_image().startswith(b"\x89PNG") and chart.alt_text == "Team chart"


def test_a_confirmation_that_fails_writes_no_picture(client_for, world, monkeypatch):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file())
    data, _ = preview_data(client)
    data |= {"picture_1_use": FIGURE, "picture_1_alt_text": "The district"}

    def fail(**fields):
        raise RuntimeError("the database went away")

    # After the plan and its pictures are saved, in the same transaction.
    monkeypatch.setattr(word_import.PlanTransition.objects, "create", fail)
    with pytest.raises(RuntimeError):
        client.post(PREVIEW, data)
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()
    assert not OrgChart.objects.exists() and not SectionFigure.objects.exists()


def test_a_plan_refused_at_confirmation_stores_no_picture(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, file=staffing_file(), first_year=2026, last_year=2026)
    data, _ = preview_data(client)
    page = client.post(PREVIEW, data).content.decode()
    assert "already has a plan starting in 2026/27" in page
    assert not OrgChart.objects.exists() and not SectionFigure.objects.exists()
