"""Commits as the core knows them (a port): who writes one, one listed from history, and the
trailers that mark custnote's own. :mod:`custnote.adapters.gitrepo` reads and writes them through
git; ``history``, ``undo`` and ``sync`` work with these types only."""

from __future__ import annotations

from dataclasses import dataclass

#: Trailer that marks custnote's own commits (``custnote undo`` looks for it).
OP_TRAILER = "Custnote-Op"
#: Trailer of an ``undo``: the commit it reverted.
REVERTS_TRAILER = "Custnote-Reverts"


@dataclass(frozen=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    """One commit of the notebook's history, newest first in a listing."""

    sha: str
    author: str
    date: str  # ISO 8601 with offset
    subject: str
    body: str

    def trailer(self, key: str) -> str | None:
        """The value of trailer ``key`` (``Custnote-Op: log``), or None."""
        for line in self.body.splitlines():
            if line.startswith(f"{key}: "):
                return line.split(": ", 1)[1].strip()
        return None
