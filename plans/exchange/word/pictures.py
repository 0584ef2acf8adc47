"""The pictures of a Word plan, for the preview to offer: each checked and re-encoded as PNG
as an upload is (plans/images.py), with the part of the document it is in, a small thumbnail
and what is proposed for it; then, as the person chose, the plan file's organisation chart
and sections' figures (docs/plan-export-format.md), so that they are checked again and saved
in the transaction that makes the plan.

PNG, JPEG, GIF and BMP pictures can come in. Drawings (SVG, which can carry scripts, and
Windows' EMF and WMF, which Pillow cannot draw safely), damaged files and pictures of more
pixels or bytes than an upload may have are listed with the reason they cannot.

The organisation chart is proposed for the first picture whose part goes to the template's
workforce section, or whose text alternative or part calls it a chart or structure of the
organisation; a figure's section is the one its part goes to as proposed; every other
picture is left out unless the person chooses otherwise.
"""

import base64
import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from PIL import Image

from plans.exchange.word.blocks import Picture
from plans.exchange.word.sections import SectionMatch
from plans.images import (
    MAX_PIXELS,
    NOT_ALLOWED,
    TOO_LARGE,
    UPLOAD_FORMATS,
    PictureRefused,
    picture_png,
)
from plans.models import SectionKind

ORG_CHART, FIGURE, LEAVE = "org_chart", "figure", "leave"
WORD_FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP"})
THUMBNAIL_SIDE = 200
CHART_WORDS = re.compile(
    r"\b(?:organi[sz]ation(?:al)?|org|staff(?:ing)?|team|management)\s+(?:chart|structure)"
    r"|\bstructure\s+chart",
    re.I,
)
SVG_START = re.compile(rb"^\s*(?:<\?xml|<svg|<!DOCTYPE\s+svg)", re.I)


@dataclass
class DocumentPicture:
    """A picture of the document, numbered from 1 in document order."""

    number: int
    part: int  # the index of its part (sections.split)
    part_title: str
    alt_text: str  # the document's own description of it
    section: int | None  # the template section its part goes to as proposed, by index
    proposal: str = LEAVE
    # What the plan file carries: a PNG or JPEG as found (checked and re-encoded again on
    # import, as an upload is), or a GIF or BMP re-encoded as PNG.
    data: bytes = b""
    found: str = ""  # the format it really is
    thumbnail: str = ""  # a data: URI of a small PNG drawn from the re-encoded picture
    width: int = 0
    height: int = 0
    reason: str = ""  # why it cannot be brought in

    @property
    def usable(self) -> bool:
        return not self.reason


@dataclass
class PictureChoice:
    """What the person chose for a usable picture."""

    picture: DocumentPicture
    use: str  # ORG_CHART, FIGURE or LEAVE
    section: object | None  # the template section of a figure
    alt_text: str


def document_pictures(matches: list[SectionMatch], template_sections: list) -> list:
    """Every picture of the document, checked, with its part and what is proposed for it."""
    positions = {id(section): index for index, section in enumerate(template_sections)}
    pictures = []
    section = 0 if template_sections else None  # where a part before any match goes
    for index, match in enumerate(matches):
        if match.proposal == "match":
            section = positions[id(match.best.section)]
        for block in match.part.blocks:
            if isinstance(block, Picture):
                picture = DocumentPicture(
                    len(pictures) + 1, index, match.part.title, block.alt_text, section
                )
                _check(picture, block)
                pictures.append(picture)
    if any(section.kind == SectionKind.WORKFORCE for section in template_sections):
        chart = next((p for p in pictures if _is_chart(p, template_sections)), None)
        if chart is not None:
            chart.proposal = ORG_CHART
    return pictures


def _is_chart(picture: DocumentPicture, template_sections: list) -> bool:
    if not picture.usable:
        return False
    section = template_sections[picture.section] if picture.section is not None else None
    if section is not None and section.kind == SectionKind.WORKFORCE:
        return True
    return bool(CHART_WORDS.search(f"{picture.alt_text} {picture.part_title}"))


def _check(picture: DocumentPicture, block: Picture) -> None:
    """Re-encode the picture, or say why it cannot come in; and draw its thumbnail."""
    try:
        clean = picture_png(io.BytesIO(block.data), formats=WORD_FORMATS)
    except PictureRefused as refused:
        picture.reason = _reason(refused, block)
        return
    picture.found, picture.width, picture.height = clean.found, clean.width, clean.height
    picture.data = block.data if clean.found in UPLOAD_FORMATS else clean.png
    limit = settings.ORG_CHART_MAX_BYTES
    if len(picture.data) > limit:
        picture.reason = (
            f"it is {len(picture.data) / (1024 * 1024):.1f} MB: a picture can be at most "
            f"{limit // (1024 * 1024)} MB"
        )
        return
    with Image.open(io.BytesIO(clean.png)) as image:
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
    picture.thumbnail = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _reason(refused: PictureRefused, block: Picture) -> str:
    kinds = "only PNG, JPEG, GIF and BMP pictures can be brought in"
    if refused.found == "WMF" or re.search(r"[ew]mf", block.content_type):
        return f"it is a Windows drawing (EMF or WMF): {kinds}; save it as a PNG picture"
    if "svg" in block.content_type or SVG_START.match(block.data[:200]):
        return f"it is an SVG drawing, which can carry scripts: {kinds}"
    if refused.problem == NOT_ALLOWED:
        return f"it is a {refused.found} picture: {kinds}"
    if refused.problem == TOO_LARGE:
        width, height = refused.size
        size = f" ({width:,} × {height:,} pixels)" if width else ""
        return f"it is too large{size}: a picture can be at most {MAX_PIXELS:,} pixels"
    return "it is damaged, or not a picture that can be read"


def pictures_plan_file(choices: list[PictureChoice]) -> dict:
    """The plan file's `org_chart` and `section_figures` as chosen (at most one chart and
    one figure a section: the preview's form sees to it)."""
    chart = next((choice for choice in choices if choice.use == ORG_CHART), None)
    figures = [choice for choice in choices if choice.use == FIGURE]
    return {
        "org_chart": _entry(chart, {}) if chart else None,
        "section_figures": [
            _entry(choice, {"section": choice.section.title, "caption": ""}) for choice in figures
        ],
    }


def _entry(choice: PictureChoice, fields: dict) -> dict:
    picture = choice.picture
    return {
        **fields,
        "alt_text": choice.alt_text,
        "content_type": "image/jpeg" if picture.found == "JPEG" else "image/png",
        "width": picture.width,
        "height": picture.height,
        "sha256": hashlib.sha256(picture.data).hexdigest(),
        "data_base64": base64.b64encode(picture.data).decode("ascii"),
    }
