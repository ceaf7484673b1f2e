"""What ``custnote import`` and ``export`` show: column mapping, previews, counts, progress."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from custnote.cli.render import console, escape, warn
from custnote.core.importing.customers import Action, ImportPlan, LogPlan
from custnote.core.importing.mapping import EXTRA, IGNORE, ColumnMapping
from custnote.errors import InvalidValueError
from custnote.i18n import _

PREVIEW_ROWS = 20
_ACTION_STYLE = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.SKIP: "dim",
                 Action.UNCHANGED: "dim"}  # fmt: skip


def show_notes(notes: Sequence[str]) -> None:
    for note in notes:
        console(stderr=True).print(f"[dim]{escape(note)}[/]")


def show_mapping(mappings: Sequence[ColumnMapping], *, log: bool) -> None:
    """Which column goes where; extra columns and ignored ones are called out."""
    from rich.table import Table

    table = Table(title=_("Columns"), header_style="bold")
    table.add_column(_("Column"))
    table.add_column(_("Goes to"))
    for mapping in mappings:
        if mapping.target == EXTRA:
            where = _("entry text") if log else _("extra field")
            target = f"[cyan]{where} '{escape(mapping.key)}'[/]"
        elif mapping.target == IGNORE:
            target = _("[dim](ignored: --map)[/]")
        else:
            target = escape(mapping.target) + (" [dim](--map)[/]" if mapping.explicit else "")
        table.add_row(escape(mapping.column), target)
    console().print(table)


def _changes(changes: dict) -> str:
    return ", ".join(changes)


def show_customer_preview(plan: ImportPlan) -> None:
    from rich.table import Table

    table = Table(title=_("Preview"), header_style="bold")
    for column in (_("Row"), _("Action"), _("Name"), _("Matched by"), _("Fields")):
        table.add_column(column, overflow="fold")
    for item in plan.customers[:PREVIEW_ROWS]:
        style = _ACTION_STYLE[item.action]
        rows = ", ".join(map(str, item.rows))
        fields = _changes(item.changes) + (", body" if item.body else "")
        table.add_row(rows, f"[{style}]{item.action.value}[/]", escape(item.name),
                      escape(item.matched_by), escape(fields))  # fmt: skip
    console().print(table)
    if len(plan.customers) > PREVIEW_ROWS:
        console().print(
            _("[dim]… and {value} more[/]").format(value=len(plan.customers) - PREVIEW_ROWS)
        )


def show_log_preview(plan: LogPlan, names: dict[str, str]) -> None:
    from rich.table import Table

    table = Table(title="Preview", header_style="bold")
    for column in ("Row", "Customer", "When", "Kind", "Text"):
        table.add_column(column, overflow="fold")
    shown = 0
    for key, rows in plan.entries.items():
        for row in rows:
            if shown == PREVIEW_ROWS:
                break
            entry = row.entry
            when = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
            text = entry.text.split("\n", 1)[0][:40]
            table.add_row(str(row.row), escape(names.get(key, key)), when, escape(entry.kind),
                          escape(text))  # fmt: skip
            shown += 1
    console().print(table)
    if plan.total > shown:
        console().print(_("[dim]… and {value} more[/]").format(value=plan.total - shown))


def show_bad_rows(
    bad: Sequence[InvalidValueError], dropped: Sequence[InvalidValueError] = ()
) -> None:
    for error in bad:
        warn(f"skipped: {error}")
    for error in dropped:
        warn(_("dropped (the rest of the row is imported): {error}").format(error=error))


def customer_counts(plan: ImportPlan) -> str:
    from custnote.core.importing.report import counts

    return counts(plan)


def show_summary(plan: ImportPlan) -> None:
    """Row by row: who was created, every merge, update, unchanged and skipped row."""
    from custnote.core.importing.report import summary_lines

    for line in summary_lines(plan):
        console().print(f"  {escape(line)}", soft_wrap=True)


@contextlib.contextmanager
def progress_bar(total_rows: int, *, threshold: int = 1000) -> Iterator:
    """A progress callback ``(label, done, total)``: a bar on a terminal's stderr for long
    imports (nothing when stderr is a file or a pipe)."""
    if total_rows < threshold or not console(stderr=True).is_terminal:
        yield lambda label, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=console(stderr=True), transient=True)  # fmt: skip
    tasks: dict[str, int] = {}
    with bar:

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done)

        yield update
