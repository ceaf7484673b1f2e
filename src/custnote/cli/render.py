"""Everything the CLI shows: rich output for people, plain JSON for scripts.

Commands call these functions and never build rich objects themselves. rich is imported inside
the functions, so commands that print nothing rich do not pay for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from custnote.core.dates import format_duration
from custnote.core.model import LogEntry, Note
from custnote.errors import AmbiguousCustomerError, CustnoteError

if TYPE_CHECKING:
    from rich.console import Console

    from custnote.adapters.gitrepo import Commit


@cache
def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """JSON only, on stdout, UTF-8 (never through rich, which might wrap or colour it)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_error(exc: CustnoteError) -> None:
    """One line on stderr; candidates of an ambiguous lookup follow, one per line."""
    err = console(stderr=True)
    err.print(f"[bold red]custnote: error:[/] {escape(str(exc))}", soft_wrap=True)
    if isinstance(exc, AmbiguousCustomerError):
        for customer_id, description in exc.candidates:
            err.print(f"  {customer_id}  {escape(description)}")


def info(message: str) -> None:
    console().print(message)


def warn(message: str) -> None:
    console(stderr=True).print(f"[yellow]custnote: warning:[/] {escape(message)}", soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def entry_heading(entry: LogEntry) -> str:
    """``2026-11-20 14:30 visit · sato · 45m · ¥12000 · follow-up 2026-12-01`` (markup)."""
    stamp = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
    parts = [f"[bold]{stamp}[/] [cyan]{escape(entry.kind)}[/]"]
    if entry.author:
        parts.append(escape(entry.author))
    if entry.duration_min is not None:
        parts.append(format_duration(entry.duration_min))
    if entry.amount is not None:
        parts.append(f"{entry.amount:,f}")
    if entry.follow_up:
        parts.append(f"[magenta]follow-up {entry.follow_up.isoformat()}[/]")
    if entry.done:
        parts.append(f"[green]done {entry.done.isoformat()}[/]")
    parts += [f"{escape(k)}: {escape(v)}" for k, v in entry.attributes.items()]
    return " · ".join(parts)


def _format_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {_format_value(v)}" for k, v in value.items() if v not in (None, "")
        )
    return "" if value is None else str(value)


_CARD_ROWS = (
    ("company", "Company (会社)"),
    ("department", "Department"),
    ("title", "Title"),
    ("phones", "Phone"),
    ("emails", "Email"),
    ("postal_code", "Postal code"),
    ("address", "Address"),
    ("birthday", "Birthday"),
    ("anniversaries", "Anniversaries"),
    ("contact_hours", "Contact hours"),
    ("source", "Source"),
    ("tags", "Tags"),
)
_HEADER_FIELDS = {"id", "name", "kana", "owner", "status", "created", "preferences", "family"}


def print_body(body: str) -> None:
    """A note's free Markdown as written, headings in bold. (rich's Markdown renderer would
    reflow what the user laid out by hand, and costs ~65 ms of imports on every ``show``.)"""
    out = console()
    for line in body.split("\n"):
        out.print(escape(line), style="bold" if line.startswith("#") else None, soft_wrap=True)


def show_card(note: Note, *, entries: int | None = 5) -> None:
    """The customer card: basics, owner, cautions first, preferences, family, last entries."""
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for key, value in note.cautions.items():
        grid.add_row(f"[bold red]⚠ {key}[/]", f"[bold red]{escape(_format_value(value))}[/]")
    shown = {key for key, _ in _CARD_ROWS} | _HEADER_FIELDS
    for key, label in _CARD_ROWS:
        if note.get(key) not in (None, "", []):
            grid.add_row(label, escape(_format_value(note.get(key))))
    prefs = note.get("preferences") or {}
    if isinstance(prefs, dict):
        for key, value in prefs.items():
            if key not in note.cautions and value not in (None, ""):
                grid.add_row(f"Likes: {key}", escape(_format_value(value)))
    for member in note.get("family") or []:
        grid.add_row("Family (家族)", escape(_format_value(member)))
    for key, value in note.fields.items():
        if key not in shown and value not in (None, "", []):
            grid.add_row(escape(key), escape(_format_value(value)))
    kana = f" [dim]({escape(str(note.get('kana')))})[/]" if note.get("kana") else ""
    owner = f"担当 [bold]{escape(str(note.get('owner')))}[/] · " if note.get("owner") else ""
    status = escape(str(note.get("status") or "—"))
    title = f"[bold]{escape(note.name)}[/]{kana}"
    subtitle = f"{owner}{status} · id {note.id} · {note.path}"
    out.print(
        Panel(grid, title=title, title_align="left", subtitle=subtitle, subtitle_align="left")
    )
    if note.body:
        print_body(note.body)
    log = note.sorted_log()
    if not log:
        out.print("[dim]No log entries yet.[/]")
        return
    shown_entries = log if entries is None else log[max(len(log) - entries, 0) :]
    if len(shown_entries) < len(log):
        out.print(f"[dim]Last {len(shown_entries)} of {len(log)} entries (--all for every one):[/]")
    for entry in reversed(shown_entries):
        out.print(entry_heading(entry))
        if entry.text:
            out.print(escape(entry.text), style="default")
        out.print()


#: Above this many rows a table is printed as plain aligned columns: rich lays out each row of a
#: Table at about 1 ms, which made ``list`` of 10,000 customers take 9 s.
RICH_TABLE_MAX_ROWS = 300


def show_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "") -> None:
    """Customers as a table (rich for a screenful, plain aligned columns for long lists)."""
    cells = [[_format_value(cell) for cell in row] for row in rows]
    if len(cells) > RICH_TABLE_MAX_ROWS:
        _plain_columns(columns, cells)
    else:
        from rich.table import Table

        table = Table(title=title or None, show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in cells:
            table.add_row(*(escape(cell) for cell in row))
        console().print(table)
    console().print(f"[dim]{len(cells)} customer{'s' if len(cells) != 1 else ''}[/]")


def _plain_columns(columns: Sequence[str], cells: list[list[str]]) -> None:
    """Columns padded to their widest cell in terminal cells (kanji count two)."""
    from rich.cells import cell_len

    lines = [list(columns), *cells]
    widths = [max(cell_len(line[i]) for line in lines) for i in range(len(columns))]
    out = sys.stdout
    for line in lines:
        padded = [
            text + " " * (width - cell_len(text)) for text, width in zip(line, widths, strict=True)
        ]
        out.write("  ".join(padded).rstrip() + "\n")
    out.flush()


def show_history(commits: Sequence[Commit]) -> None:
    out = console()
    if not commits:
        out.print("[dim]No history.[/]")
    for commit in commits:
        when = commit.date.replace("T", " ")[:16]
        author, subject = escape(commit.author), escape(commit.subject)
        out.print(f"[yellow]{commit.sha[:8]}[/] {when} [cyan]{author}[/]  {subject}")
