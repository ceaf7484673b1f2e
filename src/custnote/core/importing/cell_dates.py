"""Dates and times as spreadsheets hold them: :mod:`custnote.core.note.date_reader` in cell mode.

Cells take every form a note file takes (``1970/5/12``, ``1970-05-12``, ``19700512``,
``1970年5月12日``, ``昭和45年5月12日``, ``S45.5.12``, full-width digits, a weekday or a time after
the day) plus Excel serial numbers (``25700``, ``45250.5``) and date and date-time cells. Relative
words (``today``, ``+3d``) mean nothing in a file and are refused. Pure; a value that cannot be
understood raises :class:`~custnote.core.note.date_reader.DateError` (a :class:`ValueError`)
whose message says why (the importer turns it into an error naming the file, row and column).
"""

from __future__ import annotations

import datetime as dt

from custnote.core.note.date_reader import Mode, read_datetime
from custnote.core.note.date_reader import excel_serial_to_datetime as excel_serial_to_datetime
from custnote.core.note.date_reader import read_time as parse_time

__all__ = ["excel_serial_to_datetime", "parse_cell_date", "parse_cell_datetime", "parse_time"]


def parse_cell_datetime(value: object) -> tuple[dt.date, dt.time | None]:
    """A day and, when one is given, a time of day, from a cell (see module docstring)."""
    return read_datetime(value, Mode.CELL)


def parse_cell_date(value: object) -> dt.date:
    """A day from a cell: a date, a datetime, an Excel serial number or text."""
    return parse_cell_datetime(value)[0]
