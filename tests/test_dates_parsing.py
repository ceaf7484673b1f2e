"""What people type for dates, durations and amounts (custnote.core.note.dates)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from custnote.core.note.dates import (
    add_months,
    format_duration,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_duration,
)
from custnote.errors import InvalidValueError

TODAY = date(2026, 11, 20)  # conftest pins CUSTNOTE_NOW to this day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1970-05-12", date(1970, 5, 12)),
        ("1970/5/12", date(1970, 5, 12)),
        ("１９７０／０５／１２", date(1970, 5, 12)),
        ("1970年5月12日", date(1970, 5, 12)),
        ("昭和45年5月12日", date(1970, 5, 12)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("R8.11.20", date(2026, 11, 20)),
        ("today", TODAY),
        ("明日", date(2026, 11, 21)),
        ("+3d", date(2026, 11, 23)),
        ("+2w", date(2026, 12, 4)),
        ("+1m", date(2026, 12, 20)),
        ("+1y", date(2027, 11, 20)),
    ],
)
def test_dates_people_type(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "next tuesday", "12/05/1970", "昭和45年13月1日"])
def test_bad_dates_name_field_and_value(text: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        parse_date(text, "birthday")
    assert "birthday" in str(info.value) and text in str(info.value)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-19 14:30", (date(2026, 11, 19), time(14, 30))),
        ("2026-11-19T09:05", (date(2026, 11, 19), time(9, 5))),
        ("yesterday 9:00", (date(2026, 11, 19), time(9, 0))),
        ("14:30", (TODAY, time(14, 30))),
        ("2026/11/19", (date(2026, 11, 19), None)),
    ],
)
def test_datetimes(text: str, expected: tuple) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30", 30),
        ("30m", 30),
        ("1h", 60),
        ("1h30m", 90),
        ("1.5h", 90),
        ("1:15", 75),
        ("1時間30分", 90),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["soon", "30 parsecs", "-5", "1h later"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidValueError, match="duration"):
        parse_duration(text)


def test_duration_format_round_trips() -> None:
    for minutes in (0, 5, 60, 61, 150):
        assert parse_duration(format_duration(minutes)) == minutes


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12000", "12000"),
        ("12,000", "12000"),
        ("¥12,000", "12000"),
        ("１２０００円", "12000"),
        ("980.50", "980.50"),
    ],
)
def test_amounts_are_exact(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


def test_bad_amount() -> None:
    with pytest.raises(InvalidValueError, match="amount"):
        parse_amount("a lot")
