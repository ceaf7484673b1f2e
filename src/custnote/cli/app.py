"""The ``custnote`` command: global options, command registration, and error handling.

Commands live one group per module in :mod:`custnote.cli.commands`; each module has a
``register(app)`` function. Every :class:`~custnote.errors.CustnoteError` raised anywhere below
is turned into one line on stderr and its exit code here, and only here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from custnote import __version__
from custnote.cli import richhelp
from custnote.cli.context import State
from custnote.errors import CustnoteError
from custnote.i18n import N_, _

richhelp.defer()  # before Typer draws any help: rich.markdown and rich.traceback, unused here

#: Every command, in --help order, with the module under custnote.cli.commands that registers
#: it (its ``register(app)``). A module is imported only when one of its commands runs or help
#: lists them: ``custnote who`` does not pay for importing the importers and exporters.
COMMANDS = {
    "init": "notebook",
    "demo": "demo",
    "add": "add",
    "log": "log",
    "show": "show",
    "search": "search",
    "index": "search",
    "who": "who",
    "agenda": "agenda",
    "done": "agenda",
    "edit": "edit",
    "set": "fields",
    "unset": "fields",
    "list": "listing",
    "history": "history",
    "undo": "history",
    "rm": "archive",
    "unarchive": "archive",
    "clone": "sync",
    "remote": "sync",
    "sync": "sync",
    "join": "sync",
    "conflicts": "sync",
    "backup": "sync",
    "restore": "sync",
    "merge-driver": "sync",
    "check": "check",
    "stats": "stats",
    "import": "importing",
    "export": "exporting",
    "access": "access",
    "disclose": "disclose",
    "forget": "forget",
}

#: What ``custnote --help`` lists for each command (the first paragraph of its own help, which
#: a test keeps equal), so that listing them imports no command module; None: hidden.
SUMMARIES = {
    "init": N_(
        "Create a notebook: a git repository with custnote's settings. Harmless on an existing one."
    ),
    "demo": N_(
        "Create a demo notebook: about 30 customers, Japanese and English, two years of history."
    ),
    "add": N_("Add a customer (one commit). Asks for missing basics when run at a terminal."),
    "log": N_("Add a log entry (call, visit, purchase, …) to a customer: one commit."),
    "show": N_("Show a customer's card: basics, cautions, preferences, family, recent log."),
    "search": N_("Search every note (Japanese and English), best match first."),
    "index": N_(
        "Bring the search index up to date (it normally updates itself before each search)."
    ),
    "who": N_("Who has this phone number or email: owner (担当), cautions, last three contacts."),
    "agenda": N_(
        "What needs attention: follow-ups, birthdays, memorials, visits, quiet customers."
    ),
    "done": N_(
        "Close a customer's open follow-ups (and due replacements): one log entry with 'done'."
    ),
    "edit": N_("Open the note in $EDITOR; on save it is checked, and stored as one commit."),
    "set": N_("Set fields (one commit); only those fields' lines change in the file."),
    "unset": N_("Remove fields (one commit)."),
    "list": N_("List customers, optionally filtered (in reading order; long lists are paged)."),
    "history": N_("Every change to one customer's note, newest first."),
    "undo": N_("Revert the last custnote change (as a new commit: nothing is lost)."),
    "rm": N_(
        "Archive a customer (moved to archive/, kept in history; 'custnote unarchive' restores)."
    ),
    "unarchive": N_("Bring an archived customer back."),
    "clone": N_("Join a shared notebook: clone it and set up custnote's merging."),
    "remote": N_("The team remote this notebook syncs with."),
    "sync": N_("Send your notes to the team remote and receive your colleagues'."),
    "join": N_("Make one notebook of those a split team started separately."),
    "conflicts": N_("List notes where two people's changes clashed, until someone resolves them."),
    "backup": N_("Write the whole notebook with its history to one file."),
    "restore": N_("Bring a notebook back from a backup file."),
    "merge-driver": None,
    "check": N_(
        "Check the notebook: notes that do not validate, duplicate ids, and more (exit 1 if any)."
    ),
    "stats": N_(
        "Customers by status, owner, tag and region; contacts, call minutes, visits and sales."
    ),
    "import": N_(
        "Import customers (or with --log their history) as ONE commit; nothing half-imported."
    ),
    "export": N_("Export customers (all, or those QUERY and the filters select)."),
    "access": N_("Who can read the restricted fields (family, birthday, address, allergies, …)."),
    "disclose": N_(
        "Everything held about CUSTOMER: fields (restricted ones too), notes, every "
        "contact, every change with its date and author. Markdown, or HTML ready to print to PDF."
    ),
    "forget": N_(
        "Erase CUSTOMER from the notebook and its whole history, here and (with a remote) "
        "for the team: the note, every earlier version of it, and its name in commit messages."
    ),
}


#: a click command, as Typer builds it (Typer vendors click; its module path is private)
Command = Any


def module_commands(module: str) -> dict[str, Command]:
    """The click commands that ``custnote.cli.commands.<module>`` registers, by name."""
    from custnote.cli.helptext import tidy

    sub = typer.Typer()
    importlib.import_module(f"custnote.cli.commands.{module}").register(sub)
    return {name: tidy(cmd) for name, cmd in typer.main.get_group(sub).commands.items()}


class LazyCommands(MutableMapping[str, Command]):
    """The command table of the app: names are known up front, commands are built on lookup."""

    def __init__(self, table: dict[str, str]):
        self._table = dict(table)
        self._built: dict[str, Command] = {}
        #: set while ``--help`` lists the commands: their summaries, no module imported
        self.listing = False

    def __getitem__(self, name: str) -> Command:
        if name not in self._built and self.listing and name in SUMMARIES:
            return _listed(name, SUMMARIES[name])
        if name not in self._built:
            self._built.update(module_commands(self._table[name]))
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._table.setdefault(name, "")
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._table[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def _listed(name: str, summary: str | None) -> Command:
    """A command as ``--help`` lists it: its name and summary (it is never run)."""
    from typer.core import TyperCommand

    from custnote.cli.helptext import translated

    return TyperCommand(name, help=translated(summary), hidden=summary is None)


class CustnoteGroup(TyperGroup):
    """Turns custnote errors into a message and an exit code, in one place."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from custnote.cli.helptext import speak

        speak(self)  # each run decides its language afresh (a test runs many in one process)
        try:
            return super().main(*args, **kwargs)
        finally:
            from custnote import i18n

            i18n.set_language(None)  # what runs after (in the same process) decides again

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except Exception as exc:  # a usage error of custnote's own options
            _said_in_language(exc)
            raise

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CustnoteError as exc:
            from custnote.cli.render import print_error

            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except RecursionError:
            _last_resort("a value nested too deeply to handle")
        except Exception as exc:  # a bug, or a case nobody foresaw: still one line, no traceback
            if type(exc).__module__.startswith("typer"):
                _said_in_language(exc)
                raise  # usage errors, exits, a declined confirmation: Typer's own handling
            _last_resort(f"{type(exc).__name__}: {exc}")

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        self.commands.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.commands.listing = False

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands)  # the table's order, not alphabetical


def _said_in_language(exc: BaseException) -> None:
    """A click usage error (a missing argument, an unknown option) in the run's language."""
    from typer._click.exceptions import UsageError  # Typer's vendored click: a private path

    if isinstance(exc, UsageError):
        from custnote.cli.usage_errors import translate

        translate(exc)


#: Set (to anything but "" or "0") to see the traceback of an unexpected error; the tests set it
#: so that a bug fails the test that found it.
DEBUG_ENV = "CUSTNOTE_DEBUG"
#: The exit code of an unexpected error (EX_SOFTWARE).
INTERNAL_ERROR_EXIT = 70


def _last_resort(what: str) -> None:
    """An unexpected error: one line naming it and how to see more, and exit 70."""
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        raise
    from custnote.cli.render import console, escape

    line = " ".join(what.split())
    line = line if len(line) <= 300 else line[:300] + "…"
    console(stderr=True).print(
        _(
            "[bold red]custnote: internal error:[/] {value} (nothing more was "
            "written; run again with {DEBUG_ENV}=1 for the details)"
        ).format(value=escape(line), DEBUG_ENV=DEBUG_ENV),
        soft_wrap=True,
    )
    raise typer.Exit(INTERNAL_ERROR_EXIT) from None


app = typer.Typer(
    cls=CustnoteGroup,
    no_args_is_help=True,
    add_completion=True,
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
        metavar="PATH",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    ctx.obj = State(notebook_arg=notebook)


def main() -> None:
    """Entry point of the ``custnote`` script."""
    app(prog_name="custnote")
