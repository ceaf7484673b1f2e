"""The one reader of dates and times as they are written: in note files, in cells, on the CLI.

It owns the grammar of a written day: ``1970-05-12``, ``1970/5/12``, ``1970.5.12``,
``1970年5月12日``, era dates (``昭和45年5月12日``, ``S45.5.12``, ``令和元年5月1日``), full-width
digits (NFKC), and, in files, ``19700512``, ``12 May 1970``, ``May 12, 1970``, a weekday after
the day (``2026/11/20(金)``) and a time after it (``2026-11-20 14:30``, ``…T14:30``,
``… 午後2時半``). Times: ``14:30``, ``14:30:00``, ``14時30分``, ``14時``, ``PM 2:05``.

Modes (the real differences between callers):

- :data:`Mode.NOTE`: a value in a note file. Relative words (``today``, ``+3d``) mean nothing in
  a stored file and are refused; so are numbers (a YAML ``19700512`` is not a date).
- :data:`Mode.CELL`: a spreadsheet cell. As NOTE, plus Excel serial numbers (``25700``,
  ``45250.5``, or the number itself).

What people type on the command line (relative words too) is read by
:func:`custnote.core.note.dates.parse_date`, which uses :func:`match_day` from here for the
written forms. Every refusal is a :class:`DateError` naming the value and the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re

from custnote.core.note.textnorm import nfkc
from custnote.i18n import _


class Mode(enum.Enum):
    NOTE = "note"
    CELL = "cell"


class DateError(ValueError):
    """A value that is no date (or time); ``str()`` is the reason, ``value`` the value."""

    def __init__(self, value: object, reason: str) -> None:
        super().__init__(reason)
        self.value = value
        self.reason = reason


# First year of each era (year 1 of the era is this Gregorian year).
ERAS = {
    "令和": 2019, "r": 2019,
    "平成": 1989, "h": 1989,
    "昭和": 1926, "s": 1926,
    "大正": 1912, "t": 1912,
    "明治": 1868, "m": 1868,
}  # fmt: skip

#: Each era's first and last day: an era date outside them is a typo (昭和64年2月1日).
_ERA_SPANS = {
    1868: (dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    1912: (dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    1926: (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    1989: (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    2019: (dt.date(2019, 5, 1), dt.date.max),
}

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_ERA = re.compile(
    r"^(令和|平成|昭和|大正|明治|[rhstm])\s*(\d{1,2}|元)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].casefold(), calendar.month_abbr[number].casefold())
}
_WEEKDAY = re.compile(r"\((?:[月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)\)")
_DATE_TIME_SPLIT = re.compile(r"(?<=\d)t|(?<=[\d日])\s+")
_TIME = re.compile(r"^(\d{1,2})[:時](\d{2})分?$")
_MERIDIEM = re.compile(r"^(午前|午後|am|pm)?\s*(.*)$")
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*時$")
_WITH_SECONDS = re.compile(r"^(\d{1,2}:\d{2}):\d{2}$")

# Excel's 1900 date system counts days from 1899-12-30 (it believes 1900 was a leap year, so
# counting from there is right for every date after February 1900).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_MAX = 2_958_465  # 9999-12-31
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")


def clean(text: str) -> str:
    """The form the grammar reads: NFKC (full-width digits), stripped, lower case."""
    return nfkc(str(text)).strip().lower()


def not_a_date() -> str:
    return _("not a date (write YYYY-MM-DD)")


def _real_day(value: object, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(value, _("not a real date ({exc})").format(exc=exc)) from None


def match_day(text: str) -> dt.date | None:
    """The day a cleaned ``text`` writes as year-month-day or as an era date; None when it is
    written in neither form; :class:`DateError` when it is no real day (or outside its era)."""
    if m := _YMD.match(text):
        return _real_day(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _ERA.match(text):
        era_year = 1 if m[2] == "元" else int(m[2])
        start = ERAS[m[1]]
        first, last = _ERA_SPANS[start]
        day = _real_day(text, start + max(era_year, 1) - 1, int(m[3]), int(m[4]))
        if era_year < 1 or not first <= day <= last:
            span = f"{first.isoformat()} to {last.isoformat() if last != dt.date.max else 'today'}"
            raise DateError(text, _("not a date of that era ({span})").format(span=span))
        return day
    return None


def _file_day(text: str) -> dt.date | None:
    """:func:`match_day` plus the forms only files use (``19700512``, ``12 May 1970``)."""
    if (day := match_day(text)) is not None:
        return day
    if m := _COMPACT.match(text):
        return _real_day(text, int(m[1]), int(m[2]), int(m[3]))
    if (m := _DAY_MONTH_YEAR.match(text)) and m[2] in _MONTHS:
        return _real_day(text, int(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := _MONTH_DAY_YEAR.match(text)) and m[1] in _MONTHS:
        return _real_day(text, int(m[3]), _MONTHS[m[1]], int(m[2]))
    return None


def looks_like_time(text: str) -> bool:
    """Whether a cleaned ``text`` is written as a time (``25:00`` is, and is then refused)."""
    return _TIME.match(text) is not None


def match_time(text: str) -> dt.time | None:
    """``14:30`` or ``14時30分`` (cleaned); None when it is not a time of day."""
    m = _TIME.match(text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        return None
    return dt.time(int(m[1]), int(m[2]))


def read_time(value: str) -> dt.time:
    """``14:30``, ``14:30:00``, ``14時30分``, ``14時``, ``午後2時半``, ``PM 2:05``."""
    match = _MERIDIEM.match(clean(value).replace("半", "30分"))
    assert match  # the pattern matches any text
    meridiem, rest = match.group(1), match.group(2).strip()
    moment = match_time(_WITH_SECONDS.sub(r"\1", _HOUR_ONLY.sub(r"\1:00", rest)))
    if moment is None:
        raise DateError(value, _("not a time (use HH:MM)"))
    hour = moment.hour
    if meridiem in ("午後", "pm") and hour < 12:
        hour += 12
    elif meridiem in ("午前", "am") and hour == 12:
        hour = 0
    return moment.replace(hour=hour)


def excel_serial_to_datetime(serial: float) -> dt.datetime:
    """The moment an Excel serial number (days since 1899-12-30, fraction = time) stands for."""
    if not 1 <= serial <= _SERIAL_MAX:
        raise DateError(
            serial, _("not an Excel date serial number ({serial})").format(serial=serial)
        )
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def read_datetime(value: object, mode: Mode = Mode.NOTE) -> tuple[dt.date, dt.time | None]:
    """A day and, when one is written, a time of day (see the module docstring)."""
    if isinstance(value, dt.datetime):
        moment = value.time().replace(second=0, microsecond=0)
        return value.date(), (moment if value.time() != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and mode is Mode.CELL:
        return read_datetime(excel_serial_to_datetime(float(value)), mode)  # type: ignore[arg-type]
    if not isinstance(value, str):
        raise DateError(value, not_a_date())
    try:
        return _read_text(_WEEKDAY.sub(" ", clean(value)).strip(), mode)
    except DateError as exc:
        raise DateError(value, exc.reason) from None  # named as written, not a part of it


def _read_text(text: str, mode: Mode) -> tuple[dt.date, dt.time | None]:
    if not text:
        raise DateError(text, _("empty date"))
    if mode is Mode.CELL and _SERIAL.match(text):
        return read_datetime(excel_serial_to_datetime(float(text)), mode)
    if (day := _file_day(text)) is not None:
        return day, None
    for split in _DATE_TIME_SPLIT.finditer(text):
        if (day := _file_day(text[: split.start()].strip())) is not None:
            rest = text[split.end() :].strip()
            return day, (read_time(rest) if rest else None)
    raise DateError(text, not_a_date())


def read_date(value: object, mode: Mode = Mode.NOTE) -> dt.date:
    """A day from a file value or a cell; a written time is checked and dropped."""
    return read_datetime(value, mode)[0]
