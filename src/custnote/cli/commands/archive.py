"""``custnote rm`` (archive) and ``custnote unarchive``."""

from __future__ import annotations

import typer

from custnote.cli import completion, context, render
from custnote.i18n import _


def rm(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Archive a customer (moved to archive/, kept in history; 'custnote unarchive' restores)."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer)
    if not yes:
        typer.confirm(
            _("Archive {name} ({path})?").format(name=note.name, path=note.path), abort=True
        )
    target = nb.archive(note)
    render.info(
        _("Archived [bold]{value}[/] → {target}").format(
            value=render.escape(note.name), target=target
        )
    )


def unarchive(
    ctx: typer.Context,
    customer: str = completion.customer_argument(
        "An archived customer's id, name, …", archived=True
    ),
) -> None:
    """Bring an archived customer back."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer, archived=True)
    target = nb.unarchive(note)
    render.info(
        _("Restored [bold]{value}[/] → {target}").format(
            value=render.escape(note.name), target=target
        )
    )


def register(app: typer.Typer) -> None:
    app.command()(rm)
    app.command()(unarchive)
