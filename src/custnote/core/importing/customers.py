"""Turning imported rows into customers, and planning the import.

The readers (:mod:`custnote.adapters.io`) give plain records; :mod:`custnote.core.importing.mapping`
says which column feeds which field. Here each record becomes a :class:`CustomerDraft` (cells
converted by :mod:`custnote.core.importing.cells`: a bad value raises
:class:`~custnote.errors.InvalidValueError` naming the file, row and column, or with
``--skip-bad`` costs that cell only), duplicates are found (:mod:`custnote.core.importing.match`:
id, email, or phone with a compatible name), and an :class:`ImportPlan` says what would be
created, updated, merged or skipped. History rows are :mod:`custnote.core.importing.log_rows`'s
(re-exported here). Writing the plan is :mod:`custnote.core.importing.write`'s job, in one commit.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from custnote.core.importing.cells import (
    bad_cell,
    cell_text,
    date_cell,
    email_address,
    emails,
    extra_value,
    filled,
    phone_text,
    postal_code,
    split_cell_list,
    structured,
    word,
)
from custnote.core.importing.cells import converted as convert_cell
from custnote.core.importing.log_rows import LogPlan, LogRow, draft_log, plan_log
from custnote.core.importing.mapping import (
    BODY,
    EXTRA,
    PREFERENCES_PREFIX,
    STATUS_WORDS,
    ColumnMapping,
    is_body_header,
)
from custnote.core.importing.match import CustomerIndex
from custnote.core.note.fieldops import typed_value
from custnote.core.note.identity import email_key
from custnote.core.note.model import DATE_FIELDS, KNOWN_FIELDS, MAPPING_LIST_FIELDS
from custnote.core.note.naming import EXTERNAL_ID, imported_id
from custnote.core.note.textnorm import full_width_kana
from custnote.core.notebook.config import NotebookConfig
from custnote.errors import InvalidValueError
from custnote.i18n import _

# Re-exported: the readers' callers, the history import and the exports use them from here.
__all__ = ["CustomerIndex", "LogPlan", "LogRow", "bad_cell", "cell_text", "draft_log",
           "email_address", "plan_log", "postal_code"]  # fmt: skip

LIST_PREFERENCES = frozenset({"allergies"})


# --- customers ------------------------------------------------------------------------------


@dataclass
class CustomerDraft:
    """One row as a customer: front-matter values (native types) and body text; ``dropped``
    holds the cells ``--skip-bad`` left out, ``derived_name`` says the name was made up."""

    row: int
    fields: dict[str, Any]
    body: str = ""
    dropped: list[InvalidValueError] = field(default_factory=list)
    derived_name: bool = False

    def ordered_fields(self) -> dict[str, Any]:
        """Known fields in note order, then extra fields in column order."""
        known = [(k, self.fields[k]) for k in KNOWN_FIELDS if k in self.fields]
        extra = [(k, v) for k, v in self.fields.items() if k not in KNOWN_FIELDS]
        return dict(known + extra)


def _customer_converter(target: str, config: NotebookConfig) -> Callable[[object], Any]:
    """How a cell becomes the value of ``target``."""
    if target == "id":
        return cell_text
    if target in DATE_FIELDS or config.custom_fields.get(target) == "date":
        return date_cell
    if target == "status":
        return lambda value: word(value, STATUS_WORDS, config.statuses, "status")
    if target == "kana":
        return lambda value: full_width_kana(cell_text(value))
    simple: dict[str, Callable[[object], Any]] = {
        "phones": phone_text, "emails": emails, "tags": split_cell_list,
        "postal_code": postal_code,
    }  # fmt: skip
    if target in simple:
        return simple[target]
    if target in MAPPING_LIST_FIELDS:
        return structured
    if target in config.custom_fields:
        return lambda value: typed_value(target, cell_text(value), config)
    if target.removeprefix(PREFERENCES_PREFIX) in LIST_PREFERENCES:
        return split_cell_list
    return cell_text


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


def draft_customer(
    row: int,
    values: Mapping[str, object],
    mappings: Sequence[ColumnMapping],
    config: NotebookConfig,
    *,
    source: str,
    skip_bad: bool = False,
) -> CustomerDraft:
    """Convert one record; a bad cell raises InvalidValueError naming the file, row and column,
    or with ``skip_bad`` is left out (listed in ``dropped``) and the rest of the row kept."""
    fields: dict[str, Any] = {}
    body_parts: list[str] = []
    dropped: list[InvalidValueError] = []
    for mapping, value in filled(values, mappings):
        if mapping.target == BODY:
            labelled = mapping.explicit and not is_body_header(mapping.column)
            body_parts.append(
                f"{mapping.column}: {cell_text(value)}" if labelled else cell_text(value)
            )
        elif mapping.target == EXTRA:
            fields[mapping.key] = extra_value(value)
        else:
            convert = _customer_converter(mapping.target, config)
            try:
                converted = convert_cell(mapping, value, convert, row, source)
            except InvalidValueError as error:
                if not skip_bad:
                    raise
                dropped.append(error)
                continue
            if mapping.target == "id":
                target, converted = imported_id(converted)
                if target == EXTERNAL_ID:
                    fields[EXTERNAL_ID] = converted
                    continue
            if converted not in ("", [], None):
                _add(fields, mapping.target, converted)
    derived = not fields.get("name")
    if derived:
        fields["name"] = derived_name(fields)
    if not fields["name"]:
        column = next((m.column for m in mappings if m.target == "name"), "name")
        reason = _("no name, organisation, email or phone (every customer needs a name)")
        raise bad_cell(source, row, column, "", reason)
    return CustomerDraft(row, fields, "\n\n".join(body_parts), dropped, derived)


def derived_name(fields: Mapping[str, Any]) -> str:
    """A name for a contact that has none: its organisation, else its first email, else its
    first phone number ("" when it has none of them)."""
    for key in ("company", "emails", "phones"):
        value = fields.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    return ""


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
    #: Later rows folded into this new customer, with how they matched (``email a@b.jp``).
    merged: list[tuple[int, str]] = field(default_factory=list)
    #: Customers this one shares a phone number with but was NOT merged into (other names).
    shares_phone_with: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """Everything a customer import would do; ``bad`` holds rows left out by ``--skip-bad``."""

    customers: list[PlannedCustomer] = field(default_factory=list)
    bad: list[InvalidValueError] = field(default_factory=list)
    #: Cells ``--skip-bad`` left out of rows that were otherwise imported.
    dropped: list[InvalidValueError] = field(default_factory=list)

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
        match = self.index.match(fields, derived_name=draft.derived_name)
        if match is None:
            self.create(draft, fields)
            return
        key, by, value = match
        if self.on_duplicate is OnDuplicate.ERROR:
            other = f"row {self.new[key].rows[0]}" if key in self.new else f"customer {key}"
            raise bad_cell(self.source, draft.row, by, value, f"duplicate of {other}")
        if key in self.new:
            self.again(self.new[key], draft, fields, f"{by} {value}")
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
        item.shares_phone_with = [self._described(k) for k in self.index.sharing_phone(fields)]
        self.new[key] = item
        self.plan.customers.append(item)
        self.index.add(key, fields, derived_name=draft.derived_name)

    def filled(self, existing: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
        """:func:`fill_empty`, and phones, emails and tags the existing lists lack added to
        them (compared as numbers and addresses: ``03(5555)0199`` is ``03-5555-0199``)."""
        changes = fill_empty(existing, incoming)
        keys = {"phones": self.index.phone_key, "emails": email_key,
                "tags": lambda t: t}  # fmt: skip
        for name, key in keys.items():
            have, new = existing.get(name), incoming.get(name)
            if isinstance(have, list) and have and isinstance(new, list):
                known = {key(str(v)) for v in have}
                extra = [v for v in new if key(str(v)) not in known]
                if extra:
                    changes[name] = [*have, *extra]
        return changes

    def _described(self, key: str) -> str:
        """``row 4 山田 太郎`` for a customer of this import, else ``customer k7m2qa 山田 太郎``."""
        if key in self.new:
            return f"{key} {self.new[key].name}"
        known = self.index.name_of(key)
        return f"customer {key}" + (f" {known}" if known else "")

    def again(
        self, item: PlannedCustomer, draft: CustomerDraft, fields: dict[str, Any], how: str
    ) -> None:
        """A later row for a customer this import creates: merged into it (or skipped)."""
        item.rows.append(draft.row)
        item.merged.append((draft.row, how))
        if self.on_duplicate is OnDuplicate.UPDATE:
            key = f"row {item.rows[0]}"
            made_up = self.index.name_of(key) is None
            if made_up and not draft.derived_name:  # a real name replaces a made-up one
                item.changes["name"] = item.name = fields["name"]
                made_up = False
            item.changes.update(self.filled(item.changes, fields))
            self.index.add(key, item.changes, derived_name=made_up)
            item.body = item.body or draft.body

    def update(self, key: str, draft: CustomerDraft, fields: dict[str, Any], how: str) -> None:
        existing = self.seen.get(key) or self.load(key)
        changes = self.filled(existing.fields, {k: v for k, v in fields.items() if k != "id"})
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
            planner.plan.dropped.extend(draft.dropped)
            planner.row(draft)
        except InvalidValueError as error:
            if not skip_bad:
                raise
            planner.plan.bad.append(error)
    return planner.plan
