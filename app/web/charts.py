"""Charts drawn on the server as SVG markup: no script, no CDN, readable when printed.

Every text that goes into a chart (option labels from the survey YAML, group names, answers) is
escaped here, so callers pass plain strings. Charts are lean on purpose (a page holds one per
question): integer coordinates, CSS classes instead of presentation attributes, and the numbers in
the chart's <desc> for screen readers. Right-to-left pages get the chart mirrored (labels on the
right, bars growing leftwards), so the labels read naturally.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
LABEL_EDGE = 290  # labels end here; bars start just after
BAR_START = 300
BAR_SPAN = 330  # the longest bar; its value is written after it
LINE = 16  # one line of text
BAR_H = 13
WRAP_UNITS = 40  # a label's line, in "narrow character" units (a CJK character counts two)
SHADES = 6  # classes s0..s5 in app.css


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # the bar's own label (a group, a column); "" when its block has a single bar
    fraction: float  # of the scale, 0 to 1
    value: str  # written after the bar, e.g. "45% (19)"
    shade: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    """An option (or a matrix row) and its bars: one, or one per group."""

    label: str
    bars: Sequence[Bar]


@dataclass(frozen=True, slots=True)
class Box:
    label: str
    low: float
    q1: float
    median: float
    q3: float
    high: float


def wrap(text: str, units: int = WRAP_UNITS, max_lines: int = 4) -> list[str]:
    """Lines of at most `units` narrow characters, broken at spaces (anywhere in scripts without them)."""
    pieces: list[str] = []
    for word in text.split():
        while _units(word) > units:  # a word (or a CJK phrase) longer than a line: cut it
            cut = _cut(word, units)
            pieces.append(cut)
            word = word[len(cut) :]
        pieces.append(word)
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and _units(current) + 1 + _units(piece) > units:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + "…"]
    return lines or [""]


def _units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(word: str, room: int) -> str:
    """The longest start of `word` that fits in `room` units (at least one character)."""
    taken, used = 0, 0
    for ch in word:
        used += _units(ch)
        if used > room:
            break
        taken += 1
    return word[: max(taken, 1)]


class _Canvas:
    """Collects elements; mirrors x for right-to-left pages."""

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl
        self.parts: list[str] = []

    def x(self, x: float) -> int:
        return round(WIDTH - x if self.rtl else x)

    def rect(self, x: float, y: float, w: float, h: float, cls: str) -> None:
        w = max(w, 0)
        left = WIDTH - x - w if self.rtl else x
        self.parts.append(
            f'<rect class="{cls}" x="{round(left)}" y="{round(y)}" width="{round(w)}" height="{round(h)}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.parts.append(
            f'<line class="{cls}" x1="{self.x(x1)}" y1="{round(y1)}" x2="{self.x(x2)}" y2="{round(y2)}"/>'
        )

    def text(self, x: float, y: float, lines: Sequence[str], anchor: str = "start", cls: str = "") -> None:
        """`anchor` is "start" or "end" in the reading direction (the svg carries `direction`)."""
        attrs = f' class="{cls}"' if cls else ""
        attrs += ' text-anchor="end"' if anchor == "end" else ""
        if len(lines) == 1:
            self.parts.append(f'<text x="{self.x(x)}" y="{round(y)}"{attrs}>{escape(lines[0])}</text>')
            return
        spans = "".join(
            f'<tspan x="{self.x(x)}" dy="{0 if i == 0 else LINE}">{escape(t)}</tspan>' for i, t in enumerate(lines)
        )
        self.parts.append(f'<text y="{round(y)}"{attrs}>{spans}</text>')

    def svg(self, ident: str, height: float, title: str, desc: str) -> Markup:
        direction = "rtl" if self.rtl else "ltr"
        head = (
            f'<svg class="chart" id="{escape(ident)}" viewBox="0 0 {WIDTH} {round(height)}" role="img" '
            f'aria-labelledby="{escape(ident)}-t {escape(ident)}-d" direction="{direction}">'
            f'<title id="{escape(ident)}-t">{escape(title)}</title><desc id="{escape(ident)}-d">{escape(desc)}</desc>'
        )
        return Markup(head + "".join(self.parts) + "</svg>")


def bar_chart(ident: str, blocks: Sequence[Block], title: str, desc: str, rtl: bool = False) -> Markup:
    """Horizontal bars. A block with one unlabelled bar puts its label beside the bar; a block of
    several bars (one per group) writes its label above them and each group's name beside its bar."""
    c = _Canvas(rtl)
    y = 4.0
    any_grouped = False
    for block in blocks:
        grouped = len(block.bars) > 1 or any(b.label for b in block.bars)
        any_grouped = any_grouped or grouped
        if grouped:
            lines = wrap(block.label, units=WRAP_UNITS * 2)
            c.text(0, y + 12, lines, cls="head")
            y += LINE * len(lines) + 2
            for bar in block.bars:
                _bar(c, y, bar, wrap(bar.label, max_lines=1))
                y += LINE + 2
            y += 6
        else:
            lines = wrap(block.label)
            _bar(c, y, block.bars[0], lines)
            y += max(LINE * len(lines), LINE + 2) + 4
    if not any_grouped:  # (grouped blocks write their label across the axis: no axis there)
        c.line(BAR_START, 0, BAR_START, y, "axis")
    return c.svg(ident, y + 2, title, desc)


def _bar(c: _Canvas, y: float, bar: Bar, label: list[str]) -> None:
    c.text(LABEL_EDGE, y + 11, label, anchor="end")
    width = BAR_SPAN * min(max(bar.fraction, 0.0), 1.0)
    c.rect(BAR_START, y, width, BAR_H, f"s{bar.shade % SHADES}")
    c.text(BAR_START + width + 5, y + 11, [bar.value], cls="value")


@dataclass(frozen=True, slots=True)
class Stack:
    """One stacked bar: counts per segment, drawn as fractions of `scale` (a base, or the largest total)."""

    label: str
    counts: Sequence[int]
    scale: int
    value: str


def stacked_chart(
    ident: str, stacks: Sequence[Stack], segments: Sequence[str], title: str, desc: str, rtl: bool = False
) -> Markup:
    """One bar per row, cut into segments (e.g. responded / in progress / not started, or the columns
    of a matrix); a legend on top, and the counts inside the segments wide enough to hold them."""
    c = _Canvas(rtl)
    x, y = 0.0, 4.0
    for i, name in enumerate(segments):  # the legend, on as many lines as it needs
        width = 17 + 7.5 * _units(name) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE + 2
        c.rect(x, y, 12, 12, f"s{i % SHADES}")
        c.text(x + 17, y + 10, [name])
        x += width
    y += 24
    for stack in stacks:
        lines = wrap(stack.label)
        c.text(LABEL_EDGE, y + 12, lines, anchor="end")
        x = BAR_START
        for i, count in enumerate(stack.counts):
            width = BAR_SPAN * count / (stack.scale or 1)
            c.rect(x, y, width, BAR_H + 3, f"s{i % SHADES}")
            if count and width >= 8 * len(str(count)) + 4:
                c.text(x + width / 2, y + 12, [str(count)], cls=f"in in{i % SHADES}")
            x += width
        c.text(x + 5, y + 12, [stack.value], cls="value")
        y += max(LINE * len(lines), LINE + 4) + 6
    return c.svg(ident, y, title, desc)


def box_plot(ident: str, boxes: Sequence[Box], title: str, desc: str, rtl: bool = False) -> Markup:
    """Minimum, quartiles, median and maximum of each group, on one shared scale."""
    c = _Canvas(rtl)
    low = min((b.low for b in boxes), default=0.0)
    high = max((b.high for b in boxes), default=1.0)
    span = (high - low) or 1.0

    def at(v: float) -> float:
        return BAR_START + BAR_SPAN * (v - low) / span

    y = 4.0
    for b in boxes:
        c.text(LABEL_EDGE, y + 12, wrap(b.label, max_lines=1), anchor="end")
        c.line(at(b.low), y + 8, at(b.high), y + 8, "whisker")
        c.rect(at(b.q1), y + 1, at(b.q3) - at(b.q1), 14, "box")
        c.line(at(b.median), y, at(b.median), y + 16, "median")
        y += LINE + 8
    c.text(BAR_START, y + 10, [_short(low)], cls="value")
    c.text(BAR_START + BAR_SPAN, y + 10, [_short(high)], anchor="end", cls="value")
    return c.svg(ident, y + 14, title, desc)


def _short(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
