"""A write in progress: the files it stages, written and committed together when it ends.

:meth:`custnote.core.notebook.notebook.Notebook.transaction` makes one and commits it; the writing
goes through the write journal (:mod:`custnote.core.notebook.journal`) so that it is all or nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from custnote.adapters import fsio
from custnote.core.note.model import Note
from custnote.core.note.noteformat import parse_note, read_front_matter, serialise_note
from custnote.core.note.validation import validate_fields
from custnote.core.notebook import journal
from custnote.core.notebook.locate import ARCHIVE, CUSTOMERS
from custnote.errors import ConflictError, CustnoteError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


@dataclass
class Transaction:
    """The files one write changes; written and committed together when the ``with`` block
    ends, through the write journal (:mod:`custnote.core.notebook.journal`): all or nothing, even
    when the process is killed."""

    notebook: Notebook
    message: str = ""
    op: str = ""
    paths: list[str] = field(default_factory=list)
    #: Bulk writes (imports of thousands of files) write in place and sync once at the end.
    bulk: bool = False
    staged: dict[str, str | bytes] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)

    def read(self, rel: str) -> str:
        if rel in self.staged:
            staged = self.staged[rel]
            return staged if isinstance(staged, str) else staged.decode("utf-8")
        return self.notebook.read_text(rel)

    def write(self, rel: str, text: str, *, validated: bool = False, sealed: bool = False) -> None:
        """Stage ``text`` for ``rel``. A path through a link is refused (docs/security.md), and
        a note is checked whole first (not only what changed): custnote never commits a note
        that fails validation or passes the size limits. Restricted values are then encrypted
        (docs/privacy.md): what is staged is what goes to disk. ``sealed``: the text is already
        as it must be on disk (a merge of two files' texts), staged unchanged."""
        from custnote.core.note.limits import check_note_size

        self.notebook.path(rel)  # refused when it or a folder on its way is a link
        check_note_size(rel, text)
        if not validated and is_note_path(rel):
            # bulk (import): the front-matter only; the importer parsed each log it adds to
            fields = read_front_matter(text, rel) if self.bulk else parse_note(text, rel).fields
            validate_fields(fields, self.notebook.config, rel)
        if sealed:
            self.staged[rel] = text
        else:
            self.staged[rel] = self.notebook.seal(rel, text, lambda: self._before(rel))
        self.paths.append(rel)

    def _before(self, rel: str) -> str | None:
        """The file's text before this write (None for a new file)."""
        if rel in self.staged:
            staged = self.staged[rel]
            return staged if isinstance(staged, str) else staged.decode("utf-8")
        try:
            return fsio.read_text(self.notebook.path(rel))
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def write_note(self, note: Note) -> None:
        """Write a new note (from :meth:`Notebook.new_note`, which validated it)."""
        assert note.path
        self.write(note.path, serialise_note(note), validated=True)

    def move(self, src: str, dst: str) -> None:
        """Move a file (its bytes unchanged); never over an existing file."""
        if self.notebook.path(dst).exists() or dst in self.staged:
            raise ConflictError(_("{dst} already exists; nothing was moved").format(dst=dst))
        try:
            self.staged[dst] = fsio.read_bytes(self.notebook.path(src))
        except FileNotFoundError:
            raise note_gone(src) from None
        self.deleted.append(src)
        self.paths += [src, dst]

    def remove(self, rel: str) -> None:
        """Delete a file (its old version stays in git's history)."""
        if not self.notebook.path(rel).exists():
            raise note_gone(rel)
        self.deleted.append(rel)
        self.paths.append(rel)

    def flush(self) -> journal.Journal | None:
        """Journal, then write every staged file and delete the moved ones, synced to disk.
        Returns the journal (None when nothing was staged); if a write fails, everything is
        put back and the error is raised."""
        if not self.staged and not self.deleted:
            return None
        nb, root = self.notebook, self.notebook.root
        touched = [*self.staged, *self.deleted]
        dirty = nb.git.uncommitted() if self.bulk else {p for _, p in nb.git.dirty_paths(*touched)}
        intended = {rel: journal.digest(data) for rel, data in self.staged.items()}
        intended |= dict.fromkeys(self.deleted, "")
        record = journal.plan(nb, self.op, self.message, touched, self.paths, dirty,
                              intended=intended)  # fmt: skip
        journal.begin(nb, record)
        try:
            new, committed = set(record.new), set(record.committed)
            for rel, data in self.staged.items():
                path = fsio.inside(root, rel)  # no folder on the way is a link
                if not self.bulk:
                    fsio.atomic_write(path, data)
                elif rel in new:  # (all staged; the journal removes it if anything fails)
                    fsio.create(path, data)
                elif rel in committed:  # git holds the old version; in place is much faster
                    fsio.overwrite(path, data)
                else:
                    fsio.atomic_write(path, data, durable=False)
            for rel in self.deleted:
                fsio.inside(root, rel).unlink()
            if self.bulk:
                os.sync()
            else:
                for folder in {(root / rel).parent for rel in touched}:
                    if folder.exists():
                        fsio.fsync_dir(folder)
            journal.mark_written(nb, record)
        except BaseException:
            journal.rollback(nb, record)
            journal.end(nb)
            raise
        finally:
            self.staged.clear()
        return record


def is_note_path(rel: str) -> bool:
    return rel.endswith(".md") and rel.split("/", 1)[0] in (CUSTOMERS, ARCHIVE)


def note_gone(rel: str) -> CustnoteError:
    return ConflictError(
        _(
            "{rel} no longer exists (archived or removed by another command "
            "meanwhile); nothing was written"
        ).format(rel=rel)
    )
