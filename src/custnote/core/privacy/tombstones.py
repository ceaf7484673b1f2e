"""What ``custnote forget`` leaves and both of its sides use: the tombstones (the ids erased,
with their dates, in ``.custnote/forgotten``), the paths a note's file can have had, and the
clean-up of private copies (:mod:`custnote.core.privacy.forget` erases,
:mod:`custnote.core.privacy.absorb` takes a colleague's erasure in).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.core.notebook.config import CONFIG_DIR
from custnote.errors import CustnoteError

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo
    from custnote.core.note.model import Note
    from custnote.core.notebook.notebook import Notebook


TOMBSTONES = f"{CONFIG_DIR}/forgotten"


TOMBSTONE_HEADER = (
    "# Customers erased from the whole history with 'custnote forget': id and date only.\n"
)


TOP_FOLDERS = ("customers", "archive")


class ForgetError(CustnoteError):
    """The rewrite could not be made or absorbed; nothing was lost."""


def read_tombstones(text: str) -> dict[str, str]:
    """``{id: date}`` of a tombstone file's text."""
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            found[parts[0]] = parts[1]
    return found


def tombstones_at(git: GitRepo, rev: str = "HEAD") -> dict[str, str]:
    proc = git.run("show", f"{rev}:{TOMBSTONES}", check=False)
    return read_tombstones(proc.stdout) if proc.returncode == 0 else {}


def forgotten_ids(nb: Notebook) -> dict[str, str]:
    """The tombstones of the notebook's work tree."""
    path = nb.root / TOMBSTONES
    return read_tombstones(path.read_text("utf-8")) if path.exists() else {}


def forgotten_in_plan(nb: Notebook, plan: Any) -> list[tuple[int, str, str]]:
    """``(row, id, date forgotten)`` of the new customers an import plan would add under an
    id that ``custnote forget`` erased."""
    stones = forgotten_ids(nb)
    found = []
    for item in plan.customers if stones else ():
        customer_id = str(item.changes.get("id") or "")
        if item.target is None and customer_id in stones:
            found.append((item.rows[0], customer_id, stones[customer_id]))
    return found


def note_paths(rel: str) -> list[str]:
    """Every path a note's file can have had (the name never changes; only the top folder)."""
    top, rest = rel.split("/", 1)
    assert top in TOP_FOLDERS
    return [f"{folder}/{rest}" for folder in TOP_FOLDERS]


def paths_of_id(git: GitRepo, rev: str, forgotten: set[str]) -> list[str]:
    """Files of forgotten ids anywhere in ``rev``'s history (by the id in the file name)."""
    listed = git.run("log", "--format=", "--name-only", rev, "--", *TOP_FOLDERS).stdout
    found = set()
    for rel in listed.split():
        stem = Path(rel).stem
        if rel.endswith(".md") and stem.rsplit("-", 1)[-1] in forgotten:
            found.update(note_paths(rel))
    return sorted(found)


def clear_private(nb: Notebook, note: Note | None = None) -> None:
    """Caches (the search index holds note text) and recovery files of a forgotten note."""
    shutil.rmtree(nb.cache_dir, ignore_errors=True)
    # git keeps the last message it was given to edit; a commit made from plumbing (adapters/
    # gitcommit.py) does not overwrite it, so a rewritten message could live on there
    (git_dir(nb) / "COMMIT_EDITMSG").unlink(missing_ok=True)
    if note is not None and note.path:
        stem = Path(note.path).stem
        for folder in (nb.root / CONFIG_DIR / "recovery", nb.state_dir / "recovery"):
            for path in folder.glob(f"{stem}-*"):
                path.unlink(missing_ok=True)


def dirty_tracked(git: GitRepo) -> list[str]:
    """Tracked files with uncommitted changes (a hard reset would lose them)."""
    status = git.run("status", "--porcelain", "--untracked-files=no").stdout
    return [line[3:] for line in status.split("\n") if line.strip()]


def git_dir(nb: Notebook) -> Path:
    return nb.state_dir.parent
