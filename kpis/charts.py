"""
Trend charts as inline SVG, drawn on the server from plain data: no JavaScript.

`trend_chart()` returns markup for the page and the PDF alike. Results are a solid line
with round markers, targets a dashed line with square markers, so the two differ in
shape as well as colour; the chart has a <title>, a <desc> and an aria-label saying what
it shows, and pages put the same figures in a table beside it.

A committee pack that includes results not yet accepted (packs/checked.py) draws each of
them as a hollow marker, not a differently coloured one, with "Provisional" in the legend
and the periods named in the text alternative, since colour never carries meaning alone.
"""

import base64
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The page's size; the PDF draws charts three to a row at COMPACT (then shown about 90 mm
# wide, which keeps the 12-unit labels at about 8 pt).
WIDTH, HEIGHT = 640, 300
COMPACT = (400, 240)
LEFT_MIN, RIGHT, TOP, BOTTOM = 56, 36, 16, 64
# The narrowest room a period label needs on the axis, in drawing units.
LABEL_ROOM = 64
RESULT_COLOUR = "#1d70b8"
TARGET_COLOUR = "#0b0c0c"
# A provisional result's marker: an outline only, so that it differs in shape, not colour.
HOLLOW = f'fill="#ffffff" stroke="{RESULT_COLOUR}" stroke-width="2"'


@dataclass(frozen=True)
class Point:
    """One period on the chart: its label, the result and the target (either may be None),
    and whether the result is provisional (its quarter's return not accepted yet)."""

    label: str
    result: Decimal | None
    target: Decimal | None
    provisional: bool = False


PROVISIONAL_WORDS = "Hollow points are provisional (not yet accepted)"


def provisional_labels(points: list[Point]) -> list[str]:
    """The periods whose result is drawn hollow: provisional ones that have a value."""
    return [p.label for p in points if p.provisional and p.result is not None]


def _figure(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# The steps an axis may count in, times a power of ten: 0, 500, 1,000 or 90, 95, 100.
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def axis_ticks(low: Decimal, high: Decimal, most: int = 6) -> list[Decimal]:
    """Round values from at or below low to at or above high, in at most `most` ticks (and
    at least two): the axis counts in 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        low, high = low - 1, high + 1
    rough = (high - low) / (most - 1)
    power = Decimal(10) ** int(rough.log10().to_integral_value(rounding="ROUND_FLOOR"))
    step = next(s * power for s in NICE_STEPS if s * power >= rough)
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    last = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    count = int((last - first) / step) + 1
    return [first + step * i for i in range(max(count, 2))]


def axis_label(value: Decimal, prefix: str = "", suffix: str = "") -> str:
    """A tick's label as the reports write figures: 1,000, 97.5%, £2,500."""
    text = f"{value.normalize():,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{prefix}{text}{suffix}"


def describe(title: str, points: list[Point], unit_suffix: str = "") -> str:
    """The text alternative: what the chart shows, in one or two sentences."""
    results = [(p.label, p.result) for p in points if p.result is not None]
    if not results:
        return f"{title}: no results have been entered yet."
    first_label, first = results[0]
    last_label, last = results[-1]
    text = (
        f"{title}: {len(results)} result{'s' if len(results) != 1 else ''} from {first_label} "
        f"to {last_label}, starting at {_figure(first)}{unit_suffix} "
        f"and latest {_figure(last)}{unit_suffix}"
    )
    target = next((p.target for p in reversed(points) if p.label == last_label), None)
    if target is not None:
        text += f" against a target of {_figure(target)}{unit_suffix}"
    text += "."
    provisional = provisional_labels(points)
    if provisional:
        text += f" {PROVISIONAL_WORDS}: {', '.join(provisional)}."
    return text


def trend_chart(
    points: list[Point],
    *,
    title: str,
    chart_id: str,
    unit_suffix: str = "",
    unit_prefix: str = "",
    size: tuple[int, int] = (WIDTH, HEIGHT),
) -> SafeString:
    """An SVG line chart of results against targets over the given periods. The value axis
    counts in round steps, each labelled with its unit ("95%", "£2,500"); a unit that is a
    word ("days") heads the axis once instead."""
    WIDTH, HEIGHT = size  # noqa: N806 - the module's constants, for this drawing
    summary = describe(title, points, unit_suffix)
    figures = [v for p in points for v in (p.result, p.target) if v is not None]
    low, high = (min(figures), max(figures)) if figures else (Decimal(0), Decimal(1))
    ticks = axis_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    short_unit = unit_suffix if unit_suffix in ("", "%") else ""
    labels = [axis_label(value, unit_prefix, short_unit) for value in ticks]
    # Room for the longest tick label (about 7 units a character at 12 units high).
    LEFT = max(LEFT_MIN, 12 + 7 * max(len(label) for label in labels))  # noqa: N806
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(v: Decimal) -> float:
        return TOP + plot_h - float((v - low) / (high - low)) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{escape(chart_id)}-title '
        f'{escape(chart_id)}-desc" aria-label="{escape(summary)}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(summary)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for value, label in zip(ticks, labels, strict=True):
        ty = y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" '
            f'font-family="Arial, sans-serif" fill="#0b0c0c">{escape(label)}</text>'
        )
    if unit_suffix and not short_unit:
        parts.append(
            f'<text x="{LEFT - 6}" y="{TOP - 4}" text-anchor="end" font-size="12" '
            f'font-family="Arial, sans-serif" fill="#0b0c0c">{escape(unit_suffix.strip())}</text>'
        )
    most_labels = max(1, plot_w // LABEL_ROOM)
    label_every = max(1, -(-len(points) // most_labels))
    for i, point in enumerate(points):
        if i % label_every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'font-size="12" font-family="Arial, sans-serif" fill="#0b0c0c">'
                f"{escape(point.label)}</text>"
            )
    parts += _series(points, "target", x, y, TARGET_COLOUR, dashed=True)
    parts += _series(points, "result", x, y, RESULT_COLOUR, dashed=False)
    legend_y = HEIGHT - 18
    parts.append(
        f'<line x1="{LEFT}" y1="{legend_y}" x2="{LEFT + 30}" y2="{legend_y}" '
        f'stroke="{RESULT_COLOUR}" stroke-width="3"/>'
        f'<circle cx="{LEFT + 15}" cy="{legend_y}" r="4" fill="{RESULT_COLOUR}"/>'
        f'<text x="{LEFT + 38}" y="{legend_y + 4}" font-size="13" '
        'font-family="Arial, sans-serif" fill="#0b0c0c">Result</text>'
        f'<line x1="{LEFT + 110}" y1="{legend_y}" x2="{LEFT + 140}" y2="{legend_y}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<rect x="{LEFT + 121}" y="{legend_y - 4}" width="8" height="8" fill="{TARGET_COLOUR}"/>'
        f'<text x="{LEFT + 148}" y="{legend_y + 4}" font-size="13" '
        'font-family="Arial, sans-serif" fill="#0b0c0c">Target</text>'
    )
    if provisional_labels(points):
        parts.append(
            f'<circle cx="{LEFT + 205}" cy="{legend_y}" r="4.5" {HOLLOW}/>'
            f'<text x="{LEFT + 215}" y="{legend_y + 4}" font-size="13" '
            'font-family="Arial, sans-serif" fill="#0b0c0c">Provisional</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))  # noqa: S308


def data_uri(svg: str) -> str:
    """An SVG drawing as a data: URI, for an <img> that carries its own alt text."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _series(points, attr, x, y, colour, *, dashed) -> list[str]:
    """A line through consecutive points that have a value, with a marker on each (drawn
    over the line, so that a hollow one stays hollow)."""
    out, markers = [], []
    run: list[str] = []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    width = 2 if dashed else 3

    def flush():
        if len(run) > 1:
            out.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dash}/>'
            )
        run.clear()

    for i, point in enumerate(points):
        value = getattr(point, attr)
        if value is None:
            flush()
            continue
        px, py = x(i), y(value)
        run.append(f"{px:.1f},{py:.1f}")
        if dashed:
            markers.append(
                f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{colour}"/>'
            )
        elif point.provisional:
            markers.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" {HOLLOW}/>')
        else:
            markers.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{colour}"/>')
    flush()
    return out + markers
