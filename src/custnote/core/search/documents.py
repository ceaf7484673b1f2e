"""The documents the search index holds: one per customer (fields, body, every log entry), as
:class:`~.document.SearchDocument`. The index keeps no copy of the note: ``who`` reads the
caller's file, which the index names (stored fields only for what results show)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.core.note.json_records import plain
from custnote.core.note.model import Note
from custnote.core.search.document import DocEntry, SearchDocument
from custnote.errors import CustnoteError, UnsafePathError

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


#: front-matter keys that have their own index field (the rest go to ``details``)
_OWN_FIELDS = {"id", "name", "kana", "company", "owner", "status", "tags", "phones", "created"}


def note_document(note: Note) -> SearchDocument:
    """The index document of a note."""
    fields = plain(note.fields)
    details = [
        f"{key}: {_flatten(value)}" for key, value in fields.items() if key not in _OWN_FIELDS
    ]
    return SearchDocument(
        path=note.path or "",
        id=str(note.id),
        name=_flatten(note.name),
        kana=_flatten(fields.get("kana")),
        company=_flatten(fields.get("company")),
        owner=_flatten(fields.get("owner")),
        status=_flatten(fields.get("status")),
        tags=[str(t) for t in note.list_field("tags")],
        phones=[str(p) for p in note.list_field("phones")],
        emails=[str(e) for e in note.list_field("emails")],
        body=note.body,
        details="\n".join(details),
        entries=[
            DocEntry(
                date=e.date.isoformat(),
                time=e.time.strftime("%H:%M") if e.time else "",
                kind=e.kind,
                author=e.author or "",
                text=e.text,
            )
            for e in note.sorted_log()
        ],
    )


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


def broken_document(rel: str, text: str) -> SearchDocument:
    """A note that does not parse is still found by its text (under its file name)."""
    return SearchDocument(path=rel, id=Path(rel).stem.rsplit("-", 1)[-1], name=rel, body=text)


def load_document(nb: Notebook, rel: str) -> SearchDocument:
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
