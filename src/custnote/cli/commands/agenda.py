"""``custnote agenda`` (what needs attention) and ``custnote done`` (close follow-ups)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from custnote.cli import context, render
from custnote.core import clock
from custnote.core.textnorm import fold

if TYPE_CHECKING:
    from custnote.core.notebook import Notebook

# The core modules are imported inside the commands, so that ``custnote --help`` stays fast.

#: reminders shown per group unless --all
GROUP_LIMIT = 25


def owner_key(owner: str | None, nb: Notebook) -> str | None:
    """The folded owner to keep (``me`` is the current author), or None for everyone."""
    if owner is None:
        return None
    return fold(nb.author() if owner == "me" else owner)


def agenda(
    ctx: typer.Context,
    days: int = typer.Option(7, "--days", "-n", min=0, help="Look this many days ahead."),
    owner: str | None = typer.Option(
        None, "--owner", "-o", help="Only customers of this owner (担当); 'me' is you."
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
    from custnote.core.factcache import collector_paused, load_agenda
    from custnote.core.reminders import AgendaSettings, Window, build_agenda

    nb = context.notebook(ctx)
    today = clock.today()
    settings = AgendaSettings(nb.config.dormant_days)
    with collector_paused():
        loaded = load_agenda(nb, Window.of(today, days, settings))
        wanted = owner_key(owner, nb)
        customers = [
            d for d in loaded.items if wanted is None or fold(d.customer.owner or "") == wanted
        ]
        reminders = build_agenda(customers, today, days, settings)
    for warning in loaded.warnings:
        render.warn(warning)
    if ics is not None:
        from custnote.adapters.fsio import atomic_write
        from custnote.adapters.ics import agenda_to_ics

        atomic_write(ics, agenda_to_ics(reminders, today, clock.now()))
    if json_:
        render.print_json(
            {
                "today": today.isoformat(),
                "days": days,
                "owner": owner,
                "reminders": [r.to_json(today) for r in reminders],
                "warnings": loaded.warnings,
            }
        )
    elif ics is not None:
        render.info(f"Wrote {len(reminders)} agenda events to {render.escape(str(ics))}")
    else:
        from custnote.cli.render_agenda import show_agenda

        limit = None if all_ else GROUP_LIMIT
        show_agenda(reminders, today, days, japanese=nb.config.language == "ja", limit=limit)


def done(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Id, name, reading, email, phone or file name."),
    text: str | None = typer.Argument(None, help="What was done (optional)."),
    until: str | None = typer.Option(
        None, "--until", help="Close only follow-ups due up to this date (default: all open)."
    ),
    kind: str = typer.Option("note", "--kind", "-k", help="Kind of the closing entry."),
    json_: bool = typer.Option(False, "--json", help="Print the entry as JSON."),
) -> None:
    """Close a customer's open follow-ups (and due replacements): one log entry with ``done``."""
    from custnote.core.dates import parse_date
    from custnote.core.factcache import facts_from_text
    from custnote.core.model import LogEntry
    from custnote.core.records import entry_record
    from custnote.core.reminders import open_follow_ups

    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    assert note.path
    today = clock.today()
    pending = open_follow_ups(facts_from_text(note.path, nb.read_text(note.path)).log)
    dues = [p.follow_up for p in pending if p.follow_up]
    last = parse_date(until, "--until") if until else max([today, *dues])
    closed = [d for d in dues if d <= last]
    entry = LogEntry(
        date=today,
        time=clock.now().time(),
        kind=kind,
        author=nb.author(),
        text=text or "フォローアップ完了 (follow-up done)",
        done=last,
    )
    nb.add_entry(note, entry)
    if json_:
        record = {"id": note.id, "name": note.name, "path": note.path} | entry_record(entry)
        render.print_json(record | {"closed": [d.isoformat() for d in closed]})
        return
    name = render.escape(note.name)
    render.info(
        f"Closed {len(closed)} follow-up{'s' if len(closed) != 1 else ''} of [bold]{name}[/]"
    )


def register(app: typer.Typer) -> None:
    app.command()(agenda)
    app.command()(done)
