"""What killed or crashed processes leave: an unsettled write journal, a stale git
``index.lock``, the writer lock naming a dead process, temporary files of an interrupted atomic
write. (custnote's private files committed by mistake: :mod:`custnote.core.checks.caches`.)"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from custnote.adapters import fsio, gitlock
from custnote.core.checks import Finding
from custnote.core.notebook import journal

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "interrupted"


def _dead_holder(nb: Notebook) -> str:
    with contextlib.suppress(OSError):
        pid = nb.lock_path.read_text().strip()
        if pid.isdigit() and not fsio.pid_alive(int(pid)) and pid != str(os.getpid()):
            return pid
    return ""


def _temp_files(nb: Notebook) -> list[str]:
    found = []
    for top in ("customers", "archive"):
        for path in (nb.root / top).glob("*/.*.md.*.tmp"):
            found.append(path.relative_to(nb.root).as_posix())
    return sorted(found)


def find(nb: Notebook) -> list[Finding]:
    findings = []
    busy = fsio.lock_is_held(nb.lock_path)  # a writer at work: its traces are not stale

    def found(path: str, message: str, fixable: bool = True) -> None:
        findings.append(Finding(NAME, path, message, fixable))

    record = None if busy else journal.load(nb)
    if record:
        found("", f"an interrupted '{record.subject}' (pid {record.pid}) is neither completed "
              "nor rolled back")  # fmt: skip
    pid = "" if busy else _dead_holder(nb)
    if pid:
        found("", f"the writer lock names pid {pid}, which was killed while writing")
    for lock in [] if busy else gitlock.stale_locks(nb.root):
        rel = lock.relative_to(nb.root).as_posix()
        found(rel, "git's lock file is left over (no git process is running)")
    for rel in [] if busy else _temp_files(nb):
        found(rel, "temporary file of an interrupted write")
    return findings


def fix(nb: Notebook, findings: list[Finding]) -> list[str]:
    done: list[str] = []
    nb.notify = done.append
    with nb.locked(timeout=0):  # settles a journal, and an index.lock a dead writer left
        stale = gitlock.stale_locks(nb.root)
        if stale:
            done.append(f"removed the stale {gitlock.remove(nb.root, stale)}")
        for rel in _temp_files(nb):
            (nb.root / rel).unlink(missing_ok=True)
            done.append(f"removed {rel}")
    if any("writer lock" in f.message for f in findings) and not done:
        done.append("cleared the writer lock left by a killed process")
    return done
