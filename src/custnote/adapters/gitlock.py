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


def lock_files(root: Path) -> list[Path]:
    """git's lock files in the repository: ``index.lock``, ``HEAD.lock``, a branch's
    ``refs/heads/main.lock``, a reflog's … (a commit takes several; a killed one can leave any).
    The one list both the write recovery and the sync journal clean up."""
    git_dir = root / ".git"
    if not git_dir.is_dir():
        return []
    nested = [*(git_dir / "refs").rglob("*.lock"), *(git_dir / "logs").rglob("*.lock")]
    return sorted([*git_dir.glob("*.lock"), *nested])


def stale_locks(root: Path, wait: float = 0.0) -> list[Path]:
    """git's lock files when no git process can be holding them (waiting up to ``wait``
    seconds for a running git to finish); [] when there are none, or a git is at work."""
    deadline = time.monotonic() + wait
    while locks := lock_files(root):
        pids = live_git_pids(root)
        if pids == []:
            return locks
        if pids is None:
            old = [p for p in locks if _age(p) > STALE_AGE_S]
            if old:
                return old
        if time.monotonic() >= deadline:
            return []
        time.sleep(0.1)
    return []


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def remove(root: Path, locks: list[Path]) -> str:
    """Remove ``locks``; returns them as one readable list (``.git/index.lock, …``)."""
    for lock in locks:
        lock.unlink(missing_ok=True)
    return ", ".join(lock.relative_to(root).as_posix() for lock in locks)
