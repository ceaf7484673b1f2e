"""Plain JSON-ready records of notes, the stable schema of ``--json`` (docs/FORMAT.md)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from custnote.core.note.model import LogEntry, Note
from custnote.errors import InvalidValueError
from custnote.i18n import _


def plain(value: Any) -> Any:
    """``value`` with dates as ISO strings and decimals as exact strings, recursively."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def entry_record(entry: LogEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "time": entry.time.strftime("%H:%M") if entry.time else None,
        "kind": entry.kind,
        "author": entry.author,
        "duration_min": entry.duration_min,
        "amount": plain(entry.amount),
        "follow_up": plain(entry.follow_up),
        "done": plain(entry.done),
        "attributes": dict(entry.attributes),
        "text": entry.text,
    }


def entry_from_record(record: dict[str, Any]) -> LogEntry:
    """The log entry an :func:`entry_record` describes (a ``--json`` export read back).
    Raises :class:`InvalidValueError` naming the key whose value cannot be read."""

    def read(key: str, parse: Any) -> Any:
        value = record.get(key)
        if value in (None, ""):
            return None
        try:
            return parse(value)
        except (TypeError, ValueError, InvalidOperation):
            raise InvalidValueError(key, value, _("cannot be read")) from None

    entry_date = read("date", date.fromisoformat)
    if entry_date is None:
        raise InvalidValueError("date", record.get("date"), _("a log entry needs a date"))
    attributes = record.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidValueError("attributes", attributes, _("must be a mapping of key: value"))
    return LogEntry(
        date=entry_date,
        kind=str(record.get("kind") or "note"),
        text=str(record.get("text") or ""),
        time=read("time", time.fromisoformat),
        author=read("author", str),
        duration_min=read("duration_min", int),
        amount=read("amount", lambda v: Decimal(str(v))),
        follow_up=read("follow_up", date.fromisoformat),
        done=read("done", date.fromisoformat),
        attributes={str(k): str(v) for k, v in attributes.items()},
    )


def note_record(note: Note, *, with_log: bool = True) -> dict[str, Any]:
    """A customer as ``{"id", "name", "path", "fields", "body", "log"}``."""
    record: dict[str, Any] = {
        "id": note.id,
        "name": note.name,
        "path": note.path,
        "fields": plain(note.fields),
    }
    if with_log:
        record["body"] = note.body
        record["log"] = [entry_record(e) for e in note.sorted_log()]
    return record


def summary_record(path: str, summary: dict[str, Any]) -> dict[str, Any]:
    """A ``list --json`` item from a catalog summary."""
    fields = {k: v for k, v in summary.items() if k not in ("match", "log_count", "last_contact")}
    return {
        "id": summary.get("id"),
        "name": summary.get("name"),
        "path": path,
        "fields": fields,
        "log_count": summary.get("log_count", 0),
        "last_contact": summary.get("last_contact"),
    }
