"""custnote's own JSON export read back: each customer object becomes one record.

Its ``fields`` and ``body`` are flattened exactly as a CSV export would be, so they go through
the same mapping and checks; its ``log`` entries come along with the record, and the import adds
them to the customer's log (those it already holds are not added twice).
"""

from __future__ import annotations

import json
from pathlib import Path

from custnote.adapters.io.table import Record, Table, headers_of
from custnote.core.exporting.rows import flatten
from custnote.core.note.json_records import entry_from_record
from custnote.core.note.model import LogEntry
from custnote.errors import InvalidValueError
from custnote.i18n import _


def read(path: Path) -> Table:
    """Read a JSON export (a list of customer objects, or one object)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValueError(
            "file", path.name, _("not a JSON export ({exc})").format(exc=exc)
        ) from None
    items = data if isinstance(data, list) else [data]
    records = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            raise InvalidValueError(
                "file", path.name, _("item {number} has no 'fields' mapping").format(number=number)
            )
        values = dict(flatten(item["fields"], item.get("body") or ""))
        records.append(Record(number, values, _log(item.get("log") or [], number, path.name)))
    return Table(path.name, headers_of(records), records)


def _log(entries: object, number: int, source: str) -> tuple[LogEntry, ...]:
    """The log entries of customer ``number``; a bad one names the item, the entry and its key."""
    if not isinstance(entries, list):
        raise InvalidValueError(
            _("item {number}, log").format(number=number),
            entries,
            _("must be a list"),
            source=source,
        )
    log = []
    for position, entry in enumerate(entries, start=1):
        where = _("item {number}, log entry {position}").format(number=number, position=position)
        if not isinstance(entry, dict):
            raise InvalidValueError(where, entry, _("must be an object"), source=source)
        try:
            log.append(entry_from_record(entry))
        except InvalidValueError as exc:
            raise InvalidValueError(f"{where}, {exc.field}", exc.value, exc.reason,
                                    source=source) from None  # fmt: skip
    return tuple(log)
