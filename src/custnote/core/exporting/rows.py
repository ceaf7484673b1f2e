"""Customers as flat rows for spreadsheets, and as mailing labels. Pure: no I/O.

A flat row has one column per field: lists are joined with ``; ``, dates are ISO, preferences
spread over ``preferences.KEY`` columns, anything nested (family, anniversaries, nested extra
fields) is compact JSON, and the body is the last column. :mod:`custnote.core.importing.customers`
reads every one of those back, so an export imports into an empty notebook as the same customers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from custnote.core.importing.customers import postal_code
from custnote.core.importing.mapping import BODY, PREFERENCES_PREFIX
from custnote.core.note.honorifics import COMPANY, addressed, is_company
from custnote.core.note.model import KNOWN_FIELDS
from custnote.errors import InvalidValueError
from custnote.i18n import _

LIST_SEPARATOR = "; "
LABEL_COLUMNS = ("郵便番号", "住所", "会社名", "部署", "役職", "宛名")


def cell(value: object) -> str:
    """One value as spreadsheet text (see module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def flatten(fields: Mapping[str, Any], body: str = "") -> dict[str, str]:
    """A customer's fields and body as {column: text}."""
    row: dict[str, str] = {}
    for key, value in fields.items():
        if key == "preferences" and isinstance(value, Mapping):
            for pref_key, pref_value in value.items():
                row[f"{PREFERENCES_PREFIX}{pref_key}"] = cell(pref_value)
        else:
            row[key] = cell(value)
    if body.strip():
        row[BODY] = body.strip("\n")
    return row


def _sort_key(column: str) -> int:
    if column.startswith(PREFERENCES_PREFIX):
        return KNOWN_FIELDS.index("preferences")
    return KNOWN_FIELDS.index(column) if column in KNOWN_FIELDS else len(KNOWN_FIELDS)


def choose_columns(rows: Sequence[Mapping[str, str]], requested: Sequence[str] = ()) -> list[str]:
    """The export's columns: ``requested`` (``--fields``) as given, else every column any row
    has, known fields in note order, then extra fields in first-seen order, then the body."""
    seen: list[str] = []
    for row in rows:
        seen.extend(column for column in row if column not in seen)
    if requested:
        known = {*KNOWN_FIELDS, BODY, *seen}
        for column in requested:
            if column not in known and not column.startswith(PREFERENCES_PREFIX):
                raise InvalidValueError(
                    "--fields",
                    column,
                    _("unknown field (known: {value}, body)").format(value=", ".join(KNOWN_FIELDS)),
                )
        return list(requested)
    ordered = sorted((c for c in seen if c != BODY), key=_sort_key)  # stable: extras keep order
    return ordered + ([BODY] if BODY in seen else [])


@dataclass(frozen=True)
class Label:
    """One address label (宛名ラベル) for a New Year card or a mailing: ``addressee`` is the
    name as written on it, with exactly one honorific
    (:func:`custnote.core.note.honorifics.addressed`:
    様, the customer's own ``honorific``, or 御中 for a company, whose name then is not repeated
    in the company column)."""

    postal_code: str
    address: str
    company: str
    department: str
    title: str
    name: str
    addressee: str = ""

    def cells(self) -> list[str]:
        return [self.postal_code, self.address, self.company, self.department, self.title,
                self.addressee or self.name]  # fmt: skip


def labels(customers: Iterable[Mapping[str, Any]]) -> tuple[list[Label], list[str]]:
    """Labels for customers with an address, and the names of those left out for having none."""
    made: list[Label] = []
    left_out: list[str] = []
    for fields in customers:
        name = str(fields.get("name", ""))
        address = str(fields.get("address") or "").strip()
        if not address:
            left_out.append(name)
            continue
        company, department, title = (str(fields.get(k) or "") for k in
                                      ("company", "department", "title"))  # fmt: skip
        addressee = addressed(name, company, str(fields.get("honorific") or ""))
        if is_company(name, company) and addressee.endswith(COMPANY):
            company = "" if _same(company, name) else company
        made.append(Label(postal_code(fields.get("postal_code") or ""), address, company,
                          department, title, name, addressee))  # fmt: skip
    made.sort(key=lambda label: (label.postal_code, label.address))
    return made, left_out


def _same(company: str, name: str) -> bool:
    return company.replace(" ", "").casefold() == name.replace(" ", "").casefold()
