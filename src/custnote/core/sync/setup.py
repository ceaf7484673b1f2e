"""A notebook made ready for sharing: cloned on the team's branch, its remote set, custnote's
merge driver registered and named in ``.gitattributes``, an identity for plain git commands
(docs/sync.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio
from custnote.adapters.merge_driver import gitattributes_lines, register_merge_driver
from custnote.core.notebook.locate import ARCHIVE, CUSTOMERS
from custnote.core.sync import team
from custnote.core.sync.team import REMOTE

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


NOTE_DIRS = (CUSTOMERS, ARCHIVE)


GITATTRIBUTES_LINES = gitattributes_lines(NOTE_DIRS)


def ensure_gitattributes(root: Path) -> bool:
    """Add custnote's lines to ``.gitattributes``; True when the file changed."""
    path = fsio.inside(root, ".gitattributes")  # a committed link is refused: never read, sent
    text = fsio.read_text(path) if path.exists() else ""
    missing = [line for line in GITATTRIBUTES_LINES if line not in text.splitlines()]
    if not missing:
        return False
    prefix = text if not text or text.endswith("\n") else text + "\n"
    fsio.atomic_write(path, prefix + "".join(line + "\n" for line in missing))
    return True


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


def missing_gitattributes(root: Path) -> bool:
    path = fsio.inside(root, ".gitattributes")  # a committed link is refused: never read
    text = fsio.read_text(path) if path.exists() else ""
    return any(line not in text.splitlines() for line in GITATTRIBUTES_LINES)
