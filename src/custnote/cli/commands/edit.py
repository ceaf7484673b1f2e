"""``custnote edit``: change a note in $EDITOR, validated before it is stored."""

from __future__ import annotations

import typer

from custnote.adapters.editor import edit_text
from custnote.cli import completion, context, render
from custnote.i18n import _


def edit(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
) -> None:
    """Open the note in $EDITOR; on save it is checked, and stored as one commit.

    An invalid edit never replaces the note: it is kept in a recovery file."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    assert note.path
    original = nb.read_text(note.path)
    shown = nb.reveal_text(note.path, original)  # restricted values readable, or 🔒
    edited = edit_text(shown)
    updated = None if edited == shown else nb.replace_text(note, original, edited)
    if updated is None:
        render.info(_("No changes."))
    else:
        render.info(
            _("Saved [bold]{value}[/] ({path})").format(
                value=render.escape(updated.name), path=note.path
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(edit)
