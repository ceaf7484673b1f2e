"""Commits as the core knows them: custnote's commit messages (a subject and the
``Custnote-Op`` trailer that ``undo`` reads), the commits a history lists, and who makes them.
The git adapter (:mod:`custnote.adapters.gitrepo`) makes and lists them with these types."""

from __future__ import annotations

from dataclasses import dataclass

#: Trailer that marks custnote's own commits (``custnote undo`` looks for it).
OP_TRAILER = "Custnote-Op"
REVERTS_TRAILER = "Custnote-Reverts"


@dataclass(frozen=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    """One commit as listed by :meth:`custnote.adapters.gitrepo.GitRepo.log`."""

    sha: str
    author: str
    date: str  # ISO 8601 with offset
    subject: str
    body: str

    def trailer(self, key: str) -> str | None:
        for line in self.body.splitlines():
            if line.startswith(f"{key}: "):
                return line.split(": ", 1)[1].strip()
        return None


def commit_message(subject: str, op: str, trailers: dict[str, str] | None = None) -> str:
    """``subject``, a blank line, and the ``Custnote-Op: op`` trailer (then ``trailers``)."""
    lines = [f"{OP_TRAILER}: {op}", *(f"{k}: {v}" for k, v in (trailers or {}).items())]
    return f"{subject}\n\n" + "\n".join(lines) + "\n"
