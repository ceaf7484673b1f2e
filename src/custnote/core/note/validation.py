"""Checks a note's front-matter against docs/FORMAT.md and the notebook's settings.

Validation runs before anything custnote writes (``add``, ``set``, ``edit``, ``sync``), so a bad
value never replaces a good note. Errors name the file, the field and the value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from custnote.core.note.controlchars import check_fields
from custnote.core.note.date_reader import DateError, read_date
from custnote.core.note.limits import check_field_sizes
from custnote.core.note.model import DATE_FIELDS, LIST_FIELDS, MAPPING_LIST_FIELDS
from custnote.core.note.naming import SAFE_ID_RULE, is_valid_id
from custnote.core.notebook.config import NotebookConfig
from custnote.core.privacy import LOCKED, is_armored
from custnote.errors import InvalidValueError
from custnote.i18n import _


def is_restricted_value(value: Any) -> bool:
    """An encrypted value, or the placeholder of one (docs/privacy.md)."""
    return value == LOCKED or is_armored(value)


_DATE_KEYS_IN_ITEMS = ("date", "birthday", "died")


def _check_date(value: Any, field: str, source: str) -> None:
    if value is None or isinstance(value, date):
        return
    try:
        read_date(str(value))  # as the agenda reads it: no relative words in a file
    except DateError as exc:
        raise InvalidValueError(field, value, exc.reason, source=source) from None


def _check_list(value: Any, field: str, source: str) -> None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item is None or isinstance(item, dict | list) or not str(item).strip():
            raise InvalidValueError(field, value, _("must be a list of words"), source=source)
        if field == "emails" and "@" not in str(item):
            raise InvalidValueError(field, item, _("not an email address"), source=source)
        if field == "phones" and not any(c.isdigit() for c in str(item)):
            raise InvalidValueError(field, item, _("not a phone number (no digits)"), source=source)


def _check_mapping_list(value: Any, field: str, source: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidValueError(
            field, value, _("must be a list of 'key: value' items"), source=source
        )
    for n, item in enumerate(value):
        for key in _DATE_KEYS_IN_ITEMS:
            if key in item:
                _check_date(item[key], f"{field}[{n}].{key}", source)


def _check_custom(value: Any, field: str, kind: str, source: str) -> None:
    if kind == "date":
        _check_date(value, field, source)
    elif kind == "number" and not isinstance(value, int | float):
        raise InvalidValueError(field, value, _("must be a number"), source=source)
    elif kind == "list":
        _check_list(value, field, source)


def validate_fields(fields: dict[str, Any], config: NotebookConfig, source: str) -> None:
    """Raise :class:`InvalidValueError` for the first field that breaks the contract."""
    check_field_sizes(fields, source)
    check_fields(fields, source)
    for required in ("id", "name"):
        value = fields.get(required)
        if not isinstance(value, str | int) or not str(value).strip():
            raise InvalidValueError(required, value, _("is required"), source=source)
    if not is_valid_id(fields["id"]):
        raise InvalidValueError("id", fields["id"], SAFE_ID_RULE, source=source)
    status = fields.get("status")
    if status is not None and status not in config.statuses:
        allowed = ", ".join(config.statuses)
        raise InvalidValueError(
            "status", status, _("must be one of {allowed}").format(allowed=allowed), source=source
        )
    for field, value in fields.items():
        validate_field(field, value, config, source)


def validate_field(field: str, value: Any, config: NotebookConfig, source: str) -> None:
    """One field's value (what a prompt checks before asking the next question); control
    characters are checked by :func:`validate_fields` for the whole note."""
    if value is None or is_restricted_value(value):
        return  # an encrypted value was checked before it was encrypted
    if field in LIST_FIELDS:
        _check_list(value, field, source)
    elif field in DATE_FIELDS:
        _check_date(value, field, source)
    elif field in MAPPING_LIST_FIELDS:
        _check_mapping_list(value, field, source)
    elif field == "preferences" and not isinstance(value, dict):
        raise InvalidValueError(field, value, _("must be a mapping (drink: …)"), source=source)
    elif field in config.custom_fields:
        _check_custom(value, field, config.custom_fields[field], source)
