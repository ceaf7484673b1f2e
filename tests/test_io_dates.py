"""Dates and times as people type them (custnote.core.importing.cell_dates)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.importing.cell_dates import parse_cell_date, parse_cell_datetime, parse_time

D = dt.date(1970, 5, 12)


@pytest.mark.parametrize(
    "text",
    ["1970/5/12", "1970-05-12", "1970.5.12", "19700512", "1970年5月12日", "１９７０年５月１２日",
     "昭和45年5月12日", "昭和４５年５月１２日", "S45.5.12", "s45/5/12", "25700", " 1970/05/12 ",
     "1970/5/12(火)", "1970年5月12日（火）"],
)  # fmt: skip
def test_the_same_day_written_many_ways(text):
    assert parse_cell_date(text) == D


@pytest.mark.parametrize(
    ("text", "expected"),
    [("平成元年1月8日", dt.date(1989, 1, 8)), ("昭和64年1月7日", dt.date(1989, 1, 7)),
     ("令和元年5月1日", dt.date(2019, 5, 1)), ("令和2年2月29日", dt.date(2020, 2, 29)),
     ("平成31年4月30日", dt.date(2019, 4, 30)), ("大正15年12月24日", dt.date(1926, 12, 24)),
     ("H2.3.4", dt.date(1990, 3, 4)), ("R6/11/20", dt.date(2024, 11, 20))],
)  # fmt: skip
def test_eras(text, expected):
    assert parse_cell_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("昭和64年1月8日", "era"), ("平成元年1月7日", "era"), ("平成0年1月1日", "era"),
     ("1970/2/30", "not a real date"), ("1970/13/1", "not a real date"),
     ("19700230", "not a real date"), ("abc", "not a date"), ("today", "not a date"),
     ("+3d", "not a date"),
     ("5月12日", "not a date"), ("12", "not a date"), ("", "empty"), ("1970/5/12 25:00", "time")],
)  # fmt: skip
def test_what_is_not_a_date_is_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_cell_datetime(text)


def test_cells_excel_gives():
    assert parse_cell_date(dt.datetime(1970, 5, 12)) == D
    assert parse_cell_date(D) == D
    assert parse_cell_date(25700) == D
    assert parse_cell_datetime(45250.5) == (dt.date(2023, 11, 20), dt.time(12, 0))
    assert parse_cell_datetime(dt.datetime(2026, 11, 20, 14, 30, 59)) == (
        dt.date(2026, 11, 20),
        dt.time(14, 30),
    )
    with pytest.raises(ValueError):
        parse_cell_date(True)
    with pytest.raises(ValueError):
        parse_cell_date(-3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:30", dt.time(14, 30)), ("14:30:00", dt.time(14, 30)), ("14時30分", dt.time(14, 30)),
     ("14時", dt.time(14, 0)), ("午後2時半", dt.time(14, 30)), ("午前0時", dt.time(0, 0)),
     ("１４：３０", dt.time(14, 30)), ("PM 2:05", dt.time(14, 5))],
)  # fmt: skip
def test_times(text, expected):
    assert parse_time(text) == expected


def test_date_with_time():
    assert parse_cell_datetime("2026/11/20 14:30") == (dt.date(2026, 11, 20), dt.time(14, 30))
    assert parse_cell_datetime("2026-11-20T09:05:00") == (dt.date(2026, 11, 20), dt.time(9, 5))
    assert parse_cell_datetime("2026年11月20日 14時") == (dt.date(2026, 11, 20), dt.time(14, 0))


@settings(max_examples=60)
@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)))
def test_every_spelling_of_a_date_round_trips(day):
    assert parse_cell_date(day.isoformat()) == day
    assert parse_cell_date(f"{day.year}/{day.month}/{day.day}") == day
    assert parse_cell_date(f"{day.year}年{day.month}月{day.day}日") == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_cell_date(serial) == day
