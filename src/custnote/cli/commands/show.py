"""``custnote show``: a customer's card."""

from __future__ import annotations

import typer

from custnote.cli import completion, context, render
from custnote.core.note.json_records import note_record
from custnote.i18n import _


def show(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    all_: bool = typer.Option(False, "--all", help="Show the whole log."),
    entries: int = typer.Option(5, "--entries", "-n", help="How many recent entries to show."),
    archived: bool = typer.Option(False, "--archived", help="Look among archived customers."),
    json_: bool = typer.Option(False, "--json", help="Print the customer as JSON."),
) -> None:
    """Show a customer's card: basics, cautions, preferences, family, recent log."""
    note = context.notebook(ctx).resolve(customer, archived=archived)
    if json_:
        render.print_json(note_record(note))
    else:
        from custnote.cli.lang import language
        from custnote.cli.render_card import show_card
        from custnote.core import clock
        from custnote.core.sync.note_merge import note_conflicts

        clashes = note_conflicts(note)
        show_card(
            note,
            lang=language(context.notebook(ctx)),
            today=clock.today(),
            entries=None if all_ else entries,
            conflicts=clashes,
        )
        if clashes:
            render.warn(
                _(
                    "{path} holds unresolved conflicts ({value}): both versions are kept in "
                    "the note; resolve them with 'custnote edit' (see 'custnote conflicts')"
                ).format(path=note.path, value=", ".join(clashes))
            )


def register(app: typer.Typer) -> None:
    app.command()(show)
