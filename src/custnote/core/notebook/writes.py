"""Every change to a note, each one commit under the notebook's lock: add a customer, log,
set fields, store a hand edit, archive and bring back (methods of
:class:`~custnote.core.notebook.notebook.Notebook`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.adapters import fsio
from custnote.core import clock
from custnote.core.note.controlchars import check_entry
from custnote.core.note.fieldops import REMOVE
from custnote.core.note.model import KNOWN_FIELDS, LogEntry, Note
from custnote.core.note.noteformat import insert_entry, parse_note, set_field, unset_field
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.commits import commit_message
from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE
from custnote.core.notebook.locate import ARCHIVE, CUSTOMERS
from custnote.errors import ConflictError, CustnoteError, InvalidValueError
from custnote.i18n import _

if TYPE_CHECKING:
    pass


class EditRejectedError(CustnoteError):
    """An edited note failed validation; the edit was saved to a recovery file."""

    def __init__(self, reason: str, recovery: Path):
        self.recovery = recovery
        super().__init__(f"{reason}; the note was not changed, your edit is kept in {recovery}")


class NoteWrites:
    """The writes of a notebook (mixed into :class:`~custnote.core.notebook.notebook.Notebook`)."""

    def new_note(
        self,
        fields: dict[str, Any],
        body: str = "",
        log: list[LogEntry] | None = None,
        *,
        taken: set[str] | None = None,
    ) -> Note:
        """A validated new note with an id, ``created`` date and path, not yet written.

        Bulk writers pass ``taken`` (from :meth:`taken_ids`, kept up to date by this method)
        so that making many notes does not rescan the notebook each time."""
        from custnote.core.note.naming import new_id, note_path  # secrets and jaconv: writers only

        fields = dict(fields)
        taken = self.taken_ids() if taken is None else taken
        if fields.get("id") in (None, ""):
            fields["id"] = next(i for i in iter(new_id, None) if i not in taken)
        elif str(fields["id"]) in taken:
            raise InvalidValueError("id", fields["id"], _("is already used by another customer"))
        fields.setdefault("created", clock.today())
        ordered = {k: fields[k] for k in KNOWN_FIELDS if k in fields}
        ordered |= {k: v for k, v in fields.items() if k not in ordered}
        rel = note_path(CUSTOMERS, str(ordered.get("name", "")), ordered.get("kana"), ordered["id"])
        validate_fields(ordered, self.config, rel)
        for entry in log or []:
            self.check_kind(entry.kind)
            check_entry(entry, rel)
        taken.add(str(ordered["id"]))
        return Note(
            fields=ordered, body=body, log=sorted(log or [], key=lambda e: e.sort_key), path=rel
        )

    def create(
        self, fields: dict[str, Any], body: str = "", log: list[LogEntry] | None = None
    ) -> Note:
        """Add a customer; one commit ``add: NAME``."""
        note = self.new_note(fields, body, log)
        with self.transaction(f"add: {note.name}", "add") as tx:
            tx.write_note(note)
        return note

    def check_kind(self, kind: str) -> None:
        if kind not in self.config.log_kinds:
            allowed = ", ".join(self.config.log_kinds)
            raise InvalidValueError(
                "kind",
                kind,
                _("must be one of {allowed} (see {CONFIG_DIR}/{CONFIG_FILE})").format(
                    allowed=allowed, CONFIG_DIR=CONFIG_DIR, CONFIG_FILE=CONFIG_FILE
                ),
            )

    def add_entry(self, note: Note, entry: LogEntry | Callable[[str], LogEntry]) -> LogEntry:
        """Add a log entry; one commit ``log: NAME (KIND)``. ``entry`` may be a function of the
        note's text, called under the lock (``done`` reads the open follow-ups that way)."""
        assert note.path
        kind = entry.kind if isinstance(entry, LogEntry) else "note"
        with self.transaction(f"log: {note.name} ({kind})", "log") as tx:
            text = tx.read(note.path)
            made = entry if isinstance(entry, LogEntry) else entry(text)
            self.check_kind(made.kind)
            check_entry(made, note.path)
            if made.kind != kind:
                tx.message = commit_message(f"log: {note.name} ({made.kind})", "log")
            tx.write(note.path, insert_entry(text, made, note.path))
        return made

    def update_fields(
        self, note: Note, changes: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Note:
        """Set or remove (:data:`~custnote.core.note.fieldops.REMOVE`) top-level fields; one commit.
        ``changes`` may be a function of the note's current fields, called under the lock (so
        ``tags+=x`` from two processes at once keeps both)."""
        assert note.path
        with self.transaction(f"set: {note.name}", "set") as tx:
            text = tx.read(note.path)
            wanted = changes(parse_note(text, note.path).fields) if callable(changes) else changes
            tx.message = commit_message(f"set: {note.name} ({', '.join(sorted(wanted))})", "set")
            for key, value in wanted.items():
                if value is REMOVE:
                    text = unset_field(text, key, note.path)
                else:
                    text = set_field(text, key, value, note.path)
            updated = parse_note(text, note.path)
            validate_fields(updated.fields, self.config, note.path)
            tx.write(note.path, text, validated=True)
        return updated

    def replace_text(self, note: Note, original: str, edited: str) -> Note | None:
        """Store a hand edit of a note's whole text (``custnote edit``); None when unchanged.

        An edit that fails validation, or that would overwrite a change made since ``original``
        was read, is saved to a recovery file and rejected with :class:`EditRejectedError`."""
        assert note.path
        if edited == original:
            return None
        try:
            updated = parse_note(edited, note.path)
            validate_fields(updated.fields, self.config, note.path)
            if updated.id != note.id:
                raise InvalidValueError(
                    "id",
                    updated.id,
                    _("cannot be changed (was {id!r})").format(id=note.id),
                    source=note.path,
                )
        except CustnoteError as exc:
            raise EditRejectedError(str(exc), self.save_recovery(note, edited)) from None
        with self.transaction(f"edit: {updated.name}", "edit") as tx:
            if tx.read(note.path) != original:
                reason = _("{path} was changed by someone else while you were editing").format(
                    path=note.path
                )
                raise EditRejectedError(reason, self.save_recovery(note, edited))
            tx.write(note.path, edited)
        return updated

    def save_recovery(self, note: Note, text: str) -> Path:
        """Keep a rejected edit in the private state (``.git/custnote/recovery/``): never in the
        work tree, where a committed link could send it elsewhere and ``git add .`` share it."""
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        stem = Path(note.path or note.id).stem
        path = self.state_dir / "recovery" / f"{stem}-{stamp}-{os.getpid()}.md"
        fsio.atomic_write(path, text)
        return path

    def archive(self, note: Note) -> str:
        """Move a note to ``archive/`` (``custnote rm``): recoverable, never destroyed."""
        return self._move_note(note, CUSTOMERS, ARCHIVE, f"rm: {note.name} (archived)", "rm")

    def unarchive(self, note: Note) -> str:
        """Bring an archived note back to ``customers/``."""
        subject = f"restore: {note.name} (from archive)"
        return self._move_note(note, ARCHIVE, CUSTOMERS, subject, "unarchive")

    def _move_note(self, note: Note, src_top: str, dst_top: str, subject: str, op: str) -> str:
        """Move a note between the top folders, keeping its name; one commit. Checked under the
        lock: the note is still there, and no note with its id is where it goes."""
        assert note.path and note.path.startswith(f"{src_top}/")
        target = dst_top + note.path[len(src_top) :]
        with self.transaction(subject, op) as tx:
            if not (self.root / note.path).exists():
                from custnote.core.notebook.transaction import note_gone

                raise note_gone(note.path)
            archived = dst_top == ARCHIVE
            there = [
                rel
                for rel, summary in self.summaries(archived=archived).items()
                if str(summary.get("id")) == note.id
            ]
            if there:
                raise ConflictError(
                    _(
                        "a note with id {id!r} already exists at {value}; {path} was not moved "
                        "(merge the two with 'custnote edit', then remove one)"
                    ).format(id=note.id, value=there[0], path=note.path)
                )
            tx.move(note.path, target)
        return target
