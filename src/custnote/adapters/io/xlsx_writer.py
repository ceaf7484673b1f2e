"""Excel workbooks: one sheet, a bold frozen header with a filter, dates as real Excel dates.

Everything else is written as text, so phone numbers and postal codes keep their leading 0, and
a cell beginning with ``=`` is a string cell, never a formula (see formulas.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Sequence


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str = "customers",
    date_columns: Collection[str] = (),
) -> bytes:
    """The .xlsx file's bytes; cells of ``date_columns`` holding ISO dates become date cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(columns))
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    dated = [column in date_columns for column in columns]
    for row in rows:
        sheet.append([_date_or_text(value) if is_date else value
                      for value, is_date in zip(row, dated, strict=False)])  # fmt: skip
    for cells in sheet.iter_rows():  # text is text: openpyxl would store "=…" as a formula
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, is_date in enumerate(dated, start=1):
        if is_date:
            for (date_cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                date_cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date_or_text(value: str) -> object:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value
