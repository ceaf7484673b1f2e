"""git's own lock (``.git/index.lock``): is it held by a live git process, or left by a dead one?

git creates ``index.lock`` while it changes the index and removes it when done; a git killed in
between leaves it, and every later git write then fails. Removing it is safe only when no git
process is working in the repository, so this module looks for one: on Linux through ``/proc``
(a ``git`` process whose working folder is inside the repository), elsewhere by the lock's age.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

#: Without /proc, a lock untouched this long (seconds) is taken to be stale.
STALE_AGE_S = 120.0


def index_lock(root: Path) -> Path:
    return root / ".git" / "index.lock"


def live_git_pids(root: Path) -> list[int] | None:
    """Pids of ``git`` processes working inside ``root``; None when this cannot be known."""
    proc = Path("/proc")
    if not (proc / "self" / "cwd").exists():
        return None
    target = str(root.resolve())
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "git":
                continue
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone meanwhile, or not ours to look at
        if cwd == target or cwd.startswith(target + os.sep):
            found.append(int(entry.name))
    return found


def stale_index_lock(root: Path, wait: float = 0.0) -> Path | None:
    """``.git/index.lock`` when it exists and no git process can be holding it (waiting up to
    ``wait`` seconds for a running git to finish); None otherwise."""
    lock = index_lock(root)
    deadline = time.monotonic() + wait
    while lock.exists():
        pids = live_git_pids(root)
        if pids == []:
            return lock
        if pids is None:
            try:
                if time.time() - lock.stat().st_mtime > STALE_AGE_S:
                    return lock
            except FileNotFoundError:
                return None
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)
    return None
