"""The one reader of written dates (custnote.core.note.date_reader) and its callers' agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.agenda.periods import read_date as agenda_read_date
from custnote.core.importing.cell_dates import parse_cell_date, parse_cell_datetime
from custnote.core.note.date_reader import (
    DateError,
    Mode,
    excel_serial_to_datetime,
    read_date,
    read_datetime,
)
from custnote.core.note.dates import parse_date
from custnote.core.note.validation import _check_date
from custnote.errors import InvalidValueError

_MONTH_NAMES = ("", "January", "Feb", "March", "Apr", "May", "June", "Jul", "August", "Sep",
                "October", "Nov", "December")  # fmt: skip
_FULL_WIDTH = str.maketrans("0123456789-/", "０１２３４５６７８９－／")
_ERAS = ((2019, 5, 1, "令和"), (1989, 1, 8, "平成"), (1926, 12, 25, "昭和"), (1912, 7, 30, "大正"))

days = st.dates(min_value=dt.date(1913, 1, 1), max_value=dt.date(2099, 12, 31))


def _era(day: dt.date) -> str:
    for year, month, first, name in _ERAS:
        if day >= dt.date(year, month, first):
            era_year = day.year - year + 1
            return f"{name}{'元' if era_year == 1 else era_year}年{day.month}月{day.day}日"
    raise AssertionError(day)


def _written(day: dt.date) -> list[str]:
    """The same day in every written form the reader takes in a file."""
    iso = day.isoformat()
    return [
        iso,
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month:02d}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        iso.translate(_FULL_WIDTH),
        _era(day),
        f"{day:%Y%m%d}",
        f"{day.day} {_MONTH_NAMES[day.month]} {day.year}",
        f"{_MONTH_NAMES[day.month]} {day.day}, {day.year}",
        f"{iso}T09:30",
        f"{day.year}/{day.month}/{day.day} 午後2時",
    ]


@settings(max_examples=80, deadline=None)
@given(days)
def test_every_written_form_reads_back_as_the_same_day_in_both_modes(day):
    for text in _written(day):
        assert read_date(text, Mode.NOTE) == day, text
        assert read_date(text, Mode.CELL) == day, text


@settings(max_examples=80, deadline=None)
@given(days)
def test_callers_agree_on_the_forms_they_share(day):
    """The CLI, the agenda, front-matter validation and the importer read a day alike."""
    for text in _written(day)[:6]:
        assert parse_date(text) == agenda_read_date(text) == parse_cell_date(text) == day, text
        _check_date(text, "birthday", "a.md")  # raises when validation disagrees


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 30)))
def test_excel_serials_round_trip(moment):
    moment = moment.replace(second=0, microsecond=0)
    serial = (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
    assert abs(excel_serial_to_datetime(serial) - moment) < dt.timedelta(seconds=1)
    day, _time = parse_cell_datetime(round(serial, 6))
    assert day == moment.date() or abs(serial - round(serial)) < 1e-5


@pytest.mark.parametrize("value", ["25700", 25700, 45250.5])
def test_serials_are_dates_only_in_cells(value):
    assert read_date(value, Mode.CELL) <= dt.date(2023, 11, 20)
    with pytest.raises(DateError, match="not a date"):
        read_date(value, Mode.NOTE)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("today", "not a date"), ("+3d", "not a date"), ("2023-02-29", "not a real date"),
     ("20230229", "not a real date"), ("31 Feb 2024", "not a real date"),
     ("昭和64年2月1日", "era"), ("2026-11-20 25:00", "not a time"), ("   ", "empty"),
     (None, "not a date")],
)  # fmt: skip
def test_one_error_form_names_the_value_and_the_reason(value, reason):
    for mode in Mode:
        with pytest.raises(DateError, match=reason) as caught:
            read_date(value, mode)
        assert caught.value.value == value
        assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do


def test_the_time_after_a_day_is_kept_in_cells_and_dropped_by_read_date():
    assert read_datetime("2026/11/20(金) 午後2時半", Mode.CELL) == (
        dt.date(2026, 11, 20),
        dt.time(14, 30),
    )
    assert read_date("2026-11-20T14:30") == dt.date(2026, 11, 20)


def test_front_matter_refuses_relative_words_which_mean_nothing_in_a_file():
    """Was a bug: validation read front-matter dates as typed ones, so ``birthday: today``
    passed validation and then the agenda refused it."""
    with pytest.raises(InvalidValueError, match="not a date") as caught:
        _check_date("today", "birthday", "customers/ya/yamada.md")
    assert "'today'" in str(caught.value)
    assert parse_date("today") == dt.date(2026, 11, 20)  # typed on the CLI it still means today


def test_front_matter_takes_the_forms_the_agenda_reads():
    """Was a bug: ``birthday: 12 May 1970`` was read by the agenda but refused by validation."""
    _check_date("12 May 1970", "birthday", "a.md")
    _check_date("19700512", "birthday", "a.md")
    with pytest.raises(InvalidValueError, match="not a real date"):
        _check_date("1970-02-30", "birthday", "a.md")


def test_the_card_reads_a_hand_written_birthday_as_the_agenda_does():
    """Was a bug: the card read only ISO dates, so ``birthday: 昭和45年5月12日`` showed no age
    although the agenda wished a happy birthday on that day."""
    from custnote.cli.render_card import birthday_text

    today = dt.date(2026, 11, 20)
    assert birthday_text("昭和45年5月12日", "en", today) == birthday_text(
        dt.date(1970, 5, 12), "en", today
    )
    assert "56" in birthday_text("12 May 1970", "en", today)
    assert birthday_text("someday", "en", today) == "someday"
