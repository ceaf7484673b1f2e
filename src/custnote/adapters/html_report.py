"""One self-contained HTML report with SVG charts and a map (``custnote stats --html FILE``, or
:func:`write_report` from the library).

The file has no script, no external asset and a Content-Security-Policy that forbids fetching
any, so it opens the same in a browser, in a mail attachment or offline. The charts
(:mod:`custnote.adapters.report_charts`) and the map of customers by prefecture
(:mod:`custnote.adapters.report_map`) are inline SVG. Figures are printed exactly (sales as
Decimal with thousands separators); only bar lengths are rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from html import escape
from pathlib import Path

from custnote.adapters.report_charts import Bar, bar_chart, column_chart, number
from custnote.adapters.report_map import prefecture_map, top_prefectures
from custnote.core.stats.team_stats import NONE_KEY, Stats

_CSS = """
body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;
margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ddd;padding-bottom:.3rem}
.meta{color:#666}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));
gap:1rem}figure{margin:0}figcaption{font-weight:600;margin:.5rem 0}
svg{max-width:100%;height:auto}svg text{font-size:12px;fill:#333}
svg text.value{font-size:11px;font-weight:600}svg text.legend{font-size:13px}
svg path.pref:hover{stroke:#222;stroke-width:1.2}
.swatch{display:inline-block;width:12px;height:12px;margin:0 3px 0 8px;vertical-align:-1px;
border:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}.empty{color:#888;font-style:italic}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REGULARS_SHOWN = 50


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
        _map_section(stats),
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


def write_report(
    path: Path, stats: Stats, *, title: str, generated: datetime | None = None
) -> None:
    """Write the report to ``path`` (atomically); ``generated`` defaults to the clock's now."""
    from custnote.adapters.fsio import atomic_write
    from custnote.core import clock

    atomic_write(path, render_report(stats, title=title, generated=generated or clock.now()))


def _map_section(stats: Stats) -> str:
    if "region" not in stats.counts:
        return ""
    title = "Customers by prefecture · 都道府県別の顧客"
    counts = stats.counts["region"]
    ranked = [Bar(name, count, number(count)) for name, count in top_prefectures(counts)]
    return (
        "<h2>Where customers are · 所在地</h2><div class='grid'>"
        + prefecture_map(title, counts, NONE_KEY)
        + bar_chart("Top prefectures · 上位の都道府県", ranked)
        + "</div>"
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
            f"<h2>Activity per {escape(by)} and month · 活動</h2>",
            column_chart(f"Contacts per month by {by} · 月別接触数", months, contacts),
            column_chart(f"Sales per month by {by} · 月別売上", months, sales),
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
