"""The ``custnote`` command: global options, command registration, and error handling.

Commands live one group per module in :mod:`custnote.cli.commands`; each module has a
``register(app)`` function. Every :class:`~custnote.errors.CustnoteError` raised anywhere below
is turned into one line on stderr and its exit code here, and only here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from custnote import __version__
from custnote.cli.context import State
from custnote.errors import CustnoteError

#: Modules under custnote.cli.commands, in the order their commands appear in --help.
COMMAND_MODULES = (
    "notebook",
    "demo",
    "add",
    "log",
    "show",
    "search",
    "who",
    "agenda",
    "edit",
    "fields",
    "listing",
    "history",
    "archive",
    "sync",
    "stats",
    "importing",
    "exporting",
)


class CustnoteGroup(TyperGroup):
    """Turns custnote errors into a message and an exit code, in one place."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CustnoteError as exc:
            from custnote.cli.render import print_error

            print_error(exc)
            raise typer.Exit(exc.exit_code) from None

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands)  # registration order, not alphabetical


app = typer.Typer(
    cls=CustnoteGroup,
    no_args_is_help=True,
    add_completion=False,
    help="Customer notes (顧客管理ノート) as Markdown files in a git repository.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"custnote {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    notebook: Path | None = typer.Option(
        None,
        "--notebook",
        "-N",
        help="Notebook folder (else $CUSTNOTE_NOTEBOOK, the notebook around the current "
        "folder, or the default notebook).",
        show_default=False,
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    ctx.obj = State(notebook_arg=notebook)


for _name in COMMAND_MODULES:
    importlib.import_module(f"custnote.cli.commands.{_name}").register(app)


def main() -> None:
    """Entry point of the ``custnote`` script."""
    app(prog_name="custnote")
