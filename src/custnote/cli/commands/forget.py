"""``custnote forget``: erase a customer from the whole history, in every clone (消去)."""

from __future__ import annotations

import typer

from custnote.cli import context, render
from custnote.i18n import _


def forget(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Id, name, reading, email, phone or file name."),
    archived: bool = typer.Option(False, "--archived", help="Look among archived customers."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Erase CUSTOMER from the notebook and its whole history, here and (with a remote) for
    the team: the note, every earlier version of it, and its name in commit messages.

    It cannot be undone. Colleagues' next sync drops it from their copies. Backups, exports
    and other notes that mention the customer are not touched: see docs/privacy.md."""
    from custnote.core.privacy.forget import forget as do_forget

    nb = context.notebook(ctx)
    note = nb.resolve(customer, archived=archived)
    if not yes:
        typer.confirm(
            _(
                "Erase {name} ({id}) from the whole history, for everyone? This cannot be undone"
            ).format(name=note.name, id=note.id),
            abort=True,
        )
    report = do_forget(nb, note)
    where = _(" and pushed to the team") if report.pushed else ""
    render.info(
        _("Forgot customer {id}: erased from the whole history{where}.").format(
            id=report.id, where=where
        )
    )
    if report.pushed and not report.remote_pruned:
        render.warn(
            _(
                "the server may keep the old history until its own clean-up "
                "(see docs/privacy.md: hosting services)"
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(forget)
