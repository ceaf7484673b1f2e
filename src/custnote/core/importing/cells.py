"""Imported cells as custnote values: text, lists, phone numbers, postal codes, dates, amounts,
durations, email addresses and JSON structures; and the one error for a bad cell. Pure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from custnote.core.importing import cell_dates as jdates
from custnote.core.importing.mapping import IGNORE, ColumnMapping, translate_word
from custnote.core.note import dates
from custnote.core.note.fieldops import split_list as split_words
from custnote.core.note.textnorm import nfkc
from custnote.errors import InvalidValueError
from custnote.i18n import _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ANGLE_EMAIL = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>")
_COMPACT_DATE = re.compile(r"^\d{8}$")
_PLAIN_INT = re.compile(r"^-?(0|[1-9]\d{0,15})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def split_cell_list(value: object) -> list[str]:
    """A list cell: items separated by ``;``, ``,``, ``、`` (also full-width) or new lines."""
    text = cell_text(value).replace("\n", ",").replace("，", ",").replace("；", ";")
    return split_words(text)


def phone_text(value: object) -> list[str]:
    """Phone numbers from a cell; a number Excel stored as a number gets its leading 0 back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = cell_text(value)
        return [f"0{digits}" if len(digits) in (9, 10) else digits]
    return split_cell_list(value)


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


def structured(value: object) -> object:
    try:
        parsed = json.loads(cell_text(value))
    except json.JSONDecodeError:
        raise ValueError("write it as JSON, as custnote exports it") from None
    if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
        raise ValueError("must be a JSON list of mappings")
    return [{key: iso_date_or_value(value) for key, value in item.items()} for item in parsed]


def iso_date_or_value(value: object) -> object:
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
        return iso_date_or_value(text)
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def bad_cell(source: str, row: int, column: str, value: object, reason: str) -> InvalidValueError:
    """The one error for a bad cell: ``FILE: row 12, column '誕生日': REASON: 'VALUE'``."""
    return InvalidValueError(
        _("row {row}, column {column!r}").format(row=row, column=column),
        value,
        reason,
        source=source,
    )


def converted(mapping: ColumnMapping, value: object, convert, row: int, source: str) -> Any:
    """``convert(value)``, or the bad-cell error naming the row and column."""
    try:
        return convert(value)
    except ValueError as exc:
        raise bad_cell(source, row, mapping.column, value, str(exc)) from None
    except InvalidValueError as exc:
        raise bad_cell(source, row, mapping.column, value, exc.reason) from None


def email_address(text: str) -> str | None:
    """The address in ``taro@example.jp``, ``mailto:taro@example.jp`` or ``"Taro" <taro@…>``
    (as mail programs copy it); None when there is none."""
    text = nfkc(text).strip()
    if found := _ANGLE_EMAIL.search(text):
        text = found.group(1)
    text = text.removeprefix("mailto:").strip().strip('"')
    return text if _EMAIL.match(text) else None


def emails(value: object) -> list[str]:
    emails = []
    for item in split_cell_list(value):
        email = email_address(item)
        if email is None:
            raise ValueError(f"not an email address: {nfkc(item)}")
        emails.append(email)
    return emails


def date_cell(value: object) -> dt.date:
    """A date cell; a number of 8 digits (Excel keeps ``19780707`` typed as a number) is read
    as YYYYMMDD, as the same text is."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and float(value).is_integer() and _COMPACT_DATE.match(str(int(value))):
        return jdates.parse_cell_date(str(int(value)))
    return jdates.parse_cell_date(value)


def word(value: object, words: Mapping[str, str], allowed: Sequence[str], what: str) -> str:
    found = translate_word(cell_text(value), words, allowed)
    if found is None:
        raise ValueError(f"unknown {what} (choose one of: {', '.join(allowed)})")
    return found


def filled(
    values: Mapping[str, object], mappings: Sequence[ColumnMapping]
) -> Iterator[tuple[ColumnMapping, object]]:
    """The (mapping, value) of every non-empty cell of a row that is not ignored."""
    for mapping in mappings:
        value = values.get(mapping.column)
        if mapping.target != IGNORE and cell_text(value):
            yield mapping, value
