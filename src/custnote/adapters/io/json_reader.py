"""custnote's own JSON export read back: each customer object becomes one record.

Its ``fields`` and ``body`` are flattened exactly as a CSV export would be, so they go through
the same mapping and checks. (The ``log`` is not imported from JSON.)
"""

from __future__ import annotations

import json
from pathlib import Path

from custnote.adapters.io.table import Record, Table, headers_of
from custnote.core.exporting import flatten
from custnote.errors import InvalidValueError


def read(path: Path) -> Table:
    """Read a JSON export (a list of customer objects, or one object)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValueError("file", path.name, f"not a JSON export ({exc})") from None
    items = data if isinstance(data, list) else [data]
    records = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            raise InvalidValueError("file", path.name, f"item {number} has no 'fields' mapping")
        records.append(Record(number, dict(flatten(item["fields"], item.get("body") or ""))))
    notes = (
        ["log entries in a JSON file are not imported"] if any(i.get("log") for i in items) else []
    )
    return Table(path.name, headers_of(records), records, notes)
