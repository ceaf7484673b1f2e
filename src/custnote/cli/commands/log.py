"""``custnote log``: add a dated entry to a customer's log."""

from __future__ import annotations

import sys

import typer

from custnote.adapters.editor import edit_text
from custnote.cli import completion, context, render
from custnote.core import clock
from custnote.core.note.dates import parse_amount, parse_date, parse_datetime, parse_duration
from custnote.core.note.json_records import entry_record
from custnote.core.note.model import LogEntry
from custnote.i18n import _


def _entry_text(text: str | None) -> str:
    """The text from the argument, else stdin when piped, else the editor."""
    if text is not None and text != "-":
        return text
    if text == "-" or not sys.stdin.isatty():
        return sys.stdin.read()
    return edit_text("", suffix=".md")


def log(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    text: str | None = typer.Argument(None, help="The entry (else stdin, else $EDITOR)."),
    kind: str = completion.kind_option("call, visit, email, meeting, …"),
    at: str | None = typer.Option(None, "--at", help="When: 2026-11-20 14:30, yesterday, 9:30."),
    duration: str | None = typer.Option(None, "--duration", "-d", help="e.g. 30m, 1h30m."),
    amount: str | None = typer.Option(None, "--amount", "-a", help="Exact amount, e.g. 12000."),
    follow_up: str | None = typer.Option(
        None, "--follow-up", "-f", help="Follow up on this date (2026-12-01, +3d, tomorrow)."
    ),
    done: bool = typer.Option(
        False, "--done", help="This entry closes the open follow-ups (as 'custnote done' does)."
    ),
    json_: bool = typer.Option(False, "--json", help="Print the entry as JSON."),
) -> None:
    """Add a log entry (call, visit, purchase, …) to a customer: one commit."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    # every option is checked before the editor opens, so no typed text is thrown away
    nb.check_kind(kind)
    day, time = parse_datetime(at, "--at") if at else (clock.today(), clock.now().time())
    minutes = parse_duration(duration, "--duration") if duration else None
    exact_amount = parse_amount(amount, "--amount") if amount else None
    follow_up_day = parse_date(follow_up, "--follow-up", relative_to=day) if follow_up else None
    entry = LogEntry(
        date=day,
        time=time,
        kind=kind,
        author=nb.author(),
        text=_entry_text(text),
        duration_min=minutes,
        amount=exact_amount,
        follow_up=follow_up_day,
    )
    if done:
        from custnote.core.agenda.notebook_agenda import closing_date

        entry.done = closing_date(nb, note, day)
    nb.add_entry(note, entry)
    if json_:
        render.print_json(
            {"id": note.id, "name": note.name, "path": note.path} | entry_record(entry)
        )
    else:
        render.info(
            _("Logged {kind} for [bold]{value}[/] ({date})").format(
                kind=entry.kind, value=render.escape(note.name), date=entry.date
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(log)
