"""``custnote agenda`` (what needs attention) and ``custnote done`` (close follow-ups)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from custnote import i18n
from custnote.cli import completion, context, render
from custnote.core import clock
from custnote.i18n import _, ngettext

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

# The core modules are imported inside the commands, so that ``custnote --help`` stays fast.

#: reminders shown per group unless --all
GROUP_LIMIT = 25


def _say_who_me_is(nb: Notebook) -> None:
    """``--owner me`` with nobody configured means the login name: say so, and how to set it."""
    name, source = nb.author_source()
    if source == "login":
        from custnote.core.notebook.config import UserConfig

        render.warn(
            _(
                "--owner me: no author is set, so 'me' is the login name {name!r}; set "
                "CUSTNOTE_AUTHOR or 'author:' in {value} to your name as owner (担当)"
            ).format(name=name, value=UserConfig.path())
        )


def agenda(
    ctx: typer.Context,
    days: int = typer.Option(7, "--days", "-n", min=0, help="Look this many days ahead."),
    owner: str | None = typer.Option(
        None,
        "--owner",
        "-o",
        help="Only customers of this owner (担当); 'me' is you.",
        autocompletion=completion.complete_owner,
    ),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
    ics: Path | None = typer.Option(
        None,
        "--ics",
        help="Write the agenda to this iCalendar file (for a phone's calendar).",
        dir_okay=False,
    ),
    all_: bool = typer.Option(
        False, "--all", help="Show every reminder, not the first of each group."
    ),
) -> None:
    """What needs attention: follow-ups, birthdays, memorials, visits, quiet customers."""
    from custnote.core.agenda.notebook_agenda import notebook_agenda

    nb = context.notebook(ctx)
    today = clock.today()
    if owner == "me":
        _say_who_me_is(nb)
    # the terminal's view shows the first GROUP_LIMIT of each group: only those are built
    paged = not (all_ or json_ or ics is not None)
    result = notebook_agenda(nb, today, days, owner, limit=GROUP_LIMIT if paged else None)
    reminders = result.reminders
    for warning in result.warnings:
        render.warn(warning)
    if ics is not None:
        from custnote.adapters.ics import write_ics

        write_ics(ics, reminders, today, japanese=i18n.language() == "ja")
    if json_:
        render.print_json(
            {
                "today": today.isoformat(),
                "days": days,
                "owner": owner,
                "reminders": [r.to_json(today) for r in reminders],
                "warnings": result.warnings,
            }
        )
    elif ics is not None:
        render.info(
            _("Wrote {value} agenda events to {value2}").format(
                value=len(reminders), value2=render.escape(str(ics))
            )
        )
    else:
        from custnote.cli.render_agenda import show_agenda

        limit = GROUP_LIMIT if paged else None
        japanese = i18n.language() == "ja"
        show_agenda(reminders, today, days, japanese=japanese, limit=limit, counts=result.counts)


def done(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    text: str | None = typer.Argument(None, help="What was done (optional)."),
    until: str | None = typer.Option(
        None, "--until", help="Close only follow-ups due up to this date (default: all open)."
    ),
    kind: str = completion.kind_option("Kind of the closing entry."),
    json_: bool = typer.Option(False, "--json", help="Print the entry as JSON."),
) -> None:
    """Close a customer's open follow-ups (and due replacements): one log entry with ``done``."""
    from custnote.core.agenda.notebook_agenda import close_follow_ups
    from custnote.core.note.dates import parse_date
    from custnote.core.note.json_records import entry_record

    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    last = parse_date(until, "--until") if until else None
    done = close_follow_ups(nb, note, until=last, text=text, kind=kind)
    if json_:
        record = {"id": note.id, "name": note.name, "path": note.path} | entry_record(done.entry)
        render.print_json(record | {"closed": [d.isoformat() for d in done.closed]})
        return
    count, name = len(done.closed), render.escape(note.name)
    render.info(
        ngettext(
            "Closed {count} follow-up of [bold]{name}[/]",
            "Closed {count} follow-ups of [bold]{name}[/]",
            count,
        ).format(count=count, name=name)
    )


def register(app: typer.Typer) -> None:
    app.command()(agenda)
    app.command()(done)
