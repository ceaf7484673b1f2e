"""Excel workbooks (.xlsx) through openpyxl: the first sheet, or one named with ``--sheet``.

Cells come as Excel typed them: dates as datetimes (a cell formatted as a date), numbers as int
or float, text as str. Formulas give their last computed value.
"""

from __future__ import annotations

from pathlib import Path

from custnote.adapters.io.table import Table, table_from_rows
from custnote.errors import InvalidValueError
from custnote.i18n import _


def read(path: Path, *, sheet: str | None = None) -> Table:
    """Read one sheet of a workbook into a table; row numbers are Excel's."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise InvalidValueError(
                "--sheet",
                sheet,
                _("no such sheet in {name} (sheets: {value})").format(
                    name=path.name, value=", ".join(workbook.sheetnames)
                ),
            )
        rows = [
            (number, list(values))
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    except (KeyError, ValueError, SyntaxError) as exc:  # ParseError is a SyntaxError
        raise _unreadable(path, exc) from None
    finally:
        workbook.close()
    table = table_from_rows(f"{path.name}[{worksheet.title}]", rows)
    return table


def _unreadable(path: Path, exc: BaseException) -> InvalidValueError:
    """One line: the workbook is damaged, or declares XML entities, which are refused (openpyxl
    parses through defusedxml when it is installed, as custnote requires: no "billion laughs")."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        reason = _("refused: its XML declares entities or a DTD (never in a real Excel file)")
    else:
        reason = _("not an Excel .xlsx workbook ({value})").format(
            value=str(exc).strip().splitlines()[0]
        )
    return InvalidValueError("file", path.name, reason)
