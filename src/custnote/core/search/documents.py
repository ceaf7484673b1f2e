"""The documents the search index holds: one per customer (fields, body, every log entry), and
the note kept in it for ``who`` (read back by :func:`stored_note`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.core.note.json_records import plain
from custnote.core.note.model import Note
from custnote.core.search.note_record import note_from_record, note_record
from custnote.errors import CustnoteError, UnsafePathError

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


#: front-matter keys that have their own index field (the rest go to ``details``)
_OWN_FIELDS = {"id", "name", "kana", "company", "owner", "status", "tags", "phones", "created"}


def note_document(note: Note) -> dict[str, Any]:
    """The index document of a note (see ``search_index._index_fields``).

    ``record`` is the parsed note itself as exact JSON (:mod:`custnote.core.search.note_record`):
    ``who`` shows the caller's card from it rather than parsing the file again.
    """
    fields = plain(note.fields)
    details = [
        f"{key}: {_flatten(value)}" for key, value in fields.items() if key not in _OWN_FIELDS
    ]
    return {
        "path": note.path,
        "id": note.id,
        "name": note.name,
        "kana": fields.get("kana"),
        "company": fields.get("company"),
        "owner": fields.get("owner"),
        "status": fields.get("status"),
        "tags": note.list_field("tags"),
        "phones": note.list_field("phones"),
        "emails": note.list_field("emails"),
        "body": note.body,
        "details": "\n".join(details),
        "entries": [
            {
                "date": e.date.isoformat(),
                "time": e.time.strftime("%H:%M") if e.time else "",
                "kind": e.kind,
                "author": e.author or "",
                "text": e.text,
            }
            for e in note.sorted_log()
        ],
        "record": note_record(note),
    }


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


def broken_document(rel: str, text: str) -> dict[str, Any]:
    """A note that does not parse is still found by its text (under its file name)."""
    return {"path": rel, "id": Path(rel).stem.rsplit("-", 1)[-1], "name": rel, "body": text}


def load_document(nb: Notebook, rel: str) -> dict[str, Any]:
    """The document of a note; a note that does not parse is indexed as text, one that is a
    link (or lies behind one) is not read at all (an empty document under its name)."""
    from custnote.adapters.fsio import read_bytes

    try:
        return note_document(nb.load(rel))
    except UnsafePathError:
        return broken_document(rel, "")
    except (CustnoteError, UnicodeDecodeError):
        text = read_bytes(nb.path(rel)).decode("utf-8", errors="replace")
        return broken_document(rel, text)


def is_indexed(rel: str) -> bool:
    """Whether the index holds this file: ``customers/<bucket>/<file>.md``."""
    return rel.startswith("customers/") and rel.endswith(".md") and rel.count("/") == 2


def stored_note(nb: Notebook, doc: dict[str, Any]) -> Note:
    """The note as the index holds it (the index was brought up to date just before), or as
    the file has it when the record is of another form (another model, an older index)."""
    note = note_from_record(doc.get("record") or b"")
    return nb.load(doc["path"]) if note is None else note
