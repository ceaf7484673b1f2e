"""Turning imported rows into customers and log entries, and planning the import.

The readers (:mod:`custnote.adapters.io`) give plain records; :mod:`custnote.core.import_mapping`
says which column feeds which field. Here each record becomes a :class:`CustomerDraft` or a
:class:`LogRow` (cell values converted and checked: a bad value raises
:class:`~custnote.errors.InvalidValueError` naming the file, row and column), duplicates are
found, and an :class:`ImportPlan` says what would be created, updated or skipped. Writing the
plan is :mod:`custnote.core.import_write`'s job, in one commit. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from custnote.core import dates, jdates
from custnote.core.config import NotebookConfig
from custnote.core.fieldops import split_list as split_words
from custnote.core.fieldops import typed_value
from custnote.core.import_mapping import (
    BODY,
    EXTRA,
    IGNORE,
    KIND_WORDS,
    PREFERENCES_PREFIX,
    STATUS_WORDS,
    ColumnMapping,
    is_body_header,
    translate_word,
)
from custnote.core.model import DATE_FIELDS, KNOWN_FIELDS, MAPPING_LIST_FIELDS, LogEntry
from custnote.core.phone import phone_keys
from custnote.core.textnorm import compact, full_width_kana, nfkc
from custnote.errors import InvalidValueError

LIST_PREFERENCES = frozenset({"allergies"})
ID_PATTERN = re.compile(r"^[a-z2-9]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PLAIN_INT = re.compile(r"^-?(0|[1-9]\d{0,15})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Log attribute keys as docs/FORMAT.md allows them; other extra columns go into the text.
_ATTRIBUTE_KEY = re.compile(r"^[A-Za-z][\w-]*$")


# --- cells ----------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: integral floats lose their ``.0``, dates are ISO, text is trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def split_list(value: object) -> list[str]:
    """A list cell: items separated by ``;``, ``,``, ``、`` (also full-width) or new lines."""
    text = cell_text(value).replace("\n", ",").replace("，", ",").replace("；", ";")
    return split_words(text)


def phone_text(value: object) -> list[str]:
    """Phone numbers from a cell; a number Excel stored as a number gets its leading 0 back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = cell_text(value)
        return [f"0{digits}" if len(digits) in (9, 10) else digits]
    return split_list(value)


def postal_code(value: object) -> str:
    """``1000001``, ``100-0001``, ``〒100-0001`` or a number that lost its leading 0 -> 100-0001."""
    text = nfkc(cell_text(value)).replace("〒", "").strip()
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        text = text.zfill(7)
    digits = re.sub(r"[-ー−‐\s]", "", text)
    return f"{digits[:3]}-{digits[3:]}" if re.fullmatch(r"\d{7}", digits) else text


def duration_minutes(value: object) -> int:
    """Minutes from a cell: an Excel time or number, or text :func:`dates.parse_duration` reads
    (``45``, ``45m``, ``1h30m``, ``1時間30分``, ``1:30``)."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds() // 60)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not a whole number of minutes")
    return dates.parse_duration(value if isinstance(value, int) else cell_text(value))


def amount_value(value: object) -> Decimal:
    """An exact amount: ``¥12,000``, ``12000円``, ``980.5``, or a number cell."""
    if isinstance(value, float):
        return Decimal(repr(value)).normalize() if not value.is_integer() else Decimal(int(value))
    return dates.parse_amount(value if isinstance(value, int) else cell_text(value))


def _structured(value: object) -> object:
    try:
        parsed = json.loads(cell_text(value))
    except json.JSONDecodeError:
        raise ValueError("write it as JSON, as custnote exports it") from None
    if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
        raise ValueError("must be a JSON list of mappings")
    return [{key: _iso_date_or_value(value) for key, value in item.items()} for item in parsed]


def _iso_date_or_value(value: object) -> object:
    """JSON has no dates: an ISO date string inside exported JSON was a date."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def extra_value(value: object) -> object:
    """An unmapped cell, kept as typed: numbers stay numbers, dates dates, JSON lists/mappings
    (as custnote exports nested values) become structures again, anything else is text. Text
    that is a plain integer (without a leading 0) or an ISO date is read as one, so that a
    CSV export imports back as it was."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool | int | float | dt.date):
        return value
    text = cell_text(value)
    if _PLAIN_INT.match(text):
        return int(text)
    if _ISO_DATE.match(text):
        return _iso_date_or_value(text)
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def bad_cell(source: str, row: int, column: str, value: object, reason: str) -> InvalidValueError:
    """The one error for a bad cell: ``FILE: row 12, column '誕生日': REASON: 'VALUE'``."""
    return InvalidValueError(f"row {row}, column {column!r}", value, reason, source=source)


def _converted(mapping: ColumnMapping, value: object, convert, row: int, source: str) -> Any:
    """``convert(value)``, or the bad-cell error naming the row and column."""
    try:
        return convert(value)
    except ValueError as exc:
        raise bad_cell(source, row, mapping.column, value, str(exc)) from None
    except InvalidValueError as exc:
        raise bad_cell(source, row, mapping.column, value, exc.reason) from None


# --- customers ------------------------------------------------------------------------------


@dataclass
class CustomerDraft:
    """One row as a customer: front-matter values (native types) and body text."""

    row: int
    fields: dict[str, Any]
    body: str = ""

    def ordered_fields(self) -> dict[str, Any]:
        """Known fields in note order, then extra fields in column order."""
        known = [(k, self.fields[k]) for k in KNOWN_FIELDS if k in self.fields]
        extra = [(k, v) for k, v in self.fields.items() if k not in KNOWN_FIELDS]
        return dict(known + extra)


def _emails(value: object) -> list[str]:
    emails = [nfkc(email) for email in split_list(value)]
    for email in emails:
        if not _EMAIL.match(email):
            raise ValueError(f"not an email address: {email}")
    return emails


def _custnote_id(value: object) -> str:
    text = cell_text(value)
    if not ID_PATTERN.match(text):
        raise ValueError("not a custnote id (6 characters from a-z and 2-9)")
    return text


def _customer_converter(target: str, config: NotebookConfig) -> Callable[[object], Any]:
    """How a cell becomes the value of ``target``."""
    if target == "id":
        return _custnote_id
    if target in DATE_FIELDS or config.custom_fields.get(target) == "date":
        return jdates.parse_date
    if target == "status":
        return lambda value: _word(value, STATUS_WORDS, config.statuses, "status")
    if target == "kana":
        return lambda value: full_width_kana(cell_text(value))
    simple: dict[str, Callable[[object], Any]] = {
        "phones": phone_text, "emails": _emails, "tags": split_list, "postal_code": postal_code,
    }  # fmt: skip
    if target in simple:
        return simple[target]
    if target in MAPPING_LIST_FIELDS:
        return _structured
    if target in config.custom_fields:
        return lambda value: typed_value(target, cell_text(value), config)
    if target.removeprefix(PREFERENCES_PREFIX) in LIST_PREFERENCES:
        return split_list
    return cell_text


def _word(value: object, words: Mapping[str, str], allowed: Sequence[str], what: str) -> str:
    found = translate_word(cell_text(value), words, allowed)
    if found is None:
        raise ValueError(f"unknown {what} (choose one of: {', '.join(allowed)})")
    return found


def _add(fields: dict[str, Any], target: str, value: object) -> None:
    """Put a converted value in place; a second column for the same field adds to the first."""
    if target.startswith(PREFERENCES_PREFIX):
        preferences = fields.setdefault("preferences", {})
        _add(preferences, target.removeprefix(PREFERENCES_PREFIX), value)
        return
    previous = fields.get(target)
    if previous is None:
        fields[target] = value
    elif isinstance(previous, list) and isinstance(value, list):
        fields[target] = previous + [v for v in value if v not in previous]
    else:
        fields[target] = f"{previous} {value}"


def _filled(
    values: Mapping[str, object], mappings: Sequence[ColumnMapping]
) -> Iterator[tuple[ColumnMapping, object]]:
    """The (mapping, value) of every non-empty cell of a row that is not ignored."""
    for mapping in mappings:
        value = values.get(mapping.column)
        if mapping.target != IGNORE and cell_text(value):
            yield mapping, value


def draft_customer(
    row: int,
    values: Mapping[str, object],
    mappings: Sequence[ColumnMapping],
    config: NotebookConfig,
    *,
    source: str,
) -> CustomerDraft:
    """Convert one record; raises InvalidValueError naming the file, row and column."""
    fields: dict[str, Any] = {}
    body_parts: list[str] = []
    for mapping, value in _filled(values, mappings):
        if mapping.target == BODY:
            labelled = mapping.explicit and not is_body_header(mapping.column)
            body_parts.append(
                f"{mapping.column}: {cell_text(value)}" if labelled else cell_text(value)
            )
        elif mapping.target == EXTRA:
            fields[mapping.key] = extra_value(value)
        else:
            convert = _customer_converter(mapping.target, config)
            converted = _converted(mapping, value, convert, row, source)
            if converted not in ("", [], None):
                _add(fields, mapping.target, converted)
    if not fields.get("name"):
        column = next((m.column for m in mappings if m.target == "name"), "name")
        raise bad_cell(source, row, column, "", "no name (every customer needs one)")
    return CustomerDraft(row, fields, "\n\n".join(body_parts))


# --- finding customers ----------------------------------------------------------------------


@dataclass
class CustomerIndex:
    """Customers by id, email, phone number (E.164 or bare digits) and exact name."""

    region: str = "JP"
    by_id: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    by_phone: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)

    def phone_key(self, number: str) -> str:
        key = phone_keys(number, self.region)
        return key.e164 or key.digits

    def add(self, key: str, fields: Mapping[str, Any]) -> None:
        """Register a customer (its id, emails, phones and name) under ``key``."""
        if fields.get("id"):
            self.by_id[str(fields["id"])] = key
        for email in fields.get("emails") or ():
            self.by_email.setdefault(nfkc(str(email)).casefold(), key)
        for number in fields.get("phones") or ():
            self.by_phone.setdefault(self.phone_key(str(number)), key)
        if fields.get("name"):
            keys = self.by_name.setdefault(compact(str(fields["name"])), [])
            if key not in keys:
                keys.append(key)

    def match(self, fields: Mapping[str, Any]) -> tuple[str, str, str] | None:
        """(key, field, value) by which these fields denote a known customer: id, email, phone."""
        if fields.get("id") in self.by_id:
            return self.by_id[fields["id"]], "id", fields["id"]
        for email in fields.get("emails", ()):
            if found := self.by_email.get(nfkc(email).casefold()):
                return found, "emails", email
        for number in fields.get("phones", ()):
            if found := self.by_phone.get(self.phone_key(number)):
                return found, "phones", number
        return None


# --- the customer import plan ---------------------------------------------------------------


class OnDuplicate(Enum):
    """What to do with a row that denotes a customer who already exists."""

    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


class Action(Enum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    UNCHANGED = "unchanged"


@dataclass
class PlannedCustomer:
    """What happens to one customer: ``target`` is an existing id, or None for a new one.

    ``changes`` are the fields to set (for a new customer: all of them) and ``body`` the body
    to write (only when the existing one is empty). Rows that denote the same new customer are
    folded into one :class:`PlannedCustomer` (``rows`` lists them)."""

    action: Action
    rows: list[int]
    name: str
    target: str | None
    changes: dict[str, Any]
    body: str = ""
    matched_by: str = ""


@dataclass
class ImportPlan:
    """Everything a customer import would do; ``bad`` holds rows left out by ``--skip-bad``."""

    customers: list[PlannedCustomer] = field(default_factory=list)
    bad: list[InvalidValueError] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for item in self.customers if item.action is action)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def fill_empty(existing: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """The incoming fields the existing ones lack (preferences are filled key by key)."""
    changes: dict[str, Any] = {}
    for key, value in incoming.items():
        current = existing.get(key)
        if key == "preferences" and isinstance(current, Mapping) and isinstance(value, Mapping):
            merged = {**current, **{k: v for k, v in value.items() if _empty(current.get(k))}}
            if merged != dict(current):
                changes[key] = merged
        elif _empty(current) and not _empty(value):
            changes[key] = value
    return changes


@dataclass
class Existing:
    """An existing customer's current fields and body, loaded when a row matches it."""

    fields: Mapping[str, Any]
    body: str


@dataclass
class _Planner:
    index: CustomerIndex
    load: Callable[[str], Existing]
    on_duplicate: OnDuplicate
    source: str
    plan: ImportPlan = field(default_factory=ImportPlan)
    new: dict[str, PlannedCustomer] = field(default_factory=dict)
    seen: dict[str, Existing] = field(default_factory=dict)

    def row(self, draft: CustomerDraft) -> None:
        fields = draft.ordered_fields()
        match = self.index.match(fields)
        if match is None:
            self.create(draft, fields)
            return
        key, by, value = match
        if self.on_duplicate is OnDuplicate.ERROR:
            other = f"row {self.new[key].rows[0]}" if key in self.new else f"customer {key}"
            raise bad_cell(self.source, draft.row, by, value, f"duplicate of {other}")
        if key in self.new:
            self.again(self.new[key], draft, fields)
        elif self.on_duplicate is OnDuplicate.SKIP:
            skipped = PlannedCustomer(Action.SKIP, [draft.row], fields["name"], key, {})
            skipped.matched_by = f"{by} {value}"
            self.plan.customers.append(skipped)
        else:
            self.update(key, draft, fields, f"{by} {value}")

    def create(self, draft: CustomerDraft, fields: dict[str, Any]) -> None:
        key = f"row {draft.row}"
        item = PlannedCustomer(Action.CREATE, [draft.row], fields["name"], None, fields)
        item.body = draft.body
        self.new[key] = item
        self.plan.customers.append(item)
        self.index.add(key, fields)

    def again(self, item: PlannedCustomer, draft: CustomerDraft, fields: dict[str, Any]) -> None:
        """A later row for a customer this import creates: merged into it (or skipped)."""
        item.rows.append(draft.row)
        if self.on_duplicate is OnDuplicate.UPDATE:
            item.changes.update(fill_empty(item.changes, fields))
            item.body = item.body or draft.body

    def update(self, key: str, draft: CustomerDraft, fields: dict[str, Any], how: str) -> None:
        existing = self.seen.get(key) or self.load(key)
        changes = fill_empty(existing.fields, {k: v for k, v in fields.items() if k != "id"})
        body = draft.body if draft.body and not existing.body.strip() else ""
        action = Action.UPDATE if changes or body else Action.UNCHANGED
        name = str(existing.fields.get("name") or fields["name"])
        self.plan.customers.append(
            PlannedCustomer(action, [draft.row], name, key, changes, body, how)
        )
        self.seen[key] = Existing({**existing.fields, **changes}, existing.body or body)


def plan_customers(
    drafts: Iterable[CustomerDraft | InvalidValueError],
    known: Iterable[Mapping[str, Any]],
    load: Callable[[str], Existing],
    on_duplicate: OnDuplicate,
    *,
    source: str,
    skip_bad: bool = False,
    region: str = "JP",
) -> ImportPlan:
    """Plan a customer import. ``drafts`` holds converted rows or the error a row raised;
    ``known`` the notebook's customers (id, name, emails, phones); ``load(id)`` an existing
    customer's fields, asked for only when a row matches it.

    Raises the first bad row's error unless ``skip_bad`` (then it is listed in ``plan.bad``);
    with ``OnDuplicate.ERROR`` a duplicate is a bad row too."""
    index = CustomerIndex(region)
    for customer in known:
        index.add(str(customer["id"]), customer)
    planner = _Planner(index, load, on_duplicate, source)
    for draft in drafts:
        try:
            if isinstance(draft, InvalidValueError):
                raise draft
            planner.row(draft)
        except InvalidValueError as error:
            if not skip_bad:
                raise
            planner.plan.bad.append(error)
    return planner.plan


# --- the contact history --------------------------------------------------------------------


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


_LOG_CONVERTERS: dict[str, Callable[[object], Any]] = {
    "date": jdates.parse_datetime, "time": _time_of_day, "follow_up": jdates.parse_date,
    "done": jdates.parse_date, "duration": duration_minutes, "amount": amount_value,
}  # fmt: skip


def _log_converter(target: str, config: NotebookConfig) -> Callable[[object], Any]:
    if target == "kind":
        return lambda value: _word(value, KIND_WORDS, config.log_kinds, "kind")
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
    for mapping, value in _filled(values, mappings):
        if mapping.target == EXTRA:
            if _ATTRIBUTE_KEY.match(mapping.key):
                parts["attributes"][mapping.key] = cell_text(value)
            else:  # not a valid attribute key: kept in the text
                texts.append(f"{mapping.key}: {cell_text(value)}")
            continue
        converted = _converted(mapping, value, _log_converter(mapping.target, config), row, source)
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
            reason = f"{len(found)} customers have this name; use an id, email or phone"
            raise bad_cell(source, log_row.row, target, value, reason)
    target, value = tried[0]
    raise bad_cell(source, log_row.row, target, value, "no such customer in the notebook")


def _find(target: str, value: str, index: CustomerIndex) -> list[str]:
    generic = target == "customer"
    found: str | None = None
    if target == "customer_id" or generic:
        found = index.by_id.get(value)
    if not found and (target == "customer_email" or (generic and "@" in value)):
        found = index.by_email.get(nfkc(value).casefold())
    if not found and (target == "customer_phone" or generic) and re.search(r"\d{4}", value):
        found = index.by_phone.get(index.phone_key(value))
    if found:
        return [found]
    return index.by_name.get(compact(value), []) if target == "customer_name" or generic else []


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
