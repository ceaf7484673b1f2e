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
from datetime import date, timedelta
from functools import lru_cache

from custnote.core.note import date_reader
from custnote.core.note.dates import add_months
from custnote.core.note.textnorm import nfkc


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

    def japanese(self) -> str:
        """``1年6ヶ月``, ``2週間``, ``10日``."""
        units = ((self.years, "年"), (self.months, "ヶ月"), (self.weeks, "週間"), (self.days, "日"))
        return "".join(f"{n}{unit}" for n, unit in units if n) or "0日"


def on_year(day: date, year: int) -> date:
    """The same month and day in ``year``; 29 February falls on 28 February in common years."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


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
    return _parse_period(str(text))


@lru_cache(maxsize=512)  # a notebook uses a handful of spellings, read thousands of times
def _parse_period(text: str) -> Period:
    folded = nfkc(text).strip().casefold()
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


def read_date(value: object) -> date:
    """A date written in a note by hand; ValueError (a
    :class:`~custnote.core.note.date_reader.DateError`, with the reason) when it is none.

    The forms are those of :func:`custnote.core.note.date_reader.read_date` in note mode
    (``1970-05-12``, ``19700512``, ``昭和45年5月12日``, ``12 May 1970``, a date with a time whose
    time is dropped); relative words (``tomorrow``, ``+3d``) and impossible days are refused.
    """
    return date_reader.read_date(value, date_reader.Mode.NOTE)
