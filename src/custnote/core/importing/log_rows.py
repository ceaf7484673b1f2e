"""Contact-history rows (``import --log``): each row becomes a :class:`LogRow` (cells converted
and checked as :mod:`custnote.core.importing.customers` does for customers) and is matched to the
customer it names, by id, email, phone (when only one customer has it) or exact name. Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from custnote.core.importing import cell_dates as jdates
from custnote.core.importing.cells import (
    amount_value,
    bad_cell,
    cell_text,
    date_cell,
    duration_minutes,
    filled,
    word,
)
from custnote.core.importing.cells import converted as convert_cell
from custnote.core.importing.mapping import EXTRA, KIND_WORDS, ColumnMapping
from custnote.core.importing.match import CustomerIndex
from custnote.core.note.identity import email_key
from custnote.core.note.model import LogEntry
from custnote.core.note.textnorm import compact
from custnote.core.notebook.config import NotebookConfig
from custnote.errors import InvalidValueError
from custnote.i18n import _

#: Log attribute keys as docs/FORMAT.md allows them; other extra columns go into the text.
_ATTRIBUTE_KEY = re.compile(r"^[A-Za-z][\w-]*$")


@dataclass
class LogRow:
    """One history row: who it is about (the raw customer columns) and the entry."""

    row: int
    customer: dict[str, str]
    entry: LogEntry


_CUSTOMER_TARGETS = ("customer_id", "customer_email", "customer_phone", "customer_name",
                     "customer")  # fmt: skip
_ENTRY_KEYS = {"duration": "duration_min", "follow_up": "follow_up", "done": "done",
               "amount": "amount", "author": "author", "kind": "kind", "time": "time"}  # fmt: skip


def _time_of_day(value: object) -> dt.time:
    return (
        value.replace(second=0)
        if isinstance(value, dt.time)
        else jdates.parse_time(cell_text(value))
    )


def _moment(value: object) -> tuple[dt.date, dt.time | None]:
    """A day and maybe a time; an 8-digit number (``20261120`` kept as a number by Excel) is
    YYYYMMDD, as for customers (:func:`custnote.core.importing.cells.date_cell`)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and float(value).is_integer() and len(str(int(value))) == 8:
        return date_cell(value), None
    return jdates.parse_cell_datetime(value)


_LOG_CONVERTERS: dict[str, Callable[[object], Any]] = {
    "date": _moment, "time": _time_of_day, "follow_up": date_cell, "done": date_cell,
    "duration": duration_minutes, "amount": amount_value,
}  # fmt: skip


def _log_converter(target: str, config: NotebookConfig) -> Callable[[object], Any]:
    if target == "kind":
        return lambda value: word(value, KIND_WORDS, config.log_kinds, "kind")
    return _LOG_CONVERTERS.get(target, cell_text)


def draft_log(
    row: int,
    values: Mapping[str, object],
    mappings: Sequence[ColumnMapping],
    config: NotebookConfig,
    *,
    source: str,
) -> LogRow:
    """Convert one history record; raises InvalidValueError naming the file, row and column."""
    customer: dict[str, str] = {}
    parts: dict[str, Any] = {"attributes": {}}
    texts: list[str] = []
    for mapping, value in filled(values, mappings):
        if mapping.target == EXTRA:
            if _ATTRIBUTE_KEY.match(mapping.key):
                parts["attributes"][mapping.key] = cell_text(value)
            else:  # not a valid attribute key: kept in the text
                texts.append(f"{mapping.key}: {cell_text(value)}")
            continue
        convert = _log_converter(mapping.target, config)
        converted = convert_cell(mapping, value, convert, row, source)
        if mapping.target in _CUSTOMER_TARGETS:
            customer[mapping.target] = converted
        elif mapping.target == "text":
            texts.append(converted)
        elif mapping.target == "date":
            parts["date"] = converted[0]
            if converted[1] is not None:
                parts.setdefault("time", converted[1])
        else:
            parts[_ENTRY_KEYS[mapping.target]] = converted
    _require(row, mappings, source, date="date" in parts, customer=bool(customer))
    parts.setdefault("kind", "note" if "note" in config.log_kinds else config.log_kinds[0])
    try:
        entry = LogEntry(text="\n\n".join(texts), **parts)
    except InvalidValueError as exc:  # an author LogEntry refuses
        column = next((m.column for m in mappings if m.target == exc.field), exc.field)
        raise bad_cell(source, row, column, exc.value, exc.reason) from None
    return LogRow(row, customer, entry)


def _require(row: int, mappings: Sequence[ColumnMapping], source: str, **present: bool) -> None:
    for what, there in present.items():
        if not there:
            targets = _CUSTOMER_TARGETS if what == "customer" else (what,)
            column = next((m.column for m in mappings if m.target in targets), what)
            raise bad_cell(source, row, column, "", f"no {what}")


def resolve_customer(log_row: LogRow, index: CustomerIndex, *, source: str) -> str:
    """The key of the customer a history row names (by id, email, phone or exact name)."""
    tried = [(target, log_row.customer[target]) for target in _CUSTOMER_TARGETS
             if target in log_row.customer]  # fmt: skip
    for target, value in tried:
        found = _find(target, value, index)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            phone = target == "customer_phone" or _is_phone(value)
            what = _("phone number") if phone else _("name")
            reason = _("{value} customers have this {what}; use an id or email").format(
                value=len(found), what=what
            )
            raise bad_cell(source, log_row.row, target, value, reason)
    target, value = tried[0]
    raise bad_cell(source, log_row.row, target, value, "no such customer in the notebook")


def _is_phone(value: str) -> bool:
    return bool(re.search(r"\d{4}", value)) and "@" not in value


def _find(target: str, value: str, index: CustomerIndex) -> list[str]:
    generic = target == "customer"
    found: str | None = None
    if target == "customer_id" or generic:
        found = index.by_id.get(value)
    if not found and (target == "customer_email" or (generic and "@" in value)):
        found = next(iter(index.by_email.get(email_key(value), ())), None)
    if found:
        return [found]
    if (target == "customer_phone" or generic) and _is_phone(value):
        sharing = index.with_phone(value)
        if sharing:
            return list(sharing)
    return (
        list(index.by_name.get(compact(value), {})) if target == "customer_name" or generic else []
    )


@dataclass
class LogPlan:
    """History rows grouped by customer key, each list in date order; bad rows left out."""

    entries: dict[str, list[LogRow]] = field(default_factory=dict)
    bad: list[InvalidValueError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.entries.values())


def plan_log(
    rows: Iterable[LogRow | InvalidValueError],
    index: CustomerIndex,
    *,
    source: str,
    skip_bad: bool = False,
) -> LogPlan:
    """Match every history row to its customer; the first bad row stops it unless skip_bad."""
    plan = LogPlan()
    for item in rows:
        try:
            if isinstance(item, InvalidValueError):
                raise item
            key = resolve_customer(item, index, source=source)
        except InvalidValueError as error:
            if not skip_bad:
                raise
            plan.bad.append(error)
            continue
        plan.entries.setdefault(key, []).append(item)
    for items in plan.entries.values():
        items.sort(key=lambda r: (r.entry.sort_key, r.row))
    return plan
