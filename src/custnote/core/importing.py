"""Turning imported rows into customers and log entries, and planning the import.

The readers (:mod:`custnote.adapters.io`) give plain records; :mod:`custnote.core.import_mapping`
says which column feeds which field. Here each record becomes a :class:`CustomerDraft` or a
:class:`LogDraft` (cell values converted and checked: a bad value raises
:class:`~custnote.errors.InvalidValueError` naming the file, row and column), duplicates are
found, and an :class:`ImportPlan` says what would be created, updated or skipped. Writing the
plan is the notebook's job, in one commit. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Protocol

from custnote.core import jdates
from custnote.core.import_mapping import (
    BODY,
    EXTRA,
    IGNORE,
    KIND_WORDS,
    PREFERENCES_PREFIX,
    STATUS_WORDS,
    ColumnMapping,
    header_key,
    translate_word,
)
from custnote.core.phone import phone_keys
from custnote.core.textnorm import compact, nfkc
from custnote.errors import InvalidValueError

LIST_FIELDS = frozenset({"tags", "phones", "emails"})
LIST_PREFERENCES = frozenset({"allergies"})
DATE_FIELDS = frozenset({"birthday", "created"})
STRUCTURED_FIELDS = frozenset({"family", "anniversaries"})
#: Front-matter order of the fields an import can fill (docs/FORMAT.md).
FIELD_ORDER = [
    "id",
    "name",
    "kana",
    "company",
    "department",
    "title",
    "owner",
    "status",
    "tags",
    "phones",
    "emails",
    "address",
    "postal_code",
    "birthday",
    "anniversaries",
    "family",
    "preferences",
    "contact_hours",
    "source",
    "created",
]
ID_PATTERN = re.compile(r"^[a-z2-9]{6}$")
_LIST_SPLIT = re.compile(r"\s*[;,、，；\n]\s*")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DURATION = re.compile(
    r"^(?:(\d+)\s*(?:h|時間|:))?\s*(?:(\d+)\s*(?:m|min|分)?)?(?::(\d{1,2}))?$", re.IGNORECASE
)
_PLAIN_INT = re.compile(r"^-?(0|[1-9]\d{0,15})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT_NOISE = re.compile(r"[\s,¥￥$円]|税込|税抜")


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
    """A list cell: items separated by ``;``, ``,``, ``、`` or new lines; blanks dropped."""
    return [item for item in _LIST_SPLIT.split(cell_text(value)) if item]


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
    """``45``, ``45分``, ``45m``, ``1h30m``, ``1時間30分``, ``1:30`` (h:mm) or an Excel time."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds() // 60)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError("not a whole number of minutes")
        return int(value)
    text = nfkc(cell_text(value)).replace(" ", "")
    match = _DURATION.match(text)
    if not text or not match or not any(match.groups()):
        raise ValueError("not a duration (write minutes like 45, 45分 or 1h30m)")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if match.group(3) is not None:  # h:mm:ss
        return hours * 60 + minutes + (1 if seconds >= 30 else 0)
    return hours * 60 + minutes


def amount_text(value: object) -> str:
    """An exact decimal amount as text (``¥12,000`` -> ``12000``, ``980.5`` stays)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = _AMOUNT_NOISE.sub("", nfkc(cell_text(value)))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not an amount (write a number like 12000 or 980.5)") from None
    if not number.is_finite():
        raise ValueError("not an amount")
    return format(number.normalize(), "f") if number != number.to_integral() else str(int(number))


def _structured(value: object) -> object:
    text = cell_text(value)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError("write it as JSON, as custnote exports it") from None
    if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
        raise ValueError("must be a JSON list of mappings")
    return parsed


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
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


# --- customers ------------------------------------------------------------------------------


@dataclass
class CustomerDraft:
    """One row as a customer: front-matter values (native types) and body text."""

    row: int
    fields: dict[str, Any]
    body: str = ""

    def ordered_fields(self) -> dict[str, Any]:
        """Known fields in note order, then extra fields in column order."""
        known = [(k, self.fields[k]) for k in FIELD_ORDER if k in self.fields]
        extra = [(k, v) for k, v in self.fields.items() if k not in FIELD_ORDER]
        return dict(known + extra)


@dataclass(frozen=True)
class Vocabulary:
    """What a notebook allows: statuses, log kinds and its custom fields (config.yaml)."""

    statuses: tuple[str, ...] = ("prospect", "active", "dormant", "lost")
    log_kinds: tuple[str, ...] = (
        "call", "visit", "email", "meeting", "inquiry", "complaint", "purchase", "note",
    )  # fmt: skip
    custom_fields: tuple[str, ...] = ()


def bad_cell(source: str, row: int, column: str, value: object, reason: str) -> InvalidValueError:
    """The one error for a bad cell: ``FILE: row 12, column '誕生日': REASON: 'VALUE'``."""
    return InvalidValueError(f"row {row}, column {column!r}", value, reason, source=source)


def _convert_customer_value(target: str, value: object, vocab: Vocabulary) -> object:
    if target == "id":
        text = cell_text(value)
        if not ID_PATTERN.match(text):
            raise ValueError("not a custnote id (6 characters from a-z and 2-9)")
        return text
    if target in DATE_FIELDS:
        return jdates.parse_date(value)
    if target == "status":
        status = translate_word(cell_text(value), STATUS_WORDS, vocab.statuses)
        if status is None:
            raise ValueError(f"unknown status (statuses: {', '.join(vocab.statuses)})")
        return status
    if target == "phones":
        return phone_text(value)
    if target == "emails":
        emails = split_list(value)
        for email in emails:
            if not _EMAIL.match(nfkc(email)):
                raise ValueError(f"not an email address: {email}")
        return [nfkc(email) for email in emails]
    if target == "tags":
        return split_list(value)
    if target == "postal_code":
        return postal_code(value)
    if target in STRUCTURED_FIELDS:
        return _structured(value)
    if target.startswith(PREFERENCES_PREFIX):
        key = target.removeprefix(PREFERENCES_PREFIX)
        return split_list(value) if key in LIST_PREFERENCES else cell_text(value)
    return cell_text(value)


def _add(fields: dict[str, Any], target: str, value: object) -> None:
    """Put a converted value in place; a second column for the same field adds to the first."""
    if target.startswith(PREFERENCES_PREFIX):
        preferences = fields.setdefault("preferences", {})
        _add(preferences, target.removeprefix(PREFERENCES_PREFIX), value)
        return
    previous = fields.get(target)
    if previous is None:
        fields[target] = value
    elif isinstance(previous, list):
        fields[target] = previous + [v for v in value if v not in previous]  # type: ignore[union-attr]
    else:
        fields[target] = f"{previous} {value}"


def _is_body_header(column: str) -> bool:
    from custnote.core.import_mapping import CUSTOMER_HEADERS

    return header_key(column) in {header_key(h) for h in CUSTOMER_HEADERS[BODY].split("|")}


def draft_customer(
    record_row: int,
    values: Mapping[str, object],
    mappings: Sequence[ColumnMapping],
    vocab: Vocabulary,
    *,
    source: str,
) -> CustomerDraft:
    """Convert one record; raises InvalidValueError naming the file, row and column."""
    fields: dict[str, Any] = {}
    body_parts: list[str] = []
    for mapping in mappings:
        value = values.get(mapping.column)
        if value is None or mapping.target == IGNORE or not cell_text(value):
            continue
        if mapping.target == BODY:
            text = cell_text(value)
            labelled = mapping.explicit and not _is_body_header(mapping.column)
            body_parts.append(f"{mapping.column}: {text}" if labelled else text)
            continue
        if mapping.target == EXTRA:
            fields[mapping.key] = extra_value(value)
            continue
        try:
            converted = _convert_customer_value(mapping.target, value, vocab)
        except ValueError as exc:
            raise bad_cell(source, record_row, mapping.column, value, str(exc)) from None
        if converted not in ("", []):
            _add(fields, mapping.target, converted)
    if not fields.get("name"):
        column = next((m.column for m in mappings if m.target == "name"), "name")
        raise bad_cell(source, record_row, column, "", "no name (every customer needs one)")
    return CustomerDraft(record_row, fields, "\n\n".join(body_parts))


# --- finding customers ----------------------------------------------------------------------


class KnownCustomer(Protocol):
    """What duplicate detection and log matching need to know about a customer."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def emails(self) -> Sequence[str]: ...
    @property
    def phones(self) -> Sequence[str]: ...


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

    def add(self, key: str, *, id: str | None, name: str, emails: Iterable[str],
            phones: Iterable[str]) -> None:  # fmt: skip
        """Register a customer under ``key`` (its id, or a placeholder for a planned one)."""
        if id:
            self.by_id[id] = key
        for email in emails:
            self.by_email.setdefault(nfkc(email).casefold(), key)
        for number in phones:
            self.by_phone.setdefault(self.phone_key(number), key)
        if name:
            keys = self.by_name.setdefault(compact(name), [])
            if key not in keys:
                keys.append(key)

    def match(self, fields: Mapping[str, Any]) -> tuple[str, str] | None:
        """(key, how) of the customer these fields denote, by id, then email, then phone."""
        if fields.get("id") in self.by_id:
            return self.by_id[fields["id"]], f"id {fields['id']}"
        for email in fields.get("emails", ()):
            found = self.by_email.get(nfkc(email).casefold())
            if found:
                return found, f"email {email}"
        for number in fields.get("phones", ()):
            found = self.by_phone.get(self.phone_key(number))
            if found:
                return found, f"phone {number}"
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
    """Everything an import would do; ``bad`` holds rows left out under ``--skip-bad``."""

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
            merged = {**value, **{k: v for k, v in current.items() if not _empty(v)}}
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


def plan_customers(
    drafts: Iterable[CustomerDraft | InvalidValueError],
    known: Iterable[KnownCustomer],
    load: Callable[[str], Existing],
    on_duplicate: OnDuplicate,
    *,
    source: str,
    skip_bad: bool = False,
    region: str = "JP",
) -> ImportPlan:
    """Plan a customer import. ``drafts`` holds converted rows or the error a row raised;
    ``load(id)`` gives an existing customer's fields when a row matches it.

    Raises the first bad row's error unless ``skip_bad`` (then it is listed in ``plan.bad``);
    with ``OnDuplicate.ERROR`` a duplicate is a bad row too."""
    index = CustomerIndex(region)
    for customer in known:
        index.add(customer.id, id=customer.id, name=customer.name, emails=customer.emails,
                  phones=customer.phones)  # fmt: skip
    plan = ImportPlan()
    planned_new: dict[str, PlannedCustomer] = {}
    loaded: dict[str, Existing] = {}
    for draft in drafts:
        try:
            if isinstance(draft, InvalidValueError):
                raise draft
            _plan_row(draft, index, plan, planned_new, loaded, load, on_duplicate, source)
        except InvalidValueError as error:
            if not skip_bad:
                raise
            plan.bad.append(error)
    return plan


def _plan_row(
    draft: CustomerDraft,
    index: CustomerIndex,
    plan: ImportPlan,
    planned_new: dict[str, PlannedCustomer],
    loaded: dict[str, Existing],
    load: Callable[[str], Existing],
    on_duplicate: OnDuplicate,
    source: str,
) -> None:
    fields = draft.ordered_fields()
    match = index.match(fields)
    if match is None:
        key = f"row:{draft.row}"
        item = PlannedCustomer(Action.CREATE, [draft.row], fields["name"], fields.get("id"),
                               fields, draft.body)  # fmt: skip
        planned_new[key] = item
        plan.customers.append(item)
        index.add(key, id=fields.get("id"), name=fields["name"], emails=fields.get("emails", ()),
                  phones=fields.get("phones", ()))  # fmt: skip
        return
    key, how = match
    if on_duplicate is OnDuplicate.ERROR:
        column = how.split(" ", 1)[0]
        other = f"row {key.split(':')[1]}" if key in planned_new else f"customer {key}"
        raise bad_cell(source, draft.row, column, how.split(" ", 1)[1], f"duplicate of {other}")
    if key in planned_new:  # a second row for a customer this import creates
        item = planned_new[key]
        item.rows.append(draft.row)
        if on_duplicate is OnDuplicate.UPDATE:
            item.changes.update(fill_empty(item.changes, fields))
            item.body = item.body or draft.body
        return
    if on_duplicate is OnDuplicate.SKIP:
        plan.customers.append(PlannedCustomer(Action.SKIP, [draft.row], fields["name"], key, {},
                                              matched_by=how))  # fmt: skip
        return
    existing = loaded.get(key) or load(key)
    changes = fill_empty(existing.fields, {k: v for k, v in fields.items() if k != "id"})
    body = draft.body if draft.body and not existing.body.strip() else ""
    action = Action.UPDATE if changes or body else Action.UNCHANGED
    item = PlannedCustomer(action, [draft.row], str(existing.fields.get("name", fields["name"])),
                           key, changes, body, how)  # fmt: skip
    loaded[key] = Existing({**existing.fields, **changes}, existing.body or body)
    plan.customers.append(item)


# --- the contact history --------------------------------------------------------------------


@dataclass
class LogDraft:
    """One history row: who (the raw customer columns), when, and the entry's parts."""

    row: int
    customer: dict[str, str]
    date: dt.date
    time: dt.time | None
    kind: str
    author: str | None = None
    duration_min: int | None = None
    amount: str | None = None
    follow_up: dt.date | None = None
    done: dt.date | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def sort_key(self) -> tuple[dt.date, dt.time, int]:
        return self.date, self.time or dt.time(0), self.row


_CUSTOMER_TARGETS = ("customer", "customer_id", "customer_email", "customer_phone",
                     "customer_name")  # fmt: skip


def _log_value(target: str, value: object, vocab: Vocabulary) -> object:
    if target == "date":
        return jdates.parse_datetime(value)
    if target == "time":
        return value if isinstance(value, dt.time) else jdates.parse_time(cell_text(value))
    if target in ("follow_up", "done"):
        return jdates.parse_date(value)
    if target == "kind":
        kind = translate_word(cell_text(value), KIND_WORDS, vocab.log_kinds)
        if kind is None:
            raise ValueError(f"unknown kind (kinds: {', '.join(vocab.log_kinds)})")
        return kind
    if target == "duration":
        return duration_minutes(value)
    if target == "amount":
        return amount_text(value)
    return cell_text(value)


def draft_log(
    record_row: int,
    values: Mapping[str, object],
    mappings: Sequence[ColumnMapping],
    vocab: Vocabulary,
    *,
    source: str,
) -> LogDraft:
    """Convert one history record; raises InvalidValueError naming the file, row and column."""
    parts: dict[str, Any] = {"customer": {}, "attributes": {}}
    texts: list[str] = []
    for mapping in mappings:
        value = values.get(mapping.column)
        if value is None or mapping.target == IGNORE or not cell_text(value):
            continue
        if mapping.target == EXTRA:
            parts["attributes"][mapping.key] = cell_text(value)
            continue
        try:
            converted = _log_value(mapping.target, value, vocab)
        except ValueError as exc:
            raise bad_cell(source, record_row, mapping.column, value, str(exc)) from None
        if mapping.target in _CUSTOMER_TARGETS:
            parts["customer"][mapping.target] = converted
        elif mapping.target == "text":
            texts.append(str(converted))
        elif mapping.target == "date":
            parts["date"], day_time = converted  # type: ignore[misc]
            if day_time is not None:
                parts["time"] = day_time
        else:
            parts["duration_min" if mapping.target == "duration" else mapping.target] = converted
    _require_log_parts(parts, record_row, mappings, source)
    default_kind = "note" if "note" in vocab.log_kinds else vocab.log_kinds[0]
    kind = parts.pop("kind", default_kind)
    return LogDraft(row=record_row, text="\n\n".join(texts), kind=kind, **parts)


def _require_log_parts(
    parts: dict[str, Any], row: int, mappings: Sequence[ColumnMapping], source: str
) -> None:
    def column_of(*targets: str) -> str:
        return next((m.column for m in mappings if m.target in targets), targets[0])

    if "date" not in parts:
        raise bad_cell(source, row, column_of("date"), "", "no date")
    if not parts["customer"]:
        raise bad_cell(source, row, column_of(*_CUSTOMER_TARGETS), "", "no customer")
    parts.setdefault("time", None)


def resolve_customer(draft: LogDraft, index: CustomerIndex, *, source: str) -> str:
    """The id of the customer a history row names (by id, email, phone or exact name)."""
    refs = draft.customer
    candidates: list[tuple[str, str]] = [(k, v) for k, v in refs.items() if k != "customer"]
    if "customer" in refs:
        candidates.append(("customer", refs["customer"]))
    for kind, value in candidates:
        found = _find(kind, value, index)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            reason = f"{len(found)} customers are named so; use an id, email or phone"
            raise bad_cell(source, draft.row, kind, value, reason)
    kind, value = candidates[0]
    raise bad_cell(source, draft.row, kind, value, "no such customer in the notebook")


def _find(kind: str, value: str, index: CustomerIndex) -> list[str]:
    lookups: list[list[str]] = []
    if kind in ("customer_id", "customer"):
        lookups.append([index.by_id[value]] if value in index.by_id else [])
    if kind in ("customer_email", "customer") and "@" in value:
        found = index.by_email.get(nfkc(value).casefold())
        lookups.append([found] if found else [])
    if kind in ("customer_phone", "customer") and "@" not in value:
        found = index.by_phone.get(index.phone_key(value)) if re.search(r"\d", value) else None
        lookups.append([found] if found else [])
    if kind in ("customer_name", "customer"):
        lookups.append(index.by_name.get(compact(value), []))
    return next((found for found in lookups if found), [])
