"""Calendar periods (``6 months``, ``3m``, ``2w``, ``5y``) and hand-written dates.

People write intervals and dates in many ways in a note: ``visit_every: 6 months``, ``3ヶ月``,
``lifetime: 5y``; ``1970-5-12``, ``1970/05/12``, ``1970年5月12日``, ``昭和45年5月12日``,
``１９７０－０５－１２``, ``12 May 1970``. This module turns them into :class:`Period` and
:class:`datetime.date` values, or raises :class:`ValueError` with a short reason that the caller
turns into a message naming the file and field.

A bare ``m`` in a period means *months* (``3m``), never minutes: periods here are calendar
intervals. Adding months or years keeps the day of the month and clamps it to the month's last
day (31 Jan + 1 month = 28/29 Feb; 29 Feb + 1 year = 28 Feb).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from custnote.core.textnorm import nfkc


@dataclass(frozen=True)
class Period:
    """A calendar interval: years, months, weeks and days added in that order."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def after(self, start: date) -> date:
        """The date one period after ``start`` (month ends clamped, see module docstring)."""
        return add_months(start, self.years * 12 + self.months) + timedelta(
            weeks=self.weeks, days=self.days
        )

    def __str__(self) -> str:
        parts = [
            f"{n}{unit}"
            for n, unit in (
                (self.years, "y"),
                (self.months, "m"),
                (self.weeks, "w"),
                (self.days, "d"),
            )
            if n
        ]
        return "".join(parts) or "0d"


def add_months(start: date, months: int) -> date:
    """``start`` moved by ``months`` calendar months, the day clamped to the month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def on_year(day: date, year: int) -> date:
    """The same month and day in ``year``; 29 February falls on 28 February in common years."""
    return add_months(day, (year - day.year) * 12)


_UNITS = {
    "y": "years",
    "yr": "years",
    "yrs": "years",
    "year": "years",
    "years": "years",
    "年": "years",
    "m": "months",
    "mo": "months",
    "mon": "months",
    "month": "months",
    "months": "months",
    "ヶ月": "months",
    "ヵ月": "months",
    "カ月": "months",
    "か月": "months",
    "箇月": "months",
    "ケ月": "months",
    "月": "months",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "週": "weeks",
    "週間": "weeks",
    "d": "days",
    "day": "days",
    "days": "days",
    "日": "days",
    "日間": "days",
}
_WORDS = {
    "daily": Period(days=1),
    "weekly": Period(weeks=1),
    "biweekly": Period(weeks=2),
    "monthly": Period(months=1),
    "quarterly": Period(months=3),
    "yearly": Period(years=1),
    "annually": Period(years=1),
    "half a year": Period(months=6),
    "半年": Period(months=6),
    "毎日": Period(days=1),
    "毎週": Period(weeks=1),
    "隔週": Period(weeks=2),
    "毎月": Period(months=1),
    "毎年": Period(years=1),
}
_PART = re.compile(r"(\d+)\s*([a-z]+|ヶ月|ヵ月|カ月|か月|箇月|ケ月|週間|日間|[年月週日])")
_EVERY = re.compile(r"^(every|each|毎)\s*|\s*(ごと|毎)$")


def parse_period(text: object) -> Period:
    """Read ``6 months``, ``3m``, ``2w``, ``1y6m``, ``5 years``, ``3ヶ月``, ``半年``, ``quarterly``.

    A leading ``every`` and a trailing ``ごと`` are ignored. Raises ValueError when the text is not
    a positive period.
    """
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ValueError("not a period such as '6 months', '3m', '2w' or '5y'")
    folded = nfkc(str(text)).strip().casefold()
    if folded not in _WORDS:
        folded = _EVERY.sub("", folded).strip()
    if folded in _WORDS:
        return _WORDS[folded]
    amounts = {"years": 0, "months": 0, "weeks": 0, "days": 0}
    rest = _PART.sub(lambda m: _add_part(amounts, m), folded)
    if rest.replace(",", "").replace("and", "").strip() or not any(amounts.values()):
        raise ValueError("not a period such as '6 months', '3m', '2w' or '5y'")
    return Period(**amounts)


def _add_part(amounts: dict[str, int], match: re.Match[str]) -> str:
    unit = _UNITS.get(match.group(2))
    if unit is None:
        return match.group(0)  # left in the rest: makes the whole text invalid
    amounts[unit] += int(match.group(1))
    return ""


# Japanese eras: name, one-letter abbreviation, first day.
_ERAS = (
    ("令和", "r", date(2019, 5, 1)),
    ("平成", "h", date(1989, 1, 8)),
    ("昭和", "s", date(1926, 12, 25)),
    ("大正", "t", date(1912, 7, 30)),
    ("明治", "m", date(1868, 1, 25)),
)
_ERA_BY_KEY = {key: start for name, letter, start in _ERAS for key in (name, letter)}
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].casefold(),
        calendar.month_abbr[number].casefold(),
    )
}
_SEP = r"\s*[-/.]\s*"
_ISO_LIKE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?:[t\s].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_KANJI = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_ERA = re.compile(
    r"^(令和|平成|昭和|大正|明治|[rhstm])\s*\.?\s*(\d{1,2}|元)\s*(?:年|[-/.])\s*"
    r"(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?$"
)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def parse_date(value: object) -> date:
    """Read a date as a person may write it (see module docstring); ValueError if it is none.

    YAML already gives :class:`date` (or :class:`datetime`) for ``1970-05-12`` and ``1970-5-12``;
    strings are read in these forms: ``1970/05/12``, ``1970.5.12``, ``19700512``,
    ``1970年5月12日``, ``昭和45年5月12日`` / ``S45.5.12`` (``元年`` for the first year),
    ``12 May 1970``, ``May 12, 1970``, full-width digits, and ``2026-11-20T10:00`` (the time is
    dropped). Impossible days (``2023-02-29``) are errors.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("not a date (write YYYY-MM-DD)")
    text = nfkc(value).strip().casefold()
    try:
        year, month, day = _date_parts(text)
        return date(year, month, day)
    except ValueError:
        raise ValueError("not a valid date (write YYYY-MM-DD)") from None


def _date_parts(text: str) -> tuple[int, int, int]:
    for pattern in (_ISO_LIKE, _COMPACT, _KANJI):
        match = pattern.match(text)
        if match:
            year, month, day = match.groups()
            return int(year), int(month), int(day)
    match = _ERA.match(text)
    if match:
        era, year, month, day = match.groups()
        start = _ERA_BY_KEY[era]
        return start.year + (1 if year == "元" else int(year)) - 1, int(month), int(day)
    match = _DAY_MONTH_YEAR.match(text)
    if match and match.group(2) in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1))
    match = _MONTH_DAY_YEAR.match(text)
    if match and match.group(1) in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2))
    raise ValueError(text)
