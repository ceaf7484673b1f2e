"""Dates and times as spreadsheets hold them, on top of :mod:`custnote.core.note.dates`.

:mod:`custnote.core.note.dates` reads what people type on the command line (``1970/5/12``,
``1970-05-12``, ``1970年5月12日``, ``昭和45年5月12日``, ``S45.5.12``, full-width digits). Cells
add: date and date-time cells, Excel serial numbers (``25700``, ``45250.5``), ``19700512``, a
weekday after the date (``2026/11/20(金)``), a time after it, and times like ``14:30:00``,
``14時`` or ``午後2時半``. Relative words (``today``, ``+3d``) mean nothing in a file and are
refused. Pure; a value that cannot be understood raises :class:`ValueError` whose message says
why (the importer turns it into an error naming the file, row and column).
"""

from __future__ import annotations

import datetime as dt
import re

from custnote.core.note import dates
from custnote.core.note.textnorm import nfkc
from custnote.errors import InvalidValueError

# Excel's 1900 date system counts days from 1899-12-30 (it believes 1900 was a leap year, so
# counting from there is right for every date after February 1900).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_MAX = 2_958_465  # 9999-12-31
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WEEKDAY = re.compile(r"\((?:[月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)\)")
_DATE_TIME_SPLIT = re.compile(r"(?<=\d)t|(?<=[\d日])\s+")
_MERIDIEM = re.compile(r"^(午前|午後|am|pm)?\s*(.*)$")
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*時$")
_WITH_SECONDS = re.compile(r"^(\d{1,2}:\d{2}):\d{2}$")
_NOT_A_DATE = "not a date (write it like 1970-05-12, 1970/5/12 or 昭和45年5月12日)"


def _clean(text: str) -> str:
    return nfkc(text).strip().lower()


def excel_serial_to_datetime(serial: float) -> dt.datetime:
    """The moment an Excel serial number (days since 1899-12-30, fraction = time) stands for."""
    if not 1 <= serial <= _SERIAL_MAX:
        raise ValueError(f"not an Excel date serial number ({serial})")
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def parse_time(text: str) -> dt.time:
    """``14:30``, ``14:30:00``, ``14時30分``, ``14時``, ``午後2時半``, ``PM 2:05``."""
    match = _MERIDIEM.match(_clean(text).replace("半", "30分"))
    assert match  # the pattern matches any text
    meridiem, rest = match.group(1), match.group(2).strip()
    rest = _WITH_SECONDS.sub(r"\1", _HOUR_ONLY.sub(r"\1:00", rest))
    try:
        moment = dates.parse_time(rest)
    except InvalidValueError:
        raise ValueError("not a time (write it like 14:30)") from None
    hour = moment.hour
    if meridiem in ("午後", "pm") and hour < 12:
        hour += 12
    elif meridiem in ("午前", "am") and hour == 12:
        hour = 0
    return moment.replace(hour=hour)


def _parse_day(text: str) -> tuple[dt.date, dt.time | None]:
    if match := _COMPACT.match(text):
        try:
            return dt.date(*map(int, match.groups())), None
        except ValueError as exc:
            raise ValueError(f"no such day ({exc})") from None
    if _SERIAL.match(text):
        return parse_cell_datetime(float(text))
    if not re.search(r"\d", text) or text.startswith("+"):
        raise ValueError(_NOT_A_DATE)  # no relative dates ("today", "+3d") in a file
    try:
        return dates.parse_date(text), None
    except InvalidValueError as exc:
        generic = exc.reason.startswith("not a date (")
        raise ValueError(_NOT_A_DATE if generic else exc.reason) from None


def parse_cell_datetime(value: object) -> tuple[dt.date, dt.time | None]:
    """A day and, when one is given, a time of day, from a cell (see module docstring)."""
    if isinstance(value, dt.datetime):
        moment = value.time().replace(second=0, microsecond=0)
        return value.date(), (moment if value.time() != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        raise ValueError(_NOT_A_DATE)
    if isinstance(value, int | float):
        return parse_cell_datetime(excel_serial_to_datetime(float(value)))
    text = _WEEKDAY.sub(" ", _clean(str(value))).strip()
    if not text:
        raise ValueError("empty date")
    day_text, *time_text = _DATE_TIME_SPLIT.split(text, maxsplit=1)
    day, moment = _parse_day(day_text.strip())
    if time_text and time_text[0].strip():
        moment = parse_time(time_text[0])
    return day, moment


def parse_cell_date(value: object) -> dt.date:
    """A day from a cell: a date, a datetime, an Excel serial number or text."""
    return parse_cell_datetime(value)[0]
