"""Excel workbooks (.xlsx) through openpyxl: the first sheet, or one named with ``--sheet``.

Cells come as Excel typed them: dates as datetimes (a cell formatted as a date), numbers as int
or float, text as str. Formulas give their last computed value.
"""

from __future__ import annotations

from pathlib import Path

from custnote.adapters.io.table import Table, table_from_rows
from custnote.errors import InvalidValueError


def read(path: Path, *, sheet: str | None = None) -> Table:
    """Read one sheet of a workbook into a table; row numbers are Excel's."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidValueError("file", path.name, f"not an Excel .xlsx workbook ({exc})") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise InvalidValueError(
                "--sheet",
                sheet,
                f"no such sheet in {path.name} (sheets: {', '.join(workbook.sheetnames)})",
            )
        rows = [
            (number, list(values))
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    table = table_from_rows(f"{path.name}[{worksheet.title}]", rows)
    return table
