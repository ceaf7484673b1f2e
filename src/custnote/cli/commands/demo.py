"""``custnote demo``: a demo notebook to explore custnote with."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from custnote.cli import render
from custnote.i18n import N_, _

#: Commands worth trying on the demo, shown only when the command exists in this custnote.
_TRY = (
    ("show", "show yamada", N_("the card: allergies (えび) first, tea, family, last contacts")),
    ("who", "who 0355550199", N_("who is calling, for any way the number is written")),
    ("search", "search えび", N_("every note that mentions えび")),
    ("agenda", "agenda", N_("follow-ups due, birthdays, memorial days, visits due")),
    (
        "log",
        'log yamada "見積の件で折り返し" --kind call --duration 10m',
        N_("one line, one commit"),
    ),
    ("list", "list --tag vip", N_("a table of customers")),
    ("history", "history yamada", N_("every change to one note")),
)


def _prefix(path: Path) -> str:
    """``custnote`` plus ``-N PATH`` unless the current folder is inside the notebook."""
    root = path.resolve()
    here = Path.cwd().resolve()
    if here == root or root in here.parents:
        return "custnote"
    return f"custnote -N {shlex.quote(str(path))}"


def demo(
    ctx: typer.Context,
    path: Path | None = typer.Argument(
        None,
        help="Folder for the demo notebook, new or empty (default: --notebook, else "
        "./custnote-demo).",
        show_default=False,
    ),
) -> None:
    """Create a demo notebook: about 30 customers, Japanese and English, two years of history."""
    from custnote.core.notebook.demo import make_demo

    path = path or ctx.find_root().obj.notebook_arg or Path("custnote-demo")
    report = make_demo(path)
    where = render.escape(str(report.notebook.root))
    out = render.console()
    if report.created:
        english = report.customers - report.japanese
        out.print(
            _(
                "Created a demo notebook in [bold]{where}[/]: {customers} customers "
                "({japanese} Japanese, {english} English) with {entries} log entries "
                "over two years, in one commit."
            ).format(
                where=where,
                customers=report.customers,
                japanese=report.japanese,
                english=english,
                entries=report.entries,
            ),
            soft_wrap=True,
        )
    else:
        out.print(
            _("{where} already holds the demo notebook; nothing changed.").format(where=where),
            soft_wrap=True,
        )
    commands = ctx.find_root().command.commands  # type: ignore[attr-defined]
    prefix = _prefix(path)
    out.print("\n" + _("Try:"))
    for name, args, what in _TRY:
        if name in commands:
            out.print(f"  [bold]{render.escape(f'{prefix} {args}')}[/]", soft_wrap=True)
            out.print(f"      [dim]{_(what)}[/]", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(demo)
