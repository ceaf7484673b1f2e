"""The plain records every reader yields. A reader is chosen for a file by
:func:`custnote.adapters.io.reading.read_table`, which imports the readers; they import only
this module."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from custnote.core.note.model import LogEntry
from custnote.errors import InvalidValueError


@dataclass(frozen=True)
class Record:
    """One data row: its number as the user sees it (sheet row, or card number) and its cells;
    a JSON export's customer also brings its log entries."""

    row: int
    values: dict[str, object]
    log: tuple[LogEntry, ...] = ()


@dataclass
class Table:
    """What a reader found: the headers in file order, the records, and notes for the user
    about what was read but not imported (a vCard's PHOTO, a title row above the header)."""

    source: str
    headers: list[str]
    records: list[Record]
    notes: list[str] = field(default_factory=list)
    #: Where a recognised layout sends each column (``--map`` still wins); see apply_layout.
    column_defaults: dict[str, str] = field(default_factory=dict)
    layout: str = ""


def is_blank(value: object) -> bool:
    """True for an empty cell (None, or text of only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def unique_headers(cells: Sequence[object]) -> list[str]:
    """Headers as text, made unique (``電話番号``, ``電話番号_2``); unnamed columns get a name."""
    headers: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells, start=1):
        text = "" if cell is None else str(cell).strip()
        text = text or f"column_{index}"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text}_{seen[text]}")
    return headers


def headers_of(records: Sequence[Record]) -> list[str]:
    """Every key the records use, in first-seen order (for formats without a header row)."""
    headers: dict[str, None] = {}
    for record in records:
        headers.update(dict.fromkeys(record.values))
    return list(headers)


def table_from_rows(source: str, rows: Sequence[tuple[int, Sequence[object]]]) -> Table:
    """Build a table from numbered rows: the header is the first row with two or more filled
    cells (a title row above it is skipped, and said so); blank rows are left out."""
    filled = [(number, cells) for number, cells in rows if any(not is_blank(c) for c in cells)]
    if not filled:
        raise InvalidValueError("file", source, "no rows to import")
    widest = max(sum(not is_blank(c) for c in cells) for _, cells in filled)
    header_at = next(
        i
        for i, (_, cells) in enumerate(filled)
        if sum(not is_blank(c) for c in cells) >= min(2, widest)
    )
    notes = [f"row {number} (above the header) not imported" for number, _ in filled[:header_at]]
    header_cells = list(filled[header_at][1])
    width = max(len(cells) for _, cells in filled[header_at:])
    header_cells += [None] * (width - len(header_cells))
    headers = unique_headers(header_cells)
    records = [
        Record(number, {h: v for h, v in zip(headers, cells, strict=False) if not is_blank(v)})
        for number, cells in filled[header_at + 1 :]
    ]
    return Table(source, headers, records, notes)
