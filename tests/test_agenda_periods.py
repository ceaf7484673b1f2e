"""Periods (visit_every, lifetime) and hand-written dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.agenda.periods import Period, on_year, parse_period, read_date
from custnote.core.note.dates import add_months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 months", Period(months=6)),
        ("3m", Period(months=3)),
        ("2w", Period(weeks=2)),
        ("5y", Period(years=5)),
        ("1y6m", Period(years=1, months=6)),
        ("1 year and 6 months", Period(years=1, months=6)),
        ("every 2 weeks", Period(weeks=2)),
        ("10 days", Period(days=10)),
        ("3ヶ月", Period(months=3)),
        ("３か月ごと", Period(months=3)),
        ("2週間", Period(weeks=2)),
        ("5年", Period(years=5)),
        ("半年", Period(months=6)),
        ("毎月", Period(months=1)),
        ("Quarterly", Period(months=3)),
    ],
)
def test_parse_period_reads_the_usual_spellings(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "often", "6 parsecs", "0m", "m6", "six months", 12, True])
def test_parse_period_rejects_what_is_not_a_period(text):
    with pytest.raises(ValueError, match="not a period"):
        parse_period(text)


def test_period_text_round_trips():
    assert str(Period(years=1, months=6)) == "1y6m"
    assert Period(years=1, months=6).japanese() == "1年6ヶ月"
    assert Period(weeks=2).japanese() == "2週間"
    assert parse_period(str(Period(years=1, months=6, weeks=2, days=3))) == Period(1, 6, 2, 3)


def test_months_clamp_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)
    assert Period(months=6).after(date(2026, 8, 31)) == date(2027, 2, 28)
    assert Period(weeks=2).after(date(2026, 12, 25)) == date(2027, 1, 8)


def test_leap_day_falls_on_28_february_in_common_years():
    assert on_year(date(2000, 2, 29), 2027) == date(2027, 2, 28)
    assert on_year(date(2000, 2, 29), 2028) == date(2028, 2, 29)
    assert Period(years=1).after(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    "value",
    [
        date(1970, 5, 12),
        datetime(1970, 5, 12, 9, 30),
        "1970-05-12",
        "1970-5-12",
        "1970/05/12",
        "1970/5/12",
        "1970.5.12",
        "19700512",
        "1970年5月12日",
        "1970年 5月 12日",
        "１９７０－０５－１２",
        "１９７０年５月１２日",
        "昭和45年5月12日",
        "S45.5.12",
        "12 May 1970",
        "May 12, 1970",
        "12th May 1970",
        "1970-05-12T09:30",
        "1970-05-12 09:30",
    ],
)
def test_read_date_reads_hand_written_forms(value):
    assert read_date(value) == date(1970, 5, 12)


def test_read_date_reads_era_first_years():
    assert read_date("令和元年5月1日") == date(2019, 5, 1)
    assert read_date("平成31年4月30日") == date(2019, 4, 30)
    assert read_date("R8.11.20") == date(2026, 11, 20)


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "1970-13-01",
        "1970-05-32",
        "yesterday",
        "+3d",
        "05-12",
        "--05-12",
        19700512,
        None,
    ],
)
def test_read_date_rejects_bad_dates(value):
    with pytest.raises(ValueError, match="date"):
        read_date(value)


@settings(max_examples=60)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_read_date_reads_every_iso_and_slash_and_kanji_date(day):
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert read_date(text) == day


@settings(max_examples=60)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=600),
)
def test_adding_months_stays_in_the_target_month(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day
