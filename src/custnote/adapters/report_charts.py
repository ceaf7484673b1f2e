"""The report's charts as inline SVG: horizontal bars for counts and rankings, stacked monthly
columns with a value axis, value labels and a legend.

Figures are printed exactly (``number``); only bar lengths are rounded. One month far above the
others (a year's contract signed in March) would flatten every other month to a sliver, so the
column chart's axis stops at a scale that fits the rest and that month is drawn broken, its
figure printed above it (:func:`value_axis`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, ROW = 130, 220, 90, 24
#: a column this many times the next highest is an outlier the axis does not stretch to
OUTLIER_RATIO = 2.5


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length and the exact figure printed beside it."""

    label: str
    value: float
    shown: str


def number(value: Decimal | int) -> str:
    """An exact figure with thousands separators (12000.10 -> 12,000.10)."""
    return f"{value:,}"


def short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def axis_label(value: float) -> str:
    """A short axis label: 950, 12k, 3.4M, 1.2B."""
    for threshold, scale, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if value >= threshold:
            return f"{value / scale:,.1f}".removesuffix(".0") + suffix
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _figure(title: str, width: float, height: float, body: str) -> str:
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{body}</svg>'
        "</figure>"
    )


def _empty(title: str) -> str:
    return f'<figure><figcaption>{escape(title)}</figcaption><p class="empty">—</p></figure>'


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart as an ``<svg>`` element (a note when there is nothing to draw)."""
    if not bars:
        return _empty(title)
    top = max(b.value for b in bars) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW * len(bars) + 8
    rows = []
    for i, b in enumerate(bars):
        y = 4 + i * ROW
        length = max(1.0, BAR_WIDTH * b.value / top) if b.value > 0 else 0
        rows.append(
            f"<g><title>{escape(b.label)}: {escape(b.shown)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end">'
            f"{escape(short(b.label, 16))}</text>"
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}"'
            f' height="{ROW - 6}" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}">{escape(b.shown)}</text></g>'
        )
    return _figure(title, width, height, "".join(rows))


def nice_step(span: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def value_axis(totals: Sequence[float]) -> tuple[float, float]:
    """(axis top, tick step) for columns of these totals. The axis covers every column but an
    outlier: the highest total when it is :data:`OUTLIER_RATIO` times the next one."""
    ordered = sorted((t for t in totals if t > 0), reverse=True)
    if not ordered:
        return 1.0, 1.0
    fit = ordered[0]
    if len(ordered) > 2 and ordered[0] > OUTLIER_RATIO * ordered[1]:
        fit = ordered[1] * 1.15
    step = nice_step(fit)
    return step * math.ceil(fit / step), step


def column_chart(
    title: str, columns: Sequence[str], series: dict[str, Sequence[Decimal | int]]
) -> str:
    """Stacked columns (one per ``columns`` label, e.g. a month), a value axis with grid lines,
    each column's total printed above it, and a legend; hovering a block shows its figure."""
    totals = [float(sum(values[i] for values in series.values())) for i in range(len(columns))]
    if not columns or not any(totals):
        return _empty(title)
    plot_h, top_pad, left, legend_h = 200, 22, 54, 20
    col_w = max(16, min(60, 860 // len(columns)))
    every = 1 if col_w >= 32 else 2 if col_w >= 16 else 3  # label every n-th column
    width = max(left + col_w * len(columns) + 10, left + min(4, len(series)) * 150)
    base_y = top_pad + plot_h
    height = base_y + 34 + legend_h * ((len(series) + 3) // 4)
    top, step = value_axis(totals)
    parts = []
    tick = 0.0
    while tick <= top + step / 2:
        y = base_y - plot_h * tick / top
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" '
            f'stroke="{"#999" if tick == 0 else "#e4e4e4"}"/>'
            f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{axis_label(tick)}</text>"
        )
        tick += step
    for i, column in enumerate(columns):
        x, y = left + i * col_w + 3, float(base_y)
        broken = totals[i] > top
        for k, (name, values) in enumerate(series.items()):
            h = plot_h * float(values[i]) / (totals[i] if broken else top)
            if h <= 0:
                continue
            y -= h
            parts.append(
                f'<rect class="bar" x="{x}" y="{y:.1f}" width="{col_w - 6}" height="{h:.1f}"'
                f' fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(column)} · {escape(name)}: '
                f"{number(values[i])}</title></rect>"
            )
        if broken:  # a white zigzag across the column says "the scale is cut here"
            zy = top_pad + 18
            parts.append(
                f'<path class="break" d="M{x - 1},{zy} l{(col_w - 4) / 4:.1f},-5 '
                f'l{(col_w - 4) / 2:.1f},10 l{(col_w - 4) / 4:.1f},-5" '
                'stroke="#fff" stroke-width="3" fill="none"/>'
            )
        total = sum((values[i] for values in series.values()), start=0)
        show_value = totals[i] > 0 and (col_w >= 30 or broken)
        parts.append(
            f'<text class="value" x="{x + (col_w - 6) / 2:.1f}" y="{y - 4:.1f}" '
            f'text-anchor="middle">{"↑" if broken else ""}{axis_label(totals[i])}'
            f"<title>{escape(column)}: {number(total)}</title></text>"
            if show_value
            else ""
        )
        label = column[2:] if len(columns) > 6 else column  # 2026-11 -> 26-11 when crowded
        parts.append(
            f'<text x="{x + (col_w - 6) / 2:.1f}" y="{base_y + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
            if i % every == 0
            else ""
        )
    for k, name in enumerate(series):
        lx, ly = left + (k % 4) * 150, base_y + 38 + (k // 4) * legend_h
        parts.append(
            f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" '
            f'fill="{PALETTE[k % len(PALETTE)]}"/><text class="legend" x="{lx + 19}" y="{ly}">'
            f"{escape(short(name, 18))}</text>"
        )
    return _figure(title, width, height, "".join(parts))
