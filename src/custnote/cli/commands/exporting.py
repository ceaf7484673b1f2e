"""``custnote export``: customers to CSV, Excel, vCard or JSON, or New Year card labels."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from custnote.cli import completion, context, render
from custnote.core.i18n import _


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    vcf = "vcf"
    json = "json"


def export(
    ctx: typer.Context,
    query: str | None = typer.Argument(
        None,
        help="Only customers this search query finds (as in custnote search: words, tag:vip, …).",
    ),
    format_: ExportFormat | None = typer.Option(
        None, "--format", "-f", help="Default: from the -o file's suffix, else csv."
    ),
    fields: str | None = typer.Option(
        None, "--fields", help="Columns, comma-separated (default: every field in use)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    labels: bool = typer.Option(
        False, "--labels", help="Mailing labels: postal code, address, company, name 様."
    ),
    encoding: str = typer.Option("utf-8", "--encoding", help="CSV: utf-8 (with BOM) or cp932."),
    tag: list[str] = completion.tag_filter_option(),
    owner: str | None = completion.owner_filter_option(),
    status: str | None = typer.Option(None, help="Only this status."),
    include_restricted: bool = typer.Option(
        False,
        "--include-restricted",
        help="Also the restricted fields (family, birthday, address, …): only for a holder "
        "of a key; recorded in the audit log like every export.",
    ),
) -> None:
    """Export customers (all, or those QUERY and the filters select)."""
    from custnote.core.exporting.rows import choose_columns, flatten
    from custnote.core.exporting.selection import select_paths
    from custnote.core.note.fieldops import split_list
    from custnote.core.privacy.exports import for_export
    from custnote.errors import InvalidValueError

    nb = context.notebook(ctx)
    chosen = format_.value if format_ else _format_from(output)
    if chosen == "xlsx" and output is None:
        raise InvalidValueError("--output", "", _("an Excel export needs a file: -o FILE.xlsx"))
    if labels and not include_restricted and "address" in nb.policy.fields and nb.policy.active:
        raise InvalidValueError(
            "--labels", "address", _("addresses are restricted: add --include-restricted")
        )
    paths, errors = select_paths(nb, query, tags=tag, owner=owner, status=status)
    for error in errors:
        render.warn(_("not exported: {error}").format(error=error))
    notes = for_export(nb, [nb.load(path) for path in paths], include_restricted)
    exported = len(notes)
    if labels:
        data, exported = _labels(notes, chosen, encoding)
    elif chosen == "json":
        from custnote.adapters.io import json_writer
        from custnote.core.note.json_records import note_record

        data = json_writer.render([note_record(note) for note in notes])
    elif chosen == "vcf":
        from custnote.adapters.io import vcard_writer

        data = vcard_writer.render([(note.fields, note.body) for note in notes])
    else:
        rows = [flatten(note.fields, note.body) for note in notes]
        columns = choose_columns(rows, split_list(fields) if fields else ())
        table = [[row.get(c, "") for c in columns] for row in rows]
        data = _table(chosen, columns, table, encoding, [note.name for note in notes])
    _write(data, output)
    _audit(nb, chosen, labels, exported, include_restricted, output)
    if output is not None:
        what = "labels" if labels else "customers"
        render.info(
            _("exported {exported} {what} to {output}").format(
                exported=exported, what=what, output=output
            )
        )


def _audit(nb, chosen: str, labels: bool, count: int, restricted: bool, output: Path | None):
    """Every export of customers is an entry of the audit log (docs/privacy.md)."""
    from custnote.core.privacy import audit

    if count:
        what = "labels" if labels else chosen
        scope = "with restricted fields" if restricted else "without restricted fields"
        audit.record(nb, "export", count, f"{what}, {scope}, to {output or 'stdout'}")


def _format_from(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in ExportFormat.__members__ else "csv"


def _table(
    chosen: str, columns: list[str], rows: list[list[str]], encoding: str, names: list[str]
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

        rows, warnings, changed = substitute_rows(columns, rows, names)
        for warning in warnings:
            render.warn(warning)
        if changed:
            render.warn(_("{changed} cell(s) written with the closest cp932 characters (é as e, — "
"as ― …); see docs/import-export.md").format(changed=changed))  # fmt: skip
    return csv_writer.render(columns, rows, encoding=encoding)


def _labels(notes: list, chosen: str, encoding: str) -> tuple[bytes, int]:
    """The label file's bytes and how many labels it holds (customers without an address get
    none, and are named in a warning)."""
    from custnote.core.exporting.rows import LABEL_COLUMNS, labels

    made, left_out = labels(note.fields for note in notes)
    for name in left_out:
        render.warn(_("no address, no label: {name}").format(name=name))
    if chosen not in ("csv", "xlsx"):
        chosen = "csv"
    rows = [label.cells() for label in made]
    names = [label.name for label in made]
    return _table(chosen, list(LABEL_COLUMNS), rows, encoding, names), len(rows)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
