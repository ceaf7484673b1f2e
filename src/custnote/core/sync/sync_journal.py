"""A ``sync`` that was interrupted (killed, power cut) is undone by the next custnote command.

``sync`` writes a small journal (``sync.json`` in the notebook's private state) before it changes
anything: who runs it (pid), the branch and its commit, and, once made, the commit holding the
user's uncommitted changes (``git stash create``) before the work tree is reset for the rebase.
It deletes the journal when it is done. Any later write that finds a journal of a process that no
longer runs (it holds the notebook lock, so the writer is gone) puts the notebook back:

1. removes git's lock files the dead sync left (``index.lock``, ref locks);
2. aborts the rebase or merge in progress (``git rebase --abort``, ``git merge --abort``), so the
   branch and HEAD are back where they were (never a detached HEAD);
3. deletes the merge driver's temporary ``.merge_file_*`` files;
4. puts back the branch and the remote-tracking ref a replay onto a colleague's ``forget``
   had moved (:func:`custnote.core.privacy.absorb.undo_interrupted`);
5. restores the work tree to the branch and puts the user's uncommitted changes back from the
   journal's stash commit (kept in ``git stash list`` when they no longer apply).

Nothing committed can be lost: git moves the branch only when a rebase has finished, and the
commits ``sync`` had before are named by the journal (and ``ORIG_HEAD``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio, gitlock
from custnote.errors import GitError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

JOURNAL = "sync.json"


@dataclass
class SyncJournal:
    pid: int
    branch: str
    head: str
    stash: str = ""


def path(nb: Notebook) -> Path:
    return nb.state_dir / JOURNAL


def begin(nb: Notebook, branch: str, head: str) -> SyncJournal:
    journal = SyncJournal(os.getpid(), branch, head)
    save(nb, journal)
    return journal


def save(nb: Notebook, journal: SyncJournal) -> None:
    fsio.atomic_write(path(nb), json.dumps(asdict(journal)))  # durable: fsynced


def end(nb: Notebook) -> None:
    path(nb).unlink(missing_ok=True)


def load(nb: Notebook) -> SyncJournal | None:
    try:
        data = json.loads(path(nb).read_text("utf-8"))
        return SyncJournal(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        return SyncJournal(0, "", "")  # damaged: still an interrupted sync


def _alive(pid: int) -> bool:
    from custnote.adapters.fsio import pid_alive

    return pid_alive(pid)


def recover(nb: Notebook) -> str | None:
    """Undo a sync that was interrupted; the caller holds the notebook lock. Returns one line
    saying what was done, or None when there was nothing to do (no journal, or the sync that
    wrote it still runs)."""
    journal = load(nb)
    if journal is None or journal.pid == os.getpid() or _alive(journal.pid):
        return None
    git = nb.git
    started = path(nb).stat().st_mtime
    for lock in gitlock.lock_files(nb.root):  # only those made since the sync began: its own
        with contextlib.suppress(OSError):
            if lock.is_file() and lock.stat().st_mtime >= started - 1:
                lock.unlink()
    abort_git(nb)
    for temp in nb.root.glob(".merge_file_*"):
        temp.unlink(missing_ok=True)
    branch = journal.branch or "main"
    if git.rev(f"refs/heads/{branch}"):
        git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
    elif journal.head:
        git.run("update-ref", f"refs/heads/{branch}", journal.head)
        git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
    from custnote.core.privacy.absorb import undo_interrupted

    undo_interrupted(nb)  # a replay onto a colleague's 'forget' that was cut short
    restored = ""
    if journal.stash:
        git.run("reset", "-q", "--hard")
        if not git.stash_apply(journal.stash, nb.identity()):
            _keep_stash(nb, journal.stash)
            restored = (
                "; your uncommitted changes clash with the new state and are kept in git's "
                "stash: see them with 'git stash show -p', bring them back with 'git stash pop'"
            )
    else:
        _clean_tracked(nb)
    end(nb)
    return f"an interrupted sync was undone; your commits and edits are kept{restored}"


def abort_git(nb: Notebook) -> None:
    """Abort the rebase or merge a sync left in progress (the branch goes back to where it
    was, HEAD on it)."""
    git, dot_git = nb.git, nb.root / ".git"
    if (dot_git / "rebase-merge").exists() or (dot_git / "rebase-apply").exists():
        git.run("rebase", "--abort", check=False)
        for leftover in ("rebase-merge", "rebase-apply"):  # an abort that could not finish
            shutil.rmtree(dot_git / leftover, ignore_errors=True)
    if (dot_git / "MERGE_HEAD").exists():
        git.run("merge", "--abort", check=False)


def _clean_tracked(nb: Notebook) -> None:
    """After an aborted rebase the index must match HEAD (a kill can leave it half-updated);
    files the user changed are left as they are."""
    proc = nb.git.run("reset", "-q", check=False)
    if proc.returncode != 0:
        raise GitError(
            _(
                "the notebook at {root} was left in the middle of a sync and git cannot "
                "reset it ({value}); run 'git -C {root} status' and fix what it says"
            ).format(root=nb.root, value=proc.stderr.strip())
        )


def _keep_stash(nb: Notebook, stash: str) -> None:
    nb.git.run("stash", "store", "-m", "custnote sync: uncommitted changes", stash, check=False)
