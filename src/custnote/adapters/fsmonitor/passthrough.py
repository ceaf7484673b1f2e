"""git commands of custnote's own commit that need not ask the watcher.

With the fsmonitor on, every git command that reads the index asks the hook (a Python start,
10-60 ms): a ``log`` would pay it five times (``add``, ``diff --cached``, ``write-tree``...).
Those commands look at known paths only, or at none (``write-tree`` and ``diff --cached`` read
the index and HEAD, not the work tree). For them custnote sets ``core.fsmonitor`` to a shell
one-liner (``printf``, about 1 ms) that answers with the token git gave it, unchanged, and those
paths: git checks exactly them, and the index it writes keeps the old token, so the next real
question to the watcher still covers every change since (the watcher keeps them all).
Unsetting ``core.fsmonitor`` for them instead would make git drop what it knows (the index
extension) when it writes the index.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

#: above this many bytes of paths the real hook is asked (one argument is at most 128 KiB)
MAX_BYTES = 32_000


def git_args(root: Path, paths: Sequence[str] = ()) -> list[str]:
    """``-c core.fsmonitor=...`` for a git command that looks at ``paths`` only; [] when
    custnote's fsmonitor is off in this clone or the paths are too many to list."""
    if not (root / ".git" / "custnote" / "fsmonitor.hook").exists():
        return []
    listed = " ".join(shlex.quote(p) for p in paths)
    if len(listed.encode("utf-8")) > MAX_BYTES:
        return []
    # git runs it as `sh -c 'COMMAND "$@"' COMMAND 2 TOKEN`: "$2" is the token
    return ["-c", f"core.fsmonitor=printf '%s\\0' \"$2\" {listed}; :"]
