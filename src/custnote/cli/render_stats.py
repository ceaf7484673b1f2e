"""Showing statistics in the terminal: rich tables with bar charts drawn in block characters."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from custnote.cli.render import console, escape
from custnote.core.stats.team_stats import Activity, Stats
from custnote.i18n import N_, _

_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 24
MAX_ROWS = 12
MONTHS_SHOWN = 6
_LEFT = frozenset({"by kind", "month"})


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``value / top`` of ``width`` cells, in eighths of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / top))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], note: str = ""):
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", header_style="bold")
    for i, column in enumerate(columns):
        if column == "":  # a bar: never wrapped, cut when the terminal is narrow
            table.add_column(column, no_wrap=True, overflow="crop")
        else:
            table.add_column(column, justify="left" if i == 0 or column in _LEFT else "right")
    for row in rows:
        table.add_row(*row)
    if note:
        table.caption = note
    return table


def _counts_table(name: str, counts: dict[str, int]):
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ordered[0][1] if ordered else 0
    rows = [
        [escape(key), f"{count:,}", f"[cyan]{bar(count, top, 16)}[/]"]
        for key, count in ordered[:MAX_ROWS]
    ]
    more = (
        _("… {value} more (--json)").format(value=len(ordered) - MAX_ROWS)
        if len(ordered) > MAX_ROWS
        else ""
    )
    title = _("Customers by {name}").format(name=name)
    return _table(title, [name, _("customers"), ""], rows, more)


def _activity_row(activity: Activity, top: Decimal, *, kinds: bool) -> list[str]:
    """contacts, [by kind,] call minutes, visits, sales and a sales bar."""
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(activity.contacts.items()))
    return [
        f"{sum(activity.contacts.values()):,}",
        *([escape(by_kind)] if kinds else []),
        f"{activity.call_minutes:,}",
        f"{activity.visits:,}",
        f"{activity.sales:,}",
        f"[green]{bar(float(activity.sales), float(top), 12)}[/]",
    ]


_ACTIVITY_COLUMNS = [N_("contacts"), N_("call min"), N_("visits"), N_("sales"), ""]


def show_stats(stats: Stats) -> None:
    """Every section of the statistics, as tables."""
    from rich.columns import Columns

    out = console()
    q = stats.query
    period = f"{q.since or '…'} – {q.until or '…'}"
    out.print(
        _("[bold]{customers:,} customers[/] · activity {period}").format(
            customers=stats.customers, period=period
        )
    )
    out.print(Columns([_counts_table(n, c) for n, c in stats.counts.items()], padding=(0, 2)))
    totals = stats.totals()
    top = max((t.sales for t in totals.values()), default=Decimal(0))
    rows = [[escape(key), *_activity_row(t, top, kinds=True)] for key, t in sorted(totals.items())]
    heads = [_(c) if c else c for c in _ACTIVITY_COLUMNS]
    columns = [q.by, heads[0], _("by kind"), *heads[1:]]
    out.print(_table(_("Activity per {by}").format(by=q.by), columns, rows))
    _show_months(stats)
    _show_top(stats)
    _show_regulars(stats)


def _show_months(stats: Stats) -> None:
    months = stats.months()[-MONTHS_SHOWN:]
    if not months:
        return
    cells = [
        (key, month, per_month[month])
        for key, per_month in sorted(stats.activity.items())
        for month in months
        if month in per_month
    ]
    top = max((a.sales for _, _, a in cells), default=Decimal(0))
    rows = [[escape(key), month, *_activity_row(a, top, kinds=False)] for key, month, a in cells]
    older = len(stats.months()) - len(months)
    note = _("{older} older months: --json, --csv or --html").format(older=older) if older else ""
    by = stats.query.by
    out = console()
    heads = [by, _("month"), *(_(c) if c else c for c in _ACTIVITY_COLUMNS)]
    title = _("Activity per {by} and month").format(by=by)
    out.print(_table(title, heads, rows, note))


def _show_top(stats: Stats) -> None:
    out = console()
    for title, ranked in (
        (_("Top customers by sales"), stats.top_sales),
        (_("Top customers by visits"), stats.top_visits),
    ):
        if not ranked:
            continue
        top = float(ranked[0].value)
        rows = [
            [escape(r.name), f"{r.value:,}", f"[yellow]{bar(float(r.value), top, 20)}[/]"]
            for r in ranked
        ]
        out.print(_table(title, ["customer", title.split()[-1], ""], rows))


def _show_regulars(stats: Stats) -> None:
    q = stats.query
    out = console()
    rate = (
        f" ({100 * stats.regular_count / stats.new_customers:.0f}%)" if stats.new_customers else ""
    )
    out.print(
        _(
            "[bold]{new_customers:,} new customers[/], {value:,} became "
            "regulars{rate} [dim]({regular_contacts}+ contacts within {regular_days} "
            "days)[/]"
        ).format(
            new_customers=stats.new_customers,
            value=stats.regular_count,
            rate=rate,
            regular_contacts=q.regular_contacts,
            regular_days=q.regular_days,
        )
    )
    for r in stats.regulars[:MAX_ROWS]:
        owner = f" [dim]({escape(r.owner)})[/]" if r.owner else ""
        out.print(f"  {r.start.isoformat()}  {escape(r.name)}{owner}  {r.contacts} contacts")
    if stats.regular_count > MAX_ROWS:
        out.print(
            _("  [dim]… {value} more (--json)[/]").format(value=stats.regular_count - MAX_ROWS)
        )
