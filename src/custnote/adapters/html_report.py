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
from custnote.i18n import N_, _, language, ngettext

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


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return '<p class="empty">—</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_COUNT_TITLES = {
    "status": N_("Customers by status"),
    "owner": N_("Customers by owner"),
    "tag": N_("Customers by tag"),
    "region": N_("Customers by region"),
}
#: the words for what activity is grouped by (``stats --by``)
_GROUPS = {"owner": N_("owner"), "status": N_("status"), "tag": N_("tag"), "region": N_("region")}


def _group(by: str) -> str:
    return _(_GROUPS[by]) if by in _GROUPS else by


def _count_title(name: str) -> str:
    if name in _COUNT_TITLES:
        return _(_COUNT_TITLES[name])
    return _("Customers by {field}").format(field=name)


def render_report(stats: Stats, *, title: str, generated: datetime) -> str:
    """The whole report as one HTML document."""
    q = stats.query
    period = f"{q.since or '…'} – {q.until or '…'}"
    meta = [
        ngettext("{count} customer", "{count} customers", stats.customers).format(
            count=number(stats.customers)
        ),
        _("period {period}").format(period=period),
        *([_("owner {owner}").format(owner=q.owner)] if q.owner else []),
        _("generated {when}").format(when=f"{generated:%Y-%m-%d %H:%M}"),
    ]
    sections = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(" · ".join(meta))}</p>',
        _h2(_("Customers")) + "<div class='grid'>",
        *(
            bar_chart(_count_title(name), _count_bars(counts))
            for name, counts in stats.counts.items()
        ),
        "</div>",
        _map_section(stats),
        _activity_section(stats),
        _h2(_("Top customers")) + "<div class='grid'>",
        bar_chart(
            _("By sales"),
            [Bar(r.name, float(r.value), number(r.value)) for r in stats.top_sales],
        ),
        bar_chart(
            _("By visits"),
            [Bar(r.name, float(r.value), number(r.value)) for r in stats.top_visits],
        ),
        "</div>",
        _regulars_section(stats),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
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
    title = _("Customers by prefecture")
    counts = stats.counts["region"]
    ranked = [Bar(name, count, number(count)) for name, count in top_prefectures(counts)]
    return (
        _h2(_("Where customers are"))
        + "<div class='grid'>"
        + prefecture_map(title, counts, NONE_KEY)
        + bar_chart(_("Top prefectures"), ranked)
        + "</div>"
    )


def _activity_section(stats: Stats) -> str:
    months = stats.months()
    groups = sorted(stats.activity)
    by = _group(stats.query.by)
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
            _h2(_("Activity per {group} and month").format(group=by)),
            column_chart(_("Contacts per month by {group}").format(group=by), months, contacts),
            column_chart(_("Sales per month by {group}").format(group=by), months, sales),
            _table(
                [by, _("contacts"), _("by kind"), _("call minutes"), _("visits"), _("sales")], rows
            ),
        ]
    )


def _regulars_section(stats: Stats) -> str:
    rate = ngettext(
        "{count} of {total} new customer", "{count} of {total} new customers", stats.new_customers
    ).format(count=stats.regular_count, total=stats.new_customers)
    rule = ngettext(
        "({contacts}+ contacts within {days} day)",
        "({contacts}+ contacts within {days} days)",
        stats.query.regular_days,
    ).format(contacts=stats.query.regular_contacts, days=stats.query.regular_days)
    rows = [
        [r.name, r.owner or "", r.start.isoformat(), number(r.contacts)]
        for r in stats.regulars[:REGULARS_SHOWN]
    ]
    if stats.regular_count > REGULARS_SHOWN:
        more = stats.regular_count - REGULARS_SHOWN
        rows.append([_("… {count} more (custnote stats --json)").format(count=more)])
    return (
        _h2(_("New customers who became regulars"))
        + f"<p>{escape(rate)} {escape(rule)}</p>"
        + _table([_("customer"), _("owner"), _("since"), _("contacts")], rows)
    )
