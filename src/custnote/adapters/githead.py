"""The current commit of a repository, read from ``.git`` without running git.

A few file reads (``HEAD``, then the loose ref or ``packed-refs``) and nothing but :mod:`os`:
both :class:`custnote.adapters.gitrepo.GitRepo` and a Tab of shell completion, which must not
pay for importing more than it needs, read it here.
"""

from __future__ import annotations

import os


def head_commit(root: str | os.PathLike[str]) -> str | None:
    """The commit ``HEAD`` names; None without a commit, or when ``.git`` is not a folder here
    (a linked worktree, a submodule)."""
    git = os.path.join(root, ".git")
    try:
        head = _read(os.path.join(git, "HEAD"))
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        ref_file = os.path.join(git, ref)
        if os.path.isfile(ref_file):
            return _read(ref_file)
        for line in _read(os.path.join(git, "packed-refs")).splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()
