"""Stand-ins for the figures a seed plan printed but its text and Word file lost: only the
labels that survive are drawn, so the app's upload and print of a figure are still tested."""

import io

from PIL import Image, ImageDraw


def org_chart_png(top_box: str) -> io.BytesIO:
    """An organisation chart with the one box that survives in the source."""
    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 30, 300, 90], outline="black", width=2)
    draw.text((120, 52), top_box, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "org-chart.png"
    return buffer
