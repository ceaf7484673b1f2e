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

from custnote.errors import AmbiguousCustomerError, CustnoteError
from custnote.i18n import _, ngettext

if TYPE_CHECKING:
    from rich.console import Console

    from custnote.core.notebook.commits import Commit


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
    err.print(
        _("[bold red]custnote: error:[/] {value}").format(value=escape(str(exc))), soft_wrap=True
    )
    if isinstance(exc, AmbiguousCustomerError):
        for customer_id, description in exc.candidates:
            err.print(f"  {customer_id}  {escape(description)}")


def info(message: str) -> None:
    console().print(message)


def warn(message: str) -> None:
    console(stderr=True).print(
        _("[yellow]custnote: warning:[/] {value}").format(value=escape(message)), soft_wrap=True
    )


def escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _format_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {_format_value(v)}" for k, v in value.items() if v not in (None, "")
        )
    return "" if value is None else str(value)


def print_body(body: str) -> None:
    """A note's free Markdown as written, headings in bold. (rich's Markdown renderer would
    reflow what the user laid out by hand, and costs ~65 ms of imports on every ``show``.)"""
    out = console()
    for line in body.split("\n"):
        out.print(escape(line), style="bold" if line.startswith("#") else None, soft_wrap=True)


#: Above this many rows a table is printed as plain aligned columns: rich lays out each row of a
#: Table at about 1 ms, which made ``list`` of 10,000 customers take 9 s.
RICH_TABLE_MAX_ROWS = 300
#: the widest word ``show_table`` keeps whole in a column
WORD_MAX = 24


def customers(n: int) -> str:
    """``3 customers`` / ``3件`` in the run's language."""
    return ngettext("{n} customer", "{n} customers", n).format(n=n)


def show_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    count_format: str = "",
) -> None:
    """Customers as a table (rich for a screenful, plain aligned columns for long lists)."""
    cells = [[_format_value(cell) for cell in row] for row in rows]
    if len(cells) > RICH_TABLE_MAX_ROWS:
        _plain_columns(columns, cells)
    else:
        from rich.cells import cell_len
        from rich.table import Table

        table = Table(title=title or None, show_lines=False, header_style="bold")
        for n, column in enumerate(columns):
            # wrap at spaces and between columns, never inside a word: a column is at least
            # as wide as its longest word (a word longer than WORD_MAX still folds)
            words = [w for row in cells for w in row[n].split()] + column.split()
            widest = max((cell_len(w) for w in words), default=1)
            table.add_column(column, overflow="fold", min_width=min(widest, WORD_MAX))
        for row in cells:
            table.add_row(*(escape(cell) for cell in row))
        console().print(table)
    console().print(
        f"[dim]{count_format.format(n=len(cells)) if count_format else customers(len(cells))}[/]"
    )


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
        out.print(_("[dim]No history.[/]"))
    for commit in commits:
        when = commit.date.replace("T", " ")[:16]
        author, subject = escape(commit.author), escape(commit.subject)
        out.print(f"[yellow]{commit.sha[:8]}[/] {when} [cyan]{author}[/]  {subject}")
