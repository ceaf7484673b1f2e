"""A notebook made ready for sharing: cloned on the team's branch, its remote set, custnote's
merge driver registered and named in ``.gitattributes``, an identity for plain git commands
(docs/sync.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from custnote.core.notebook.gitattributes import ensure_gitattributes, register_merge_driver
from custnote.core.sync import team
from custnote.core.sync.team import REMOTE

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def prepare(notebook: Notebook) -> None:
    """Make a notebook ready for sharing: driver registered, an identity for plain git commands
    (docs/sync.md), ``.gitattributes`` committed."""
    register_merge_driver(notebook.git)
    ensure_git_identity(notebook)
    if ensure_gitattributes(notebook.root):
        with notebook.transaction("sync: merge notes with custnote's driver", "setup") as tx:
            tx.paths.append(".gitattributes")


def ensure_git_identity(notebook: Notebook) -> None:
    """On a machine where git knows nobody (no ``user.email``), give this repository custnote's
    identity, so the plain git commands custnote's messages suggest work too."""
    git = notebook.git
    if not git.config_get("user.email"):
        identity = notebook.identity()
        git.config_set("user.name", identity.name)
        git.config_set("user.email", identity.email)


def clone(url: str, path: Path) -> Notebook:
    """Clone a shared notebook on its branch (see :func:`custnote.core.sync.team.clone`)."""
    notebook = team.clone(url, path)
    prepare(notebook)
    return notebook


def add_remote(notebook: Notebook, url: str, remote: str = REMOTE) -> None:
    """Share through ``url``: sync (and plain ``git pull``) use the notebook's branch there."""
    git = notebook.git
    git.set_remote(remote, url)
    branch = team.team_branch(notebook)
    git.config_set(f"branch.{branch}.remote", remote)
    git.config_set(f"branch.{branch}.merge", f"refs/heads/{branch}")
    prepare(notebook)
