"""Rich text (plans' sections, the council's vision and values): an allow-list sanitiser run
on every save. It lives here, on the ground floor, so that every app can keep rich text."""

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p", "br", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a",
    "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# No javascript:, data:, file: or anything else that could run or fetch.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Keep headings, lists, emphasis, links and simple tables; drop everything else.

    Scripts, styles and their content go; event handlers, style attributes, images and
    links to other schemes are removed. Links get rel="noopener noreferrer".
    """
    html = html or ""
    if not html.strip():
        return ""  # nothing typed stays nothing, not an empty paragraph
    if "<" not in html:
        # Plain text (typed without the editor): blank lines make paragraphs.
        html = linebreaks(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        clean_content_tags={
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "template",
            "svg",
            "math",
        },
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()
