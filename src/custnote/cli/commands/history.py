"""``custnote history`` and ``custnote undo``."""

from __future__ import annotations

import typer

from custnote.cli import completion, context, render
from custnote.i18n import _


def history(
    ctx: typer.Context,
    customer: str = completion.customer_argument(),
    limit: int | None = typer.Option(None, "--limit", "-n", help="Show at most N changes."),
    patch: bool = typer.Option(False, "--patch", "-p", help="Show each change's diff."),
    archived: bool = typer.Option(False, "--archived", help="Look among archived customers."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every change to one customer's note, newest first."""
    nb = context.notebook(ctx)
    note = nb.resolve(customer, archived=archived)
    commits = nb.history(note, limit=limit)
    if json_:
        keys = ("sha", "author", "date", "subject")
        render.print_json([{k: getattr(c, k) for k in keys} for c in commits])
        return
    render.show_history(commits)
    if patch:
        for commit in commits:
            render.info(f"\n[yellow]{commit.sha[:8]}[/] {render.escape(commit.subject)}")
            render.console().print(nb.git.run("show", "--format=", commit.sha).stdout, markup=False)


def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Revert the last custnote change (as a new commit: nothing is lost)."""
    nb = context.notebook(ctx)
    target = nb.undo_target()
    if target is None:
        render.info(_("Nothing to undo."))
        return
    render.info(
        _("Last change: [yellow]{value}[/] {value2} ({value3}, {value4})").format(
            value=target.sha[:8],
            value2=render.escape(target.subject),
            value3=render.escape(target.author),
            value4=target.date[:16].replace("T", " "),
        )
    )
    render.console().print(nb.git.show_stat(target.sha), markup=False)
    if not yes:
        typer.confirm(_("Undo it?"), abort=True)
    nb.undo(target)
    render.info(f"Undone: {render.escape(target.subject)}")


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(undo)
