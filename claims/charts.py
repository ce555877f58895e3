"""Bar charts as geometry for server-rendered SVG: text in, coordinates
out, no Django. The templates draw the rectangles and labels; every chart
there comes with a table of the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: its value, where it starts and how long it
    is along the bar (in SVG units), and the CSS class that colours it."""

    value: int
    start: float
    length: float
    css: str


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    segments: tuple[Segment, ...]
    # Across the chart: the bar's top (horizontal bars) or left (columns).
    offset: float
    # Where the bar's value is written: just past its end.
    value_at: float
    # The bar's centre line across the chart, where its labels sit.
    middle: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    thickness: int
    # Horizontal bars start after their labels; columns rise from the baseline.
    label_width: int = 0
    baseline: float = 0

    @property
    def label_at(self) -> float:
        """Where labels are written: right-aligned before horizontal bars,
        under the baseline of columns."""
        return self.label_width - 6 if self.label_width else self.baseline + 14


Stack = Sequence[tuple[int, str]]


def _segments(stack: Stack, scale: float, origin: float) -> tuple[tuple[Segment, ...], float]:
    segments, at = [], origin
    for value, css in stack:
        length = value * scale
        if value:
            segments.append(Segment(value, round(at, 1), round(length, 1), css))
        at += length
    return tuple(segments), at


def bars(
    rows: Sequence[tuple[str, Stack]],
    *,
    width: int = 560,
    label_width: int = 200,
    thickness: int = 18,
    gap: int = 8,
    value_room: int = 48,
) -> Chart:
    """Horizontal stacked bars, one per (label, [(value, css), ...]) row,
    top to bottom, scaled so the longest total fills the width left
    after the labels and room for the value."""
    longest = max((sum(v for v, _ in row[1]) for row in rows), default=0)
    room = width - label_width - value_room
    scale = room / longest if longest else 0
    drawn = []
    for i, (label, stack) in enumerate(rows):
        segments, end = _segments(stack, scale, label_width)
        offset = i * (thickness + gap)
        drawn.append(Bar(label=label, total=sum(v for v, _ in stack), segments=segments, offset=offset,
                         value_at=round(end + 4, 1), middle=offset + thickness / 2))
    height = max(len(rows) * (thickness + gap) - gap, thickness)
    return Chart(width=width, height=height, bars=tuple(drawn), thickness=thickness, label_width=label_width)


def columns(
    rows: Sequence[tuple[str, int]],
    *,
    height: int = 160,
    thickness: int = 32,
    gap: int = 10,
    label_room: int = 18,
    value_room: int = 16,
    css: str = "bar",
) -> Chart:
    """Vertical columns, one per (label, value), left to right, on a
    baseline with room for the labels below and the values above."""
    tallest = max((v for _, v in rows), default=0)
    baseline = height - label_room
    scale = (baseline - value_room) / tallest if tallest else 0
    drawn = []
    for i, (label, value) in enumerate(rows):
        length = value * scale
        top = baseline - length
        segments = (Segment(value, round(top, 1), round(length, 1), css),) if value else ()
        offset = i * (thickness + gap)
        drawn.append(Bar(label=label, total=value, segments=segments, offset=offset, value_at=round(top - 4, 1),
                         middle=offset + thickness / 2))
    width = max(len(rows) * (thickness + gap) - gap, thickness)
    return Chart(width=width, height=height, bars=tuple(drawn), thickness=thickness, baseline=baseline)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    # Cut back to the last whole word, unless the cut falls between words.
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"
