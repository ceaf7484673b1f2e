"""A file read into a :class:`~custnote.adapters.io.table.Table`: the reader chosen by the file's
suffix, and an address-book layout recognised by its headers. The readers import only the table
types, never this module, so the dispatch has no way back into itself."""

from __future__ import annotations

from pathlib import Path

from custnote.adapters.io.table import Record, Table
from custnote.errors import InvalidValueError


def apply_layout(table: Table) -> Table:
    """The table rebuilt from a recognised address-book layout (Google, Outlook, 年賀状 software:
    :mod:`custnote.core.importing.layouts`), or as it is when its headers are no known layout."""
    from custnote.core.importing.known_layouts import recognise
    from custnote.core.importing.mapping import Mode, guess_target

    layout = recognise(table.headers)
    if layout is None:
        return table
    records = [Record(r.row, layout.transform(r.values), r.log) for r in table.records]
    headers = layout.output_headers(table.headers)
    defaults = layout.defaults(table.headers, lambda h: guess_target(h, Mode.CUSTOMERS))
    notes = [f"{table.source}: recognised as {layout.name}"]
    left_out = layout.left_out(table.headers)
    if left_out:
        notes.append(f"labels of other columns not imported: {', '.join(left_out)}")
    return Table(table.source, headers, records, notes + table.notes, defaults, layout.name)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read a .csv/.tsv/.txt, .xlsx/.xlsm, .vcf or .json file (chosen by its suffix)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InvalidValueError("file", str(path), "no such file")
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise InvalidValueError("--sheet", sheet, f"{path.name} is not an Excel workbook")
    if suffix in (".csv", ".tsv", ".txt"):
        from custnote.adapters.io import csv_reader

        return csv_reader.read(path)
    if suffix in (".xlsx", ".xlsm"):
        from custnote.adapters.io import xlsx_reader

        return xlsx_reader.read(path, sheet=sheet)
    if suffix in (".vcf", ".vcard"):
        from custnote.adapters.io import vcard_reader

        return vcard_reader.read(path)
    if suffix == ".json":
        from custnote.adapters.io import json_reader

        return json_reader.read(path)
    raise InvalidValueError(
        "file",
        str(path),
        "unknown kind of file (custnote reads .csv, .xlsx, .vcf and its own .json)",
    )
