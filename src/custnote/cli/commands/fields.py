"""``custnote set`` and ``custnote unset``: change front-matter fields."""

from __future__ import annotations

import typer

from custnote.cli import completion, context, render
from custnote.core.note.fieldops import parse_assignments, parse_removals
from custnote.core.note.json_records import note_record
from custnote.i18n import _


def set_(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    assignments: list[str] = typer.Argument(
        ...,
        help="key=value, tags+=vip, tags-=vip, preferences.drink=紅茶",
        autocompletion=completion.complete_assignment,
    ),
    json_: bool = typer.Option(False, "--json", help="Print the customer as JSON."),
) -> None:
    """Set fields (one commit); only those fields' lines change in the file."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    # computed from the note as it is under the lock: two `tags+=` at once keep both
    updated = nb.update_fields(note, lambda now: parse_assignments(now, assignments, nb.config))
    if json_:
        render.print_json(note_record(updated))
    else:
        render.info(
            _("Updated [bold]{value}[/]: {value2}").format(
                value=render.escape(updated.name), value2=", ".join(assignments)
            )
        )


def unset(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    keys: list[str] = typer.Argument(..., help="Fields to remove (key or key.sub)."),
) -> None:
    """Remove fields (one commit)."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    updated = nb.update_fields(note, lambda now: parse_removals(now, keys))
    render.info(
        _("Removed {value} from [bold]{value2}[/]").format(
            value=", ".join(keys), value2=render.escape(updated.name)
        )
    )


def register(app: typer.Typer) -> None:
    app.command("set")(set_)
    app.command()(unset)
