"""Stand-ins for the figures a seed plan printed but its text and Word file lost: only the
labels that survive are drawn, so the app's upload and print of a figure are still tested."""

import io

from PIL import Image, ImageDraw


def stand_in_png(label: str) -> io.BytesIO:
    """A picture with the one label that survives in the source (an org chart's top box)."""
    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 30, 300, 90], outline="black", width=2)
    draw.text((120, 52), label, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "figure.png"
    return buffer
