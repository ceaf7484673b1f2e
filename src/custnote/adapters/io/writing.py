"""Customers written to a file: the writer chosen by the format (as
:mod:`custnote.adapters.io.reading` chooses a reader), the columns, the labels, and the audit
entry every export leaves.

One export path for the library and ``custnote export`` (which only parses its options and shows
the warnings): :func:`export` selects the customers through the core (a search query and the
``--tag/--owner/--status`` filters), leaves out restricted fields unless asked for, renders the
file with the format's writer (imported only when that format is written), writes it, and
records the export in the audit log (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from custnote.errors import InvalidValueError

if TYPE_CHECKING:
    from custnote.core.note.model import Note
    from custnote.core.notebook.notebook import Notebook

#: The formats an export writes, by the suffix of their files.
FORMATS = ("csv", "xlsx", "vcf", "json")
#: The formats a label file can be (any other is written as csv).
LABEL_FORMATS = ("csv", "xlsx")


@dataclass
class Export:
    """What an export wrote: the file's bytes, how many customers (or labels) it holds, and
    warnings for the user (customers left out, characters replaced), in the order they arose."""

    format: str
    data: bytes
    count: int
    labels: bool = False
    warnings: list[str] = field(default_factory=list)


def format_for(output: Path | None, given: str | None = None) -> str:
    """The format asked for, else the one the output file's suffix names, else csv."""
    if given is not None:
        if given not in FORMATS:
            raise InvalidValueError("--format", given, f"choose one of: {', '.join(FORMATS)}")
        return given
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "csv"


def export(
    nb: Notebook,
    output: Path | BinaryIO,
    query: str | None = None,
    *,
    format: str | None = None,
    fields: Sequence[str] = (),
    labels: bool = False,
    encoding: str = "utf-8",
    tags: Sequence[str] = (),
    owner: str | None = None,
    status: str | None = None,
    include_restricted: bool = False,
) -> Export:
    """Export the customers ``query`` and the filters select (all by default) to ``output``, a
    file path or a binary stream, and record it in the audit log; see :class:`Export`."""
    from custnote.core.exporting.selection import select_paths
    from custnote.core.privacy.exports import for_export

    path = output if isinstance(output, Path) else None
    chosen = format_for(path, format)
    if chosen == "xlsx" and path is None:
        raise InvalidValueError("--output", "", "an Excel export needs a file: -o FILE.xlsx")
    if labels and not include_restricted and "address" in nb.policy.fields and nb.policy.active:
        raise InvalidValueError(
            "--labels", "address", "addresses are restricted: add --include-restricted"
        )
    paths, errors = select_paths(nb, query, tags=tags, owner=owner, status=status)
    notes = for_export(nb, [nb.load(rel) for rel in paths], include_restricted)
    result = render_export(notes, chosen, fields=fields, labels=labels, encoding=encoding)
    result.warnings[:0] = [f"not exported: {error}" for error in errors]
    if path is None:
        output.write(result.data)  # type: ignore[union-attr]
        output.flush()  # type: ignore[union-attr]
    else:
        path.write_bytes(result.data)
    if result.count:
        from custnote.core.privacy import audit

        what = "labels" if labels else chosen
        scope = "with restricted fields" if include_restricted else "without restricted fields"
        where = path or "stdout"
        audit.record(nb, "export", result.count, f"{what}, {scope}, to {where}")
    return result


def render_export(
    notes: Sequence[Note],
    format: str = "csv",
    *,
    fields: Sequence[str] = (),
    labels: bool = False,
    encoding: str = "utf-8",
) -> Export:
    """The file of ``notes`` in ``format`` (``fields``: the columns of a csv/xlsx, default every
    field in use); with ``labels``, mailing labels (csv or xlsx) of those with an address."""
    if labels:
        return _labels(notes, format, encoding)
    if format == "json":
        from custnote.adapters.io import json_writer
        from custnote.core.note.json_records import note_record

        return Export(format, json_writer.render([note_record(n) for n in notes]), len(notes))
    if format == "vcf":
        from custnote.adapters.io import vcard_writer

        data = vcard_writer.render([(note.fields, note.body) for note in notes])
        return Export(format, data, len(notes))
    from custnote.core.exporting.rows import choose_columns, flatten

    rows = [flatten(note.fields, note.body) for note in notes]
    columns = choose_columns(rows, fields)
    cells = [[row.get(c, "") for c in columns] for row in rows]
    warnings: list[str] = []
    data = _table(format, columns, cells, encoding, [n.name for n in notes], warnings)
    return Export(format, data, len(notes), warnings=warnings)


def _labels(notes: Iterable[Note], format: str, encoding: str) -> Export:
    """Label rows of the customers with an address; those without one are named in a warning."""
    from custnote.core.exporting.rows import LABEL_COLUMNS, labels

    made, left_out = labels(note.fields for note in notes)
    warnings = [f"no address, no label: {name}" for name in left_out]
    chosen = format if format in LABEL_FORMATS else "csv"
    rows = [label.cells() for label in made]
    names = [label.name for label in made]
    data = _table(chosen, list(LABEL_COLUMNS), rows, encoding, names, warnings)
    return Export(chosen, data, len(rows), labels=True, warnings=warnings)


def _table(
    chosen: str,
    columns: list[str],
    rows: list[list[str]],
    encoding: str,
    names: list[str],
    warnings: list[str],
) -> bytes:
    """The file's bytes; for cp932 every cell is made cp932-safe first (adapters/io/cp932.py:
    closest equivalents, 〓 with a warning naming the customer where there is none)."""
    from custnote.core.note.model import DATE_FIELDS

    if chosen == "xlsx":
        from custnote.adapters.io import xlsx_writer

        return xlsx_writer.render(columns, rows, date_columns=DATE_FIELDS)
    from custnote.adapters.io import csv_writer

    if csv_writer.ENCODINGS.get(encoding.lower()) == "cp932":
        from custnote.adapters.io.cp932 import substitute_rows

        rows, lost, changed = substitute_rows(columns, rows, names)
        warnings += lost
        if changed:
            warnings.append(f"{changed} cell(s) written with the closest cp932 characters (é as "
                            "e, — as ― …); see docs/import-export.md")  # fmt: skip
    return csv_writer.render(columns, rows, encoding=encoding)
