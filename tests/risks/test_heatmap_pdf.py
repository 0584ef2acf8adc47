"""The heat map as the plan's PDF prints it: in the bands' colours, with its words, caption
and legend entries each separate in the PDF's text."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image
from pypdf import PdfReader

from plans.pdf.plan import plan_pdf_bytes
from risks.services import appetite_scale
from tests import factories

# The print palette: each band's background, as in frontend/_risks.scss.
BAND_BACKGROUNDS = {
    "green": (0xCC, 0xE2, 0xD8),
    "yellow": (0xFF, 0xF7, 0xBF),
    "orange": (0xFC, 0xD6, 0xC3),
    "red": (0xF4, 0xCD, 0xC6),
}


@pytest.fixture
def heat_map_pdf(world, risk_sections, settings):
    """The world's plan as a PDF, rendered whole, with risks in every band and an appetite."""
    factories.ServiceAppetiteFactory(
        service=world.service, area="Service provision", level=appetite_scale(world.council)[1]
    )
    for ref, (likelihood, impact) in {
        "CS01": (1, 2),
        "CS02": (2, 3),
        "CS03": (3, 3),
        "CS04": (4, 4),
    }.items():
        factories.RiskFactory(
            service=world.service,
            reference=ref,
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=likelihood,
            residual_impact=impact,
        )
    return plan_pdf_bytes(world.plan)


def heat_map_page(data: bytes) -> tuple[int, str]:
    """The number (from 1) and text of the page with the heat map's legend."""
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        text = page.extract_text() or ""
        if "Inherent risk (before controls)" in text:
            return number, text
    raise AssertionError("No page has the heat map")


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


def test_legend_entries_and_caption_parts_are_separate_in_the_text(heat_map_pdf):
    _, text = heat_map_page(heat_map_pdf)
    page_lines = lines(text)
    for entry in [
        "Low scores 1 to 4",
        "Medium scores 5 to 6",
        "High scores 7 to 9",
        "Very high scores 10 to 16",
    ]:
        assert entry in page_lines, f"{entry!r} is not a line of its own"
    assert "Inherent risk (before controls): 4 risks" in page_lines
    assert "Residual risk (with existing controls): 4 risks" in page_lines
    assert page_lines.count("4 × 4 risk matrix, version 1") == 2
    # The words of each cell and the appetite line are printed too.
    flat = " ".join(page_lines)
    assert "Very high 16 1 risk: CS04" in flat
    assert "tolerance line of a cautious risk appetite (residual scores up to 6)" in flat


def rasterise(data: bytes, page: int, tmp_path: Path) -> Image.Image:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), pdf, tmp_path / "p"],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    return Image.open(png).convert("RGB")


def pixels_near(image: Image.Image, colour: tuple[int, int, int], tolerance=6) -> int:
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=image.width * image.height)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
    )


def test_heat_map_cells_print_in_their_band_colours(heat_map_pdf, tmp_path):
    number, _ = heat_map_page(heat_map_pdf)
    image = rasterise(heat_map_pdf, number, tmp_path)
    for colour, rgb in BAND_BACKGROUNDS.items():
        # A cell at 50 dpi is about 30 × 20 pixels; there are several cells of each band.
        assert pixels_near(image, rgb) > 500, f"No {colour} cells on the heat map page"


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_print_palette_is_the_web_palette_with_readable_text():
    """The print CSS repeats the web's band colours (the PDF does not load the web CSS), and
    each band's text has at least WCAG AA contrast (4.5:1) on its background."""
    scss = (Path(django_settings.BASE_DIR) / "frontend" / "_risks.scss").read_text()
    css = (Path(django_settings.BASE_DIR) / "static" / "pdf" / "plan.css").read_text()
    web = {
        name: (background, text)
        for name, background, text in re.findall(
            r'"(\w+)": \((#[0-9a-f]{6}), (#[0-9a-f]{6})\)', scss
        )
    }
    printed = {
        name: (background, text)
        for name, background, text in re.findall(
            r"\.app-band--(\w+) \{ background-color: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}",
            css,
        )
    }
    assert web and printed == web
    for colour, rgb in BAND_BACKGROUNDS.items():
        assert web[colour][0] == "#{:02x}{:02x}{:02x}".format(*rgb)
    for name, (background, text) in printed.items():
        lighter, darker = sorted([luminance(background), luminance(text)], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, name
