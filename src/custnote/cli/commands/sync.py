"""Team sharing: ``clone``, ``remote add``, ``sync``, ``conflicts``, ``backup``, ``restore``.

Also the hidden ``merge-driver`` command, the same driver git runs as
``python -m custnote.adapters.merge_driver`` (see docs/sync.md).
"""

from __future__ import annotations

from pathlib import Path

import typer

from custnote.cli import context, render, render_sync
from custnote.i18n import _

# custnote.core.sync.sharing (and the notebook behind it) is imported inside each command, so that
# `custnote --help` stays fast.


def clone(
    url: str = typer.Argument(..., help="The team's notebook: a git URL or path."),
    path: Path | None = typer.Argument(
        None, help="Folder to clone into (default: the repository's name).", show_default=False
    ),
) -> None:
    """Join a shared notebook: clone it and set up custnote's merging."""
    from custnote.core.sync import setup

    target = path or Path(url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") or "notebook")
    notebook = setup.clone(url, target)
    from custnote.adapters.gitnet import redact

    render.info(
        _("Cloned [bold]{value}[/] into [bold]{root}[/]").format(
            value=render.escape(redact(url)), root=notebook.root
        )
    )
    render.info(
        _("Send and receive notes with:  custnote -N {root} sync").format(root=notebook.root)
    )


remote_app = typer.Typer(help="The team remote this notebook syncs with.", no_args_is_help=True)


@remote_app.command("add")
def remote_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="A git URL or path the team can push to."),
) -> None:
    """Share this notebook through a git remote (sync sends it there)."""
    from custnote.core.sync import setup, sharing

    notebook = context.notebook(ctx)
    setup.add_remote(notebook, url)
    from custnote.adapters.gitnet import redact

    where = render.escape(redact(url))
    render.info(
        _("Remote [bold]{REMOTE}[/] is {where}; run 'custnote sync'").format(
            REMOTE=sharing.REMOTE, where=where
        )
    )


def sync(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="Print what happened as JSON."),
) -> None:
    """Send your notes to the team remote and receive your colleagues'."""
    from custnote.core.sync import sharing

    report = sharing.sync(context.notebook(ctx))
    if json_:
        render.print_json(render_sync.report_record(report))
    else:
        render_sync.show_report(report)
    context.warn_tracked_caches(ctx)  # cache files a colleague committed, just arrived


def join(
    ctx: typer.Context,
    refs: list[str] | None = typer.Argument(
        None,
        help="What to join (e.g. origin/master); default: every separate notebook found.",
        show_default=False,
    ),
) -> None:
    """Make one notebook of those a split team started separately.

    Merges their histories into the team's branch (notes through custnote's merge driver:
    nothing is lost), records that branch, then syncs (docs/sync.md)."""
    from custnote.core.sync import sharing, team

    notebook = context.notebook(ctx)
    sharing.commit_hand_edits(notebook)
    with notebook.locked():  # settles a killed write or sync first
        branch, joined = team.join(notebook, list(refs or []))
    for notice in notebook.notices:
        render.warn(notice)
    if not joined:
        render.info(
            _("Nothing to join: this notebook and the team's branch {branch!r} are one.").format(
                branch=branch
            )
        )
        return
    notebook.notices.clear()
    team.record_branch(notebook, branch)
    render.info(
        _("Joined {value} into [bold]{value2}[/].").format(
            value=", ".join(joined), value2=render.escape(branch)
        )
    )
    render_sync.show_report(sharing.sync(notebook))


def conflicts(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="Print the notes as JSON."),
) -> None:
    """List notes where two people's changes clashed, until someone resolves them."""
    from custnote.core.sync import sharing

    found = sharing.conflicted_notes(context.notebook(ctx))
    if json_:
        render.print_json([{"path": p, "conflicts": what} for p, what in found.items()])
    else:
        render_sync.show_conflicts(found)


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The backup file to write (a git bundle)."),
) -> None:
    """Write the whole notebook with its history to one file."""
    from custnote.core.sync import backup as backups

    left_out = backups.backup(context.notebook(ctx), file)
    render.info(_("Backed up the notebook and its history to [bold]{file}[/]").format(file=file))
    if left_out:
        render.warn(
            _("{left_out} uncommitted change(s) are not in the backup").format(left_out=left_out)
        )


def restore(
    file: Path = typer.Argument(..., help="A backup written by 'custnote backup'."),
    path: Path = typer.Argument(..., help="A new folder for the restored notebook."),
) -> None:
    """Bring a notebook back from a backup file."""
    from custnote.core.sync import backup as backups

    notebook = backups.restore(file, path)
    render.info(_("Restored the notebook into [bold]{root}[/]").format(root=notebook.root))


def merge_driver(
    base: Path = typer.Argument(...),
    ours: Path = typer.Argument(...),
    theirs: Path = typer.Argument(...),
    path: str = typer.Argument("<note>"),
) -> None:
    """git's merge driver for note files (registered by custnote; not for people)."""
    from custnote.adapters.merge_driver import merge_files

    if not merge_files(base, ours, theirs, path):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(clone)
    app.add_typer(remote_app, name="remote")
    app.command()(sync)
    app.command()(join)
    app.command()(conflicts)
    app.command()(backup)
    app.command()(restore)
    app.command("merge-driver", hidden=True)(merge_driver)
