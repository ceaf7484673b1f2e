"""A parsed note as exact JSON, and back: the record the search index keeps for ``who``.

``who`` shows the caller's card from the index rather than parsing the file again (which would
first import the YAML parser, ~12 ms). The record is JSON, never a pickle: reading an index
never runs code. Values keep their types: dates, times, date-times and amounts are tagged
(``{"date": "1970-05-12"}``), and every mapping is a list of pairs (``{"map": [[k, v], …]}``),
so that its keys keep their types and order.
"""

from __future__ import annotations

import json
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from custnote.core.note.model import LogEntry, Note

#: the Note and LogEntry model a record was written from: another one is not read back
MODEL = ",".join(f.name for cls in (Note, LogEntry) for f in dataclass_fields(cls))
_TAGGED = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "decimal": Decimal,
}


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):  # before date: a datetime is a date
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"no JSON form for {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "map":
            return {_decode(k): _decode(v) for k, v in inner}
        return _TAGGED[tag](inner)
    return value


def note_record(note: Note) -> bytes:
    """``note`` as JSON (UTF-8); empty when a value has no JSON form (``who`` reads the file)."""
    try:
        data = {
            "model": MODEL,
            "fields": _encode(note.fields),
            "body": note.body,
            "log": [
                {f.name: _encode(getattr(e, f.name)) for f in dataclass_fields(e)} for e in note.log
            ],
            "path": note.path,
            "log_preamble": note.log_preamble,
        }
    except TypeError:
        return b""
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def note_from_record(record: bytes) -> Note | None:
    """The note of :func:`note_record`; None when there is none of this model."""
    try:
        data = json.loads(record)
        if not isinstance(data, dict) or data.get("model") != MODEL:
            return None
        log = [LogEntry(**{k: _decode(v) for k, v in entry.items()}) for entry in data["log"]]
        return Note(
            fields=_decode(data["fields"]),
            body=data["body"],
            log=log,
            path=data["path"],
            log_preamble=data["log_preamble"],
        )
    except (ValueError, TypeError, KeyError, AttributeError):  # not a record of this form
        return None
