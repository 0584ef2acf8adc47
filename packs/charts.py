"""
The pack summary's bar chart of indicator ratings, drawn on the server as SVG.

The chart is a table a committee reads row by row: the group's name (a directorate or a
corporate priority), its bar and, beside the bar, the counts in words ("5 on target, 2 near
target, 1 off target"). Each bar is a small SVG image drawn to one scale, and the table
ends with the axis drawn to the same scale (round steps: 0, 2, 4 ... indicators), so the
bars line up with it in print. Colour never carries the meaning alone: the words beside
each bar say it, and each bar's text alternative says it again.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from kpis.charts import axis_label, data_uri
from kpis.models import Rating

# Drawing units of a bar and of the axis; both print at the same width (packs CSS).
WIDTH = 400
BAR_HEIGHT = 22
AXIS_HEIGHT = 44
PAD = 8  # room at each end for the first and last tick label
# The ratings a bar shows, in order, with their colours (GOV.UK green, orange and red).
BAR_RATINGS = [
    (Rating.GREEN, "#00703c"),
    (Rating.AMBER, "#f47738"),
    (Rating.RED, "#d4351c"),
]
UNIT = "indicators"


@dataclass(frozen=True)
class Bar:
    """One group's row: its name, the counts in words and the bar as an image."""

    name: str
    words: str
    src: str
    alt: str


@dataclass(frozen=True)
class BarChart:
    """A titled chart: its rows and the axis beneath them, both drawn to one scale."""

    title: str
    group_label: str  # what a row is: "Directorate", "Corporate priority"
    bars: list[Bar]
    axis_src: str
    axis_alt: str


def in_words(counts: dict[str, int]) -> str:
    """'5 on target, 2 near target, 1 off target': every rating the bar draws, even 0."""
    return ", ".join(
        f"{counts.get(rating, 0)} {Rating(rating).label.lower()}" for rating, _ in BAR_RATINGS
    )


def scale(groups: list[tuple[str, dict[str, int]]], most: int = 5) -> list[Decimal]:
    """Ticks from 0 to at or above the longest bar in round steps of whole indicators
    (1, 2, 5, 10, 20, 25, 50 ...), at most `most` steps."""
    longest = max(
        (sum(counts.get(rating, 0) for rating, _ in BAR_RATINGS) for _, counts in groups),
        default=0,
    )
    longest = max(longest, 1)
    step = next(step for step in _round_steps() if -(-longest // step) <= most)
    return [Decimal(step * index) for index in range(-(-longest // step) + 1)]


def _round_steps():
    """1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500 ... (whole numbers of indicators)."""
    yield from (1, 2, 5)
    power = 10
    while True:
        yield from (power, 2 * power, power * 5 // 2, 5 * power)
        power *= 10


def _x(value: Decimal | int, top: Decimal) -> float:
    return PAD + float(Decimal(value) / top) * (WIDTH - 2 * PAD)


def bar_svg(counts: dict[str, int], top: Decimal, ticks: list[Decimal]) -> str:
    """One group's stacked bar: on, near and off target, left to right."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {BAR_HEIGHT}" '
        f'width="{WIDTH}" height="{BAR_HEIGHT}">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{BAR_HEIGHT}" fill="#ffffff"/>',
    ]
    for tick in ticks:
        x = _x(tick, top)
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{BAR_HEIGHT}" stroke="#b1b4b6" '
            'stroke-width="1"/>'
        )
    start = 0
    for rating, colour in BAR_RATINGS:
        count = counts.get(rating, 0)
        if not count:
            continue
        x, end = _x(start, top), _x(start + count, top)
        parts.append(
            f'<rect x="{x:.1f}" y="3" width="{end - x:.1f}" height="{BAR_HEIGHT - 6}" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
        )
        start += count
    parts.append("</svg>")
    return "".join(parts)


def axis_svg(top: Decimal, ticks: list[Decimal]) -> str:
    """The axis under the bars: a tick and a label at each round step, and the unit."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {AXIS_HEIGHT}" '
        f'width="{WIDTH}" height="{AXIS_HEIGHT}">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{AXIS_HEIGHT}" fill="#ffffff"/>',
        f'<line x1="{PAD}" y1="1" x2="{WIDTH - PAD}" y2="1" stroke="#0b0c0c" stroke-width="1.5"/>',
    ]
    for tick in ticks:
        x = _x(tick, top)
        parts.append(
            f'<line x1="{x:.1f}" y1="1" x2="{x:.1f}" y2="7" stroke="#0b0c0c" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="20" text-anchor="middle" font-size="12" '
            f'font-family="Arial, sans-serif" fill="#0b0c0c">{escape(axis_label(tick))}</text>'
        )
    parts.append(
        f'<text x="{WIDTH / 2:.1f}" y="38" text-anchor="middle" font-size="12" '
        f'font-family="Arial, sans-serif" fill="#0b0c0c">Number of {UNIT}</text></svg>'
    )
    return "".join(parts)


def rating_chart(
    title: str, group_label: str, groups: list[tuple[str, dict[str, int]]]
) -> BarChart:
    """A bar per group (name, counts by rating) with its counts in words, to one scale."""
    ticks = scale(groups)
    top = ticks[-1]
    bars = []
    for name, counts in groups:
        words = in_words(counts)
        bars.append(
            Bar(
                name=name,
                words=words,
                src=data_uri(bar_svg(counts, top, ticks)),
                alt=f"{name}: {words}.",
            )
        )
    labels = ", ".join(axis_label(tick) for tick in ticks)
    return BarChart(
        title=title,
        group_label=group_label,
        bars=bars,
        axis_src=data_uri(axis_svg(top, ticks)),
        axis_alt=f"Scale: {labels} {UNIT}.",
    )
