"""``custnote export``: customers to CSV, Excel, vCard or JSON, or New Year card labels (the
export itself is :func:`custnote.adapters.io.writing.export`, which the library calls too)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from custnote.adapters.io.writing import FORMATS
from custnote.cli import completion, context, render

#: ``--format``'s choices: the library's formats (a light module, no writer imported).
ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})


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
    from custnote.adapters.io.writing import export as export_customers
    from custnote.core.note.fieldops import split_list

    nb = context.notebook(ctx)
    done = export_customers(
        nb,
        output or sys.stdout.buffer,
        query,
        format=format_.value if format_ else None,
        fields=split_list(fields) if fields else (),
        labels=labels,
        encoding=encoding,
        tags=tag,
        owner=owner,
        status=status,
        include_restricted=include_restricted,
    )
    for warning in done.warnings:
        render.warn(warning)
    if output is not None:
        what = "labels" if labels else "customers"
        render.info(f"exported {done.count} {what} to {output}")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
