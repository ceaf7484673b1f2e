"""CSV for Excel: UTF-8 with a BOM (Excel opens it without garbling), or cp932 on request.

cp932 (Shift_JIS) cannot hold every character (𠮷, emoji, some old kanji); rather than write
``?`` in their place, the export stops and names the row and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from custnote.adapters.io.formulas import neutralise
from custnote.errors import InvalidValueError
from custnote.i18n import _

ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp932": "cp932", "sjis": "cp932",
             "shift_jis": "cp932"}  # fmt: skip


def render(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, encoding: str = "utf-8"
) -> bytes:
    """The CSV file's bytes: a header line, then one line per row (CRLF, as Excel writes)."""
    codec = ENCODINGS.get(encoding.lower())
    if codec is None:
        raise InvalidValueError(
            "--encoding", encoding, _("choose one of: {value}").format(value=", ".join(ENCODINGS))
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in columns])  # no formulas (formulas.py)
    writer.writerows([neutralise(str(c)) for c in row] for row in rows)
    text = buffer.getvalue()
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        raise _unencodable(columns, rows, codec, text[exc.start]) from None


def _unencodable(
    columns: Sequence[str], rows: Sequence[Sequence[str]], codec: str, char: str
) -> InvalidValueError:
    for number, row in enumerate([columns, *rows], start=1):
        for column, value in zip(columns, row, strict=False):
            if char in value:
                where = _("row {number}, column {column!r}").format(number=number, column=column)
                return InvalidValueError(
                    where,
                    value,
                    _("{codec} cannot hold {char!r}; use UTF-8").format(codec=codec, char=char),
                )
    return InvalidValueError(
        "--encoding", codec, _("cannot hold {char!r}; use UTF-8").format(char=char)
    )
