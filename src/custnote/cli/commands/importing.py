"""``custnote import``: customers or their contact history from CSV, Excel, vCard or JSON."""

from __future__ import annotations

import contextlib
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from custnote.cli import context, render

if TYPE_CHECKING:
    from collections.abc import Sequence

    from custnote.adapters.io.table import Table
    from custnote.core.importing.customers import OnDuplicate
    from custnote.core.importing.mapping import ColumnMapping
    from custnote.core.importing.write import ImportProgress
    from custnote.core.notebook.notebook import Notebook


_SHEETS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


class DuplicatePolicy(StrEnum):
    """``--on-duplicate`` (:class:`custnote.core.importing.customers.OnDuplicate`, which is
    imported only when an import runs, to keep ``custnote --help`` fast)."""

    update = "update"
    skip = "skip"
    error = "error"


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=".csv (UTF-8 or Shift_JIS), .xlsx, .vcf or .json"),
    log: bool = typer.Option(False, "--log", help="The file is a contact history (log entries)."),
    map_: list[str] = typer.Option(
        [], "--map", "-m", help="COLUMN=field (or COLUMN=- to leave a column out); repeatable."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel sheet (default: the first)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would happen only."),
    on_duplicate: DuplicatePolicy = typer.Option(
        DuplicatePolicy.update,
        "--on-duplicate",
        help="A row for an existing customer (same id, email or phone): update (fill empty "
        "fields only), skip, or error.",
    ),
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Leave out rows with bad values (listed) instead of stopping."
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="No question when the notebook's confirm_bulk asks one."
    ),
) -> None:
    """Import customers (or with --log their history) as ONE commit; nothing half-imported."""
    from custnote.adapters.io.reading import apply_layout, read_table
    from custnote.cli import render_io
    from custnote.core.importing.customers import OnDuplicate
    from custnote.core.importing.mapping import Mode, map_columns, parse_map_options

    nb = context.notebook(ctx)
    table = read_table(file, sheet=sheet)
    if not log and file.suffix.lower() in _SHEETS:  # vCards and JSON carry custnote fields
        table = apply_layout(table)
    render_io.show_notes(table.notes)
    mode = Mode.LOG if log else Mode.CUSTOMERS
    mappings = map_columns(table.headers, mode, parse_map_options(map_),
                           tuple(nb.config.custom_fields), source=table.source,
                           defaults=table.column_defaults)  # fmt: skip
    if dry_run:
        render_io.show_mapping(mappings, log=log)
    # planned and written under one hold of the lock: two imports of one file at once cannot
    # both plan "new customer" for the same row (the second sees the first's notes)
    locked = contextlib.nullcontext() if dry_run else nb.locked()
    with render_io.progress_bar(len(table.records)) as progress, locked:
        if log:
            _import_log(nb, table, mappings, dry_run, skip_bad, progress, yes)
        else:
            policy = OnDuplicate(on_duplicate.value)
            _import_customers(nb, table, mappings, dry_run, policy, skip_bad, progress, yes)


def _import_customers(
    nb: Notebook,
    table: Table,
    mappings: Sequence[ColumnMapping],
    dry_run: bool,
    on_duplicate: OnDuplicate,
    skip_bad: bool,
    progress: ImportProgress,
    yes: bool = False,
) -> None:
    from custnote.cli import render_io
    from custnote.cli.confirm import confirm_bulk
    from custnote.core.importing import write as import_write
    from custnote.errors import InvalidValueError

    plan = import_write.customer_plan(nb, table, mappings, on_duplicate, skip_bad=skip_bad,
                                      progress=progress)  # fmt: skip
    render_io.show_bad_rows(plan.bad, plan.dropped)
    if table.records and len(plan.bad) == len(table.records):
        raise InvalidValueError("file", table.source, "every row is bad; nothing to import")
    from custnote.core.privacy.tombstones import forgotten_in_plan

    for row, customer_id, day in forgotten_in_plan(nb, plan):
        render.warn(f"row {row}: customer {customer_id} was erased with 'custnote forget' on "
                    f"{day}; importing it keeps it again")  # fmt: skip
    counts = render_io.customer_counts(plan)
    if dry_run:
        render_io.show_customer_preview(plan)
        render.info(f"dry run: {counts}; nothing written")
        render_io.show_summary(plan)
        return
    changing = sum(1 for item in plan.customers if item.action.value in ("create", "update"))
    confirm_bulk(nb, changing, f"importing {table.source}", yes)
    logs = {record.row: record.log for record in table.records if record.log}
    written = import_write.write_customers(nb, plan, table.source, logs=logs, progress=progress)
    commit = f" (commit {written.commit[:8]})" if written.commit else ""
    count = written.entries
    entries = f", {count} log entr{'y' if count == 1 else 'ies'}" if count else ""
    render.info(f"imported {table.source}: {counts}{entries}{commit}")
    render_io.show_summary(plan)


def _import_log(
    nb: Notebook,
    table: Table,
    mappings: Sequence[ColumnMapping],
    dry_run: bool,
    skip_bad: bool,
    progress: ImportProgress,
    yes: bool = False,
) -> None:
    from custnote.cli import render_io
    from custnote.cli.confirm import confirm_bulk
    from custnote.core.importing import write as import_write

    plan = import_write.log_plan(nb, table, mappings, skip_bad=skip_bad, progress=progress)
    render_io.show_bad_rows(plan.bad)
    bad = f", {len(plan.bad)} bad row(s) skipped" if plan.bad else ""
    if dry_run:
        names = {str(s.get("id")): str(s.get("name")) for s in nb.summaries().values()}
        render_io.show_log_preview(plan, names)
        render.info(f"dry run: {plan.total} entries for {len(plan.entries)} customers{bad}; "
                    "nothing written")  # fmt: skip
        return
    confirm_bulk(nb, len(plan.entries), f"importing {table.source}", yes)
    written = import_write.write_log(nb, plan, table.source, progress=progress)
    again = f", {written.already_there} already in the log" if written.already_there else ""
    commit = f" (commit {written.commit[:8]})" if written.commit else ""
    render.info(f"imported {table.source}: {written.entries} entries for "
                f"{len(written.changed)} customers{again}{bad}{commit}")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
