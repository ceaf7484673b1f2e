"""``custnote stats --html FILE``: one self-contained HTML report with SVG bar charts.

The file has no script, no external asset and a Content-Security-Policy that forbids fetching
any, so it opens the same in a browser, in a mail attachment or offline. Charts are drawn here as
inline SVG: horizontal bars for counts and rankings, stacked columns for monthly activity.
Figures are printed exactly (sales as Decimal with thousands separators); only bar lengths are
rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from html import escape

from custnote.core.stats import Stats

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
_CSS = """
body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;
margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ddd;padding-bottom:.3rem}
.meta{color:#666}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));
gap:1rem}figure{margin:0}figcaption{font-weight:600;margin:.5rem 0}
svg{max-width:100%;height:auto}svg text{font-size:12px;fill:#333}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}.empty{color:#888;font-style:italic}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REGULARS_SHOWN = 50
LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, ROW = 130, 220, 90, 24


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length and the exact figure printed beside it."""

    label: str
    value: float
    shown: str


def number(value: Decimal | int) -> str:
    """An exact figure with thousands separators (12000.10 -> 12,000.10)."""
    return f"{value:,}"


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart as an ``<svg>`` element (a note when there is nothing to draw)."""
    if not bars:
        return f'<figure><figcaption>{escape(title)}</figcaption><p class="empty">—</p></figure>'
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
            f"{escape(_short(b.label, 16))}</text>"
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}"'
            f' height="{ROW - 6}" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}">{escape(b.shown)}</text></g>'
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{"".join(rows)}</svg>'
        "</figure>"
    )


def column_chart(
    title: str, columns: Sequence[str], series: dict[str, Sequence[Decimal | int]]
) -> str:
    """Stacked columns (one per ``columns`` label, e.g. a month) with a legend of the series;
    hovering a block shows its exact figure."""
    totals = [float(sum(values[i] for values in series.values())) for i in range(len(columns))]
    if not columns or not any(totals):
        return f'<figure><figcaption>{escape(title)}</figcaption><p class="empty">—</p></figure>'
    plot_h, col_w, left, legend_h = 200, max(18, min(60, 600 // len(columns))), 50, 20
    width = max(left + col_w * len(columns) + 10, left + min(4, len(series)) * 150)
    height = plot_h + 40 + legend_h * ((len(series) + 3) // 4)
    top = max(totals)
    parts = [
        f'<line x1="{left}" y1="{plot_h + 10}" x2="{width - 5}" y2="{plot_h + 10}" stroke="#999"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end">{_axis(top)}</text>',
    ]
    for i, column in enumerate(columns):
        x, base = left + i * col_w + 3, plot_h + 10.0
        for k, (name, values) in enumerate(series.items()):
            h = plot_h * float(values[i]) / top
            if h <= 0:
                continue
            base -= h
            parts.append(
                f'<rect class="bar" x="{x}" y="{base:.1f}" width="{col_w - 6}" height="{h:.1f}"'
                f' fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(column)} · {escape(name)}: '
                f"{number(values[i])}</title></rect>"
            )
        label = column[2:] if len(columns) > 6 else column  # 2026-11 -> 26-11 when crowded
        parts.append(
            f'<text x="{x + (col_w - 6) / 2:.1f}" y="{plot_h + 26}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for k, name in enumerate(series):
        lx, ly = left + (k % 4) * 150, plot_h + 40 + (k // 4) * legend_h
        parts.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" '
            f'fill="{PALETTE[k % len(PALETTE)]}"/><text x="{lx + 16}" y="{ly}">'
            f"{escape(_short(name, 18))}</text>"
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{"".join(parts)}</svg>'
        "</figure>"
    )


def _axis(value: float) -> str:
    """A short axis label: 950, 12k, 3.4M, 1.2B."""
    for threshold, scale, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if value >= threshold:
            return f"{value / scale:,.1f}".removesuffix(".0") + suffix
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _count_bars(counts: dict[str, int], limit: int = 15) -> list[Bar]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [Bar(k, v, number(v)) for k, v in ordered]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return '<p class="empty">—</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_COUNT_TITLES = {
    "status": "Customers by status · ステータス別",
    "owner": "Customers by owner · 担当者別",
    "tag": "Customers by tag · タグ別",
    "region": "Customers by region · 地域別",
}


def render_report(stats: Stats, *, title: str, generated: datetime) -> str:
    """The whole report as one HTML document."""
    q = stats.query
    period = f"{q.since or '…'} – {q.until or '…'}"
    sections = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{stats.customers} customers · period {escape(period)}'
        + (f" · owner {escape(q.owner)}" if q.owner else "")
        + f" · generated {generated:%Y-%m-%d %H:%M}</p>",
        "<h2>Customers · 顧客</h2><div class='grid'>",
        *(
            bar_chart(_COUNT_TITLES.get(name, f"Customers by {name}"), _count_bars(counts))
            for name, counts in stats.counts.items()
        ),
        "</div>",
        _activity_section(stats),
        "<h2>Top customers · 上位顧客</h2><div class='grid'>",
        bar_chart(
            "By sales · 売上",
            [Bar(r.name, float(r.value), number(r.value)) for r in stats.top_sales],
        ),
        bar_chart(
            "By visits · 訪問回数",
            [Bar(r.name, float(r.value), number(r.value)) for r in stats.top_visits],
        ),
        "</div>",
        _regulars_section(stats),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(sections)
        + "</body></html>\n"
    )


def _activity_section(stats: Stats) -> str:
    months = stats.months()
    groups = sorted(stats.activity)
    by = stats.query.by
    contacts = {
        g: [
            sum(stats.activity[g][m].contacts.values()) if m in stats.activity[g] else 0
            for m in months
        ]
        for g in groups
    }
    sales = {
        g: [stats.activity[g][m].sales if m in stats.activity[g] else Decimal(0) for m in months]
        for g in groups
    }
    totals = stats.totals()
    rows = [
        [
            g,
            number(sum(t.contacts.values())),
            ", ".join(f"{k} {v}" for k, v in sorted(t.contacts.items())),
            number(t.call_minutes),
            number(t.visits),
            number(t.sales),
        ]
        for g, t in sorted(totals.items())
    ]
    return "\n".join(
        [
            f"<h2>Activity per {escape(by)} and month · 活動</h2><div class='grid'>",
            column_chart(f"Contacts per month by {by} · 月別接触数", months, contacts),
            column_chart(f"Sales per month by {by} · 月別売上", months, sales),
            "</div>",
            _table([by, "contacts", "by kind", "call minutes", "visits", "sales"], rows),
        ]
    )


def _regulars_section(stats: Stats) -> str:
    rate = f"{len(stats.regulars)} of {stats.new_customers} new customers"
    rows = [
        [r.name, r.owner or "", r.start.isoformat(), number(r.contacts)]
        for r in stats.regulars[:REGULARS_SHOWN]
    ]
    if len(stats.regulars) > REGULARS_SHOWN:
        rows.append([f"… {len(stats.regulars) - REGULARS_SHOWN} more (custnote stats --json)"])
    return (
        f"<h2>New customers who became regulars · 常連化した新規顧客</h2><p>{escape(rate)} "
        f"({stats.query.regular_contacts}+ contacts within {stats.query.regular_days} days)</p>"
        + _table(["customer", "owner", "since", "contacts"], rows)
    )
