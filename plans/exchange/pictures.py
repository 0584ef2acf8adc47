"""The plan's pictures: its org chart and its sections' figures, carried as base64 and
checked on import exactly as an upload in the browser."""

import base64
import binascii
import hashlib

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.exchange.context import ImportContext, Saver
from plans.exchange.values import _list
from plans.forms.pictures import OrgChartForm, SectionFigureForm
from plans.models import OrgChart, Plan, SectionFigure


def export_org_chart(plan: Plan):
    chart = OrgChart.objects.filter(plan=plan).first()
    return _export_picture(chart, {"alt_text": chart.alt_text} if chart else {})


def _export_picture(picture, fields: dict) -> dict | None:
    """A stored picture (an org chart, a section's figure) with its own fields, as base64."""
    if picture is None or not picture.image:
        return None
    with picture.image.open("rb") as image:
        data = image.read()
    return {
        **fields,
        "content_type": "image/png",
        "width": picture.width,
        "height": picture.height,
        "sha256": hashlib.sha256(data).hexdigest(),
        "data_base64": base64.b64encode(data).decode("ascii"),
    }


def prepare_org_chart(raw, ctx: ImportContext, where: str) -> list[Saver]:
    if raw is None:
        return []
    form = _picture_form(OrgChartForm, raw, ["alt_text"], where, ctx)
    if form is None:
        return []

    def save(plan: Plan) -> None:
        form.owner = plan
        form.save_picture()

    return [save]


def _picture_form(form_class, raw, names: list[str], where: str, ctx: ImportContext):
    """A picture's upload form, filled from the file and checked exactly as an upload in the
    browser (and re-encoded); None, with the errors noted, when it is refused."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data_base64"), str):
        ctx.error(where, "must be null or an object with data_base64 and alt_text")
        return None
    # Four characters of base64 hold three bytes: refuse a long one before decoding it.
    if len(raw["data_base64"]) // 4 * 3 > settings.ORG_CHART_MAX_BYTES + 3:
        ctx.error(
            f"{where}.data_base64",
            f"the image is about {len(raw['data_base64']) // 4 * 3} bytes; "
            f"at most {settings.ORG_CHART_MAX_BYTES}",
        )
        return None
    try:
        data = base64.b64decode(raw["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        ctx.error(f"{where}.data_base64", "is not valid base64")
        return None
    if len(data) > settings.ORG_CHART_MAX_BYTES:
        ctx.error(
            f"{where}.data_base64",
            f"the image is {len(data)} bytes; at most {settings.ORG_CHART_MAX_BYTES}",
        )
        return None
    values = {
        f"p-{name}": raw.get(name) if isinstance(raw.get(name), str) else "" for name in names
    }
    form = form_class(
        values,
        {"p-image": SimpleUploadedFile("picture", data)},
        instance=form_class._meta.model(),
        owner=None,
        prefix="p",
    )
    if not form.is_valid():
        for name, messages in form.errors.items():
            for message in messages:
                ctx.error(f"{where}.{'data_base64' if name == 'image' else name}", message)
        return None
    return form


def export_section_figures(plan: Plan) -> list:
    """The sections' pictures, each naming its section by title."""
    figures = SectionFigure.objects.filter(section__plan=plan).select_related("section")
    return [
        _export_picture(
            figure,
            {
                "section": figure.section.title,
                "caption": figure.caption,
                "alt_text": figure.alt_text,
            },
        )
        for figure in figures.order_by("section__position", "section__pk")
        if figure.image
    ]


def prepare_section_figures(raw, ctx: ImportContext, where: str) -> list[Saver]:
    prepared = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        title = item.get("section") if isinstance(item, dict) else None
        if title not in ctx.section_titles:
            ctx.error(f"{here}.section", f"{str(title)[:200]!r} is not a section of this file")
            continue
        form = _picture_form(SectionFigureForm, item, ["caption", "alt_text"], here, ctx)
        if form is not None:
            prepared.append((title, form))

    def save(plan: Plan) -> None:
        sections = {section.title: section for section in plan.sections.all()}
        for title, form in prepared:
            form.owner = sections[title]
            form.save_picture()

    return [save]
