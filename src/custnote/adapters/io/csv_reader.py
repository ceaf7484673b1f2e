"""CSV (and tab-separated text) as Excel and other tools save it.

Encodings, detected in this order: a BOM (UTF-8, UTF-16), strict UTF-8, strict cp932 (what Excel
in Japan calls Shift_JIS), then EUC-JP or ISO-2022-JP as charset-normalizer sees them. A file that
is none of those is refused rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from custnote.adapters.io.formulas import restore  # custnote's own exports prefix formulas
from custnote.adapters.io.table import Table, table_from_rows
from custnote.errors import InvalidValueError
from custnote.i18n import _

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("euc_jp", "iso2022_jp")


def detect_encoding(data: bytes, source: str) -> str:
    """The encoding of a file's bytes (see module docstring)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    for encoding in ("utf-8", "cp932"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_FALLBACKS)).best()
    if best is None:
        raise InvalidValueError(
            "encoding", source, _("neither UTF-8 nor Shift_JIS (cp932); save the file as CSV UTF-8")
        )
    return best.encoding


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, tab or semicolon (Excel's quoting rules
    are assumed; csv.Sniffer guesses quoting wrong on small files)."""
    header = text.split("\n", 1)[0]
    return max(",\t;", key=header.count)


def read(path: Path, *, encoding: str | None = None) -> Table:
    """Read a CSV file into a table; row numbers are the ones Excel shows."""
    data = path.read_bytes()
    encoding = encoding or detect_encoding(data, path.name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidValueError(
            "encoding",
            path.name,
            _("not {encoding}: {reason}").format(encoding=encoding, reason=exc.reason),
        ) from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [(number, [restore(c) for c in row]) for number, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise InvalidValueError(
            "file", path.name, _("not valid CSV: {exc}").format(exc=exc)
        ) from None
    table = table_from_rows(path.name, rows)
    if encoding not in ("utf-8", "utf-8-sig"):
        table.notes.insert(0, f"{path.name}: read as {encoding}")
    return table
