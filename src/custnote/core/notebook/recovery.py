"""What a killed custnote leaves, settled by the next one that takes the notebook's lock.

- Its journal (:mod:`custnote.core.notebook.journal`): the write is completed or rolled back.
- git's lock files (``.git/index.lock``, ``HEAD.lock``, ``refs/heads/main.lock`` …), when a
  killed custnote's git left them: the lock file of the notebook
  still names the dead writer (a clean exit empties it), or a journal is pending. It is removed
  only while custnote holds the notebook's lock (no other custnote is running git) and no live
  git process works in the repository (:mod:`custnote.adapters.gitlock`); a git that is still
  finishing is given a few seconds. An ``index.lock`` with no such trace is someone else's
  (a ``git`` typed in a terminal): it is left alone, and ``custnote check`` reports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.adapters import gitlock
from custnote.core.notebook import journal

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

#: How long to wait for a running git (a killed custnote's child) to finish by itself.
GIT_GRACE_S = 5.0


def recover(nb: Notebook, dead_holder: str) -> list[str]:
    """Settle what a killed writer left (the caller has just taken the lock); one line per
    thing done. ``dead_holder`` is the pid the lock file held ("" after a clean release)."""
    lines = []
    record = journal.load(nb)
    if record or dead_holder:
        stale = gitlock.stale_locks(nb.root, wait=GIT_GRACE_S)
        if stale:
            removed = gitlock.remove(nb.root, stale)
            who = f"pid {record.pid if record else dead_holder}"
            lines.append(f"removed {removed} left by an interrupted custnote ({who})")
    if record:
        lines.append(journal.settle(nb, record))
    return lines
