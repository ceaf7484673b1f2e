"""Dates and times as people type them in Japanese spreadsheets.

``1970/5/12``, ``1970-05-12``, ``1970.5.12``, ``19700512``, ``1970年5月12日``, ``昭和45年5月12日``,
``S45.5.12``, ``平成元年1月8日``, full-width digits, and Excel serial numbers (``25700``) all name a
day. Times: ``14:30``, ``14:30:00``, ``14時30分``, ``午後2時``. Everything here is pure; a value
that cannot be understood raises :class:`ValueError` whose message says why (the importer turns
it into an error naming the file, row and column).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from custnote.core.textnorm import nfkc


@dataclass(frozen=True)
class Era:
    """A Japanese era: its names, its first day and the first day of the next era."""

    names: tuple[str, ...]
    start: dt.date
    end: dt.date


ERAS = (
    Era(("令和", "r"), dt.date(2019, 5, 1), dt.date.max),
    Era(("平成", "h"), dt.date(1989, 1, 8), dt.date(2019, 5, 1)),
    Era(("昭和", "s"), dt.date(1926, 12, 25), dt.date(1989, 1, 8)),
    Era(("大正", "t"), dt.date(1912, 7, 30), dt.date(1926, 12, 25)),
    Era(("明治", "m"), dt.date(1868, 1, 25), dt.date(1912, 7, 30)),
)
_ERA_BY_NAME = {name: era for era in ERAS for name in era.names}
_ERA_NAMES = "|".join(sorted(_ERA_BY_NAME, key=len, reverse=True))

# Excel's 1900 date system counts days from 1899-12-30 (it believes 1900 was a leap year, so
# counting from there is right for every date after February 1900).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 2_958_465  # 1900-01-01 .. 9999-12-31

_SEP = r"\s*[-/.年]\s*"
_ISO_LIKE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?=$|[\sT])")
_ERA_DATE = re.compile(
    rf"^({_ERA_NAMES})\s*(元|\d{{1,2}}){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?",
    re.IGNORECASE,
)
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_TIME = re.compile(r"^(午前|午後|am|pm)?\s*(\d{1,2})\s*(?:[:時])\s*(\d{1,2})?\s*分?(?::(\d{1,2}))?")
_WEEKDAY = re.compile(r"\((?:[月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)\)")


def _clean(text: str) -> str:
    """NFKC (full-width digits, ideographic space), trimmed, lower-case era initials."""
    return nfkc(text).strip().lower()


def excel_serial_to_datetime(serial: float) -> dt.datetime:
    """The moment an Excel serial number (days since 1899-12-30, fraction = time) stands for."""
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise ValueError(f"not an Excel date serial number ({serial})")
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"no such day ({exc})") from None


def _era_date(name: str, era_year: str, month: str, day: str) -> dt.date:
    era = _ERA_BY_NAME[name.lower()]
    number = 1 if era_year == "元" else int(era_year)
    value = _make_date(era.start.year + max(number, 1) - 1, int(month), int(day))
    if number < 1 or not era.start <= value < era.end:
        last = (era.end - dt.timedelta(days=1)).isoformat() if era.end != dt.date.max else ""
        raise ValueError(f"{era.names[0]} runs from {era.start.isoformat()} to {last}")
    return value


def _split_date(text: str) -> tuple[dt.date, str]:
    """Parse the date at the start of ``text``; return it and the rest of the text."""
    for pattern, build in (
        (_ERA_DATE, lambda m: _era_date(*m.groups())),
        (_ISO_LIKE, lambda m: _make_date(*map(int, m.groups()))),
        (_COMPACT, lambda m: _make_date(*map(int, m.groups()))),
    ):
        match = pattern.match(text)
        if match:
            return build(match), text[match.end() :].strip().lstrip("tT").strip()
    if _SERIAL.match(text):
        moment = excel_serial_to_datetime(float(text))
        return moment.date(), moment.time().strftime("%H:%M") if "." in text else ""
    raise ValueError("not a date (write it like 1970-05-12, 1970/5/12 or 昭和45年5月12日)")


def parse_time(text: str) -> dt.time:
    """``14:30``, ``14:30:00``, ``14時30分``, ``14時``, ``午後2時半``."""
    cleaned = _clean(text).replace("半", "30分")
    match = _TIME.match(cleaned)
    if not match or cleaned[match.end() :].strip():
        raise ValueError("not a time (write it like 14:30)")
    meridiem, hour, minute = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if meridiem in ("午後", "pm") and hour < 12:
        hour += 12
    if meridiem in ("午前", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError("not a time of day")
    return dt.time(hour, minute)


def parse_date(value: object) -> dt.date:
    """A day from a cell: a date, a datetime, an Excel serial number or text (see module doc)."""
    day, _ = parse_datetime(value)
    return day


def parse_datetime(value: object) -> tuple[dt.date, dt.time | None]:
    """A day and, when one is given, a time of day (``2026/11/20 14:30``, Excel date-times)."""
    if isinstance(value, dt.datetime):
        moment_time = value.time().replace(second=0, microsecond=0)
        return value.date(), (moment_time if value.time() != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int | float):
        moment = excel_serial_to_datetime(float(value))
        return parse_datetime(moment)
    text = _WEEKDAY.sub(" ", _clean(str(value))).strip()
    if not text:
        raise ValueError("empty date")
    day, rest = _split_date(text)
    return day, (parse_time(rest) if rest else None)
