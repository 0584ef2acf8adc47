"""{{ figure|png_data_uri }}: a section's picture inlined, for the PDF (whose URL fetcher reads
only our own files and data: URIs) and for a published version kept as it was."""

import base64

from django import template

register = template.Library()


@register.filter
def png_data_uri(figure) -> str:
    png = figure.read_image()
    return "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
