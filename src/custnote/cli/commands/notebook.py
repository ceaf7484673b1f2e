"""``custnote init``: create a notebook."""

from __future__ import annotations

from pathlib import Path

import typer

from custnote.cli import render
from custnote.i18n import _


def init(
    ctx: typer.Context,
    path: Path | None = typer.Argument(
        None,
        help="Folder for the notebook (default: --notebook, else the default notebook location).",
        show_default=False,
    ),
    remote: str | None = typer.Option(
        None,
        "--remote",
        help="Share it through this git remote (as 'custnote remote add URL').",
    ),
) -> None:
    """Create a notebook: a git repository with custnote's settings. Harmless on an existing one."""
    from custnote.core.notebook.notebook import Notebook

    notebook, created = Notebook.init(path or ctx.find_root().obj.notebook_arg)
    if remote:
        from custnote.core.sync import setup, sharing

        setup.add_remote(notebook, remote)
        render.info(
            _("Remote [bold]{REMOTE}[/] is {value}").format(
                REMOTE=sharing.REMOTE, value=render.escape(remote)
            )
        )
    if created:
        render.info(_("Created a custnote notebook in [bold]{root}[/]").format(root=notebook.root))
        render.info(
            _('Add a customer:  custnote -N {root} add "山田 太郎" --kana "やまだ たろう"').format(
                root=notebook.root
            )
        )
    else:
        render.info(
            _("{root} is already a custnote notebook; nothing to do.").format(root=notebook.root)
        )


def register(app: typer.Typer) -> None:
    app.command()(init)
