"""A note's history, and ``undo``: the newest custnote commit of this user reverted as one
new, journalled commit (methods of :class:`~custnote.core.notebook.notebook.Notebook`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.core.notebook.commits import OP_TRAILER, REVERTS_TRAILER, Commit, commit_message
from custnote.errors import GitError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.note.model import Note


class NoteHistory:
    """History and undo of a notebook (mixed into
    :class:`~custnote.core.notebook.notebook.Notebook`)."""

    def history(self, note: Note, limit: int | None = None) -> list[Commit]:
        assert note.path
        return self.git.log("--follow", "--", note.path, limit=limit)

    def undo_target(self) -> Commit | None:
        """The newest custnote commit of this user that has not been undone (an ``undo`` is not
        undone; a colleague's commit, come in with a sync, is never offered)."""
        undone: set[str] = set()
        me = self.author()
        for commit in self.git.log("--grep", f"^{OP_TRAILER}: ", limit=1000):
            op = commit.trailer(OP_TRAILER)
            if op == "undo":
                undone.add(commit.trailer(REVERTS_TRAILER) or "")
            elif op == "init":
                return None
            elif op in ("audit", "forget"):
                continue  # a record of what was done (docs/privacy.md), never undone
            elif commit.author == me and op != "join" and commit.sha not in undone:
                return commit
        return None

    def undo(self, commit: Commit) -> str:
        """Revert ``commit`` as one new commit ``undo: SUBJECT``, journalled like every write
        (an interrupted undo is finished or taken back by the next command)."""
        from custnote.core.notebook import journal

        message = commit_message(f"undo: {commit.subject}", "undo", {REVERTS_TRAILER: commit.sha})
        with self.locked():
            changed = self.git.run(
                "diff-tree", "--no-commit-id", "--name-only", "-r", "--no-renames", "-z",
                commit.sha,
            ).stdout.split("\0")  # fmt: skip
            changed = [p for p in changed if p]
            dirty = {p for _ignored, p in self.git.dirty_paths(*changed)} if changed else set()
            record = journal.plan(self, "undo", message, changed, [], dirty, journal.REVERT)
            journal.begin(self, record)
            try:
                proc = self.git.run("revert", "--no-commit", commit.sha, check=False)
                if proc.returncode != 0:
                    raise GitError(
                        _(
                            "cannot undo {value} ({subject}) cleanly: later changes touch the same "
                            "lines; use 'custnote history' and 'custnote edit'"
                        ).format(value=commit.sha[:8], subject=commit.subject)
                    )
                journal.mark_written(self, record)
                sha = journal.complete(self, record) or ""
            except BaseException:
                journal.rollback(self, record)
                journal.end(self)
                raise
            journal.end(self)
        self.forget_store()
        for hook in self.write_hooks:
            hook(self, changed)
        return sha
