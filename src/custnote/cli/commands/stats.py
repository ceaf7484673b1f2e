"""``custnote stats``: the team's customers and work, as tables with bars, JSON, CSV or HTML."""

from __future__ import annotations

from pathlib import Path

import typer

from custnote.cli import completion, context, render
from custnote.errors import InvalidValueError
from custnote.i18n import _


def stats(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="Count activity from this date."),
    until: str | None = typer.Option(None, "--until", help="Count activity up to this date."),
    by: str = typer.Option(
        "owner",
        "--by",
        help="Group activity by owner (default), author, status, tag, region or any field.",
    ),
    owner: str | None = typer.Option(
        None,
        "--owner",
        "-o",
        help="Only customers of this owner (担当); 'me' is you.",
        autocompletion=completion.complete_owner,
    ),
    top: int = typer.Option(10, "--top", min=1, help="How many top customers to show."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_: bool = typer.Option(
        False, "--csv", help="Print CSV rows (section,group,month,metric,value)."
    ),
    html: Path | None = typer.Option(
        None, "--html", dir_okay=False, help="Write a self-contained HTML report with charts."
    ),
) -> None:
    """Customers by status, owner, tag and region; contacts, call minutes, visits and sales."""
    from custnote.core.agenda.notebook_agenda import owner_key
    from custnote.core.note.dates import parse_date
    from custnote.core.stats.notebook_stats import stats_for
    from custnote.core.stats.team_stats import StatsQuery, stats_rows

    if json_ or csv_:  # every regular, listed
        regulars = None
    elif html is not None:
        from custnote.adapters.html_report import REGULARS_SHOWN as regulars
    else:
        from custnote.cli.render_stats import MAX_ROWS as regulars

    if json_ and csv_:
        raise InvalidValueError("--json/--csv", "both", _("choose one output format"))
    nb = context.notebook(ctx)
    query = StatsQuery(
        since=parse_date(since, "--since") if since else None,
        until=parse_date(until, "--until") if until else None,
        owner=owner_key(nb, owner),
        by=by,
        top=top,
        regulars=regulars,
    )
    if query.since and query.until and query.since > query.until:
        raise InvalidValueError("--since", since, _("is after --until"))
    result, warnings = stats_for(nb, query)
    for warning in warnings:
        render.warn(warning)
    if html is not None:
        from custnote.adapters.html_report import write_report

        write_report(html, result, title=f"custnote · {nb.root.name}")
    if json_:
        render.print_json(result.to_json())
    elif csv_:
        import csv
        import sys

        csv.writer(sys.stdout, lineterminator="\n").writerows(
            [("section", "group", "month", "metric", "value"), *stats_rows(result)]
        )
    elif html is not None:
        render.info(_("Wrote the report to {value}").format(value=render.escape(str(html))))
    else:
        from custnote.cli.render_stats import show_stats

        show_stats(result)


def register(app: typer.Typer) -> None:
    app.command()(stats)
