"""``custnote backup`` and ``restore``: the whole notebook with its history in one file (a git
bundle), and a notebook brought back from one (on the branch it records)."""

from __future__ import annotations

from pathlib import Path

from custnote.adapters import fsio
from custnote.adapters.gitrepo import GitRepo
from custnote.core.notebook.gitattributes import register_merge_driver
from custnote.core.notebook.notebook import Notebook
from custnote.core.sync import team
from custnote.errors import GitError, NotebookNotFoundError

REMOTE = team.REMOTE


def backup(notebook: Notebook, target: Path) -> int:
    """Write the notebook with all its history to one file; returns the number of uncommitted
    changes left out of it."""
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook.git.bundle(target)
    return len(notebook.git.dirty_paths("."))


def restore(bundle: Path, path: Path) -> Notebook:
    """A new notebook at ``path`` from a backup written by :func:`backup`."""
    bundle = bundle.expanduser().resolve()
    if not bundle.is_file():
        raise NotebookNotFoundError(f"{bundle}: no such backup file")
    root = path.expanduser().resolve()
    proc = GitRepo(bundle.parent).run("bundle", "list-heads", str(bundle), check=False)
    if proc.returncode != 0:
        raise GitError(f"{bundle}: not a custnote backup (not a git bundle, or damaged)")
    if root.exists() and any(root.iterdir()):
        raise GitError(f"cannot restore into {root}: the folder is not empty")
    with fsio.built_aside(root) as aside:  # whole or not at all, even if killed
        git = GitRepo.clone(str(bundle), aside)
        try:
            branch = team.choose_branch(git, REMOTE)
        except NotebookNotFoundError:
            branch = None
        if branch is None:
            raise NotebookNotFoundError(f"{bundle}: not a custnote backup (no notebook inside)")
        team.checkout_branch(git, branch, f"refs/remotes/{REMOTE}/{branch}")
        git.remove_remote(REMOTE)  # the bundle file is not a remote to sync with
        register_merge_driver(git)
    return Notebook(root)
