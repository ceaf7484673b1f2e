"""Parsing what people type for dates, times, durations and amounts.

The written forms of a day and a time are read by :mod:`custnote.core.note.date_reader` (the
one date grammar); this module adds what only people at a prompt write: relative words.

Accepts the forms people use in Japanese and English offices: ``2026-11-20``, ``2026/11/20``,
``2026年11月20日``, era dates (``昭和45年5月12日``, ``R8.11.20``), full-width digits, relative words
(``today``, ``tomorrow``, ``yesterday``, ``+3d``, ``+2w``, ``+1m``), and times ``14:30``.
Everything raises :class:`~custnote.errors.InvalidValueError` naming the field and the value.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from custnote.core import clock
from custnote.core.note.date_reader import DateError, looks_like_time, match_day, match_time
from custnote.core.note.textnorm import nfkc
from custnote.errors import InvalidValueError
from custnote.i18n import _

_RELATIVE = re.compile(r"^\+(\d+)\s*([dwmy])$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|時間|m|min|mins|minutes?|分)")
#: Limits (docs/FORMAT.md): what lies beyond is a typo, and would break later commands.
MAX_AMOUNT_DIGITS = 15  # before the decimal point: up to 999,999,999,999,999
MAX_AMOUNT_DECIMALS = 4
MAX_DURATION_MIN = 999 * 60  # 999 hours
_WORDS = {"today": 0, "今日": 0, "tomorrow": 1, "明日": 1, "yesterday": -1, "昨日": -1}


def _clean(text: str) -> str:
    return nfkc(str(text)).strip().lower()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text: str | date, field: str = "date", *, relative_to: date | None = None) -> date:
    """A calendar date from the forms in the module docstring."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = _clean(text)
    base = relative_to or clock.today()
    if value in _WORDS:
        return base + timedelta(days=_WORDS[value])
    try:
        if m := _RELATIVE.match(value):
            if len(m[1]) > 5:
                raise OverflowError

            n, unit = int(m[1]), m[2]
            if unit in "dw":
                return base + timedelta(days=n * (7 if unit == "w" else 1))
            return add_months(base, n * (12 if unit == "y" else 1))
        if (day := match_day(value)) is not None:
            return day
    except DateError as exc:
        raise InvalidValueError(field, text, exc.reason) from None
    except ValueError as exc:
        raise InvalidValueError(field, text, _("not a real date ({exc})").format(exc=exc)) from None
    except OverflowError:
        raise InvalidValueError(field, text, _("too far from today (years 1 to 9999)")) from None
    raise InvalidValueError(field, text, _("not a date (use YYYY-MM-DD)"))


def parse_time(text: str, field: str = "time") -> time:
    """``14:30`` or ``14時30分``."""
    moment = match_time(_clean(text))
    if moment is None:
        raise InvalidValueError(field, text, _("not a time (use HH:MM)"))
    return moment


def parse_datetime(text: str, field: str = "at") -> tuple[date, time | None]:
    """A date with an optional time: ``2026-11-20 14:30``, ``2026-11-20T14:30``, ``14:30``
    (today), ``yesterday 9:00``. Returns ``(date, time or None)``."""
    value = re.sub(r"^(\d{4}-\d\d-\d\d)t", r"\1 ", _clean(text))
    parts = value.rsplit(" ", 1)
    if len(parts) == 2 and looks_like_time(parts[1]):
        return parse_date(parts[0], field), parse_time(parts[1], field)
    if looks_like_time(value):
        return clock.today(), parse_time(value, field)
    return parse_date(value, field), None


def parse_duration(text: str | int, field: str = "duration") -> int:
    """Whole minutes from ``30``, ``30m``, ``1h30m``, ``1.5h``, ``1:30``, ``1時間30分``."""
    if isinstance(text, int):
        minutes = text
    else:
        value = _clean(text).replace(" ", "")
        if len(value) > 20:
            raise InvalidValueError(field, text, _("not a duration (use 30m or 1h30m)"))
        if value.isdigit():
            minutes = int(value)
        elif m := re.fullmatch(r"(\d+):(\d{2})", value):
            minutes = int(m[1]) * 60 + int(m[2])
        else:
            parts = _DURATION_PART.findall(value)
            if not parts or _DURATION_PART.sub("", value):
                raise InvalidValueError(field, text, _("not a duration (use 30m or 1h30m)"))
            minutes = round(sum(float(n) * (60 if u[0] in "h時" else 1) for n, u in parts))
    if minutes < 0:
        raise InvalidValueError(field, text, _("a duration cannot be negative"))
    if minutes > MAX_DURATION_MIN:
        raise InvalidValueError(
            field, text, _("longer than {value} hours").format(value=MAX_DURATION_MIN // 60)
        )
    return minutes


def format_duration(minutes: int) -> str:
    """``45m``, ``1h``, ``1h30m``: the form written in note files."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def parse_amount(text: str | int | Decimal, field: str = "amount") -> Decimal:
    """An exact decimal from ``12000``, ``12,000``, ``¥12,000``, ``12000円``, ``１２０００``."""
    if isinstance(text, Decimal | int):
        amount = Decimal(text)
    else:
        value = re.sub(r"[,\s¥$€£円]", "", _clean(text))
        if len(value) > 40:
            raise InvalidValueError(
                field,
                text,
                _("too long (at most {MAX_AMOUNT_DIGITS} digits)").format(
                    MAX_AMOUNT_DIGITS=MAX_AMOUNT_DIGITS
                ),
            )
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = Decimal("NaN")
    if not amount.is_finite():
        raise InvalidValueError(field, text, _("not an amount (use digits, e.g. 12000)"))
    _ignored, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > MAX_AMOUNT_DIGITS:
        limit = "9" * MAX_AMOUNT_DIGITS
        raise InvalidValueError(field, text, _("too large (at most {limit})").format(limit=limit))
    if -exponent > MAX_AMOUNT_DECIMALS and amount != amount.quantize(Decimal(1).scaleb(-4)):
        raise InvalidValueError(
            field,
            text,
            _("more than {MAX_AMOUNT_DECIMALS} decimals").format(
                MAX_AMOUNT_DECIMALS=MAX_AMOUNT_DECIMALS
            ),
        )
    return amount


def format_amount(amount: Decimal) -> str:
    """The exact plain form written in files: no exponent, no separators (``12000``, ``980.5``)."""
    return format(amount, "f")
