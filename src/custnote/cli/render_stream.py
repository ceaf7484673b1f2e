"""Long output written as it is produced: tables through a pager at a terminal, JSON arrays item
by item, so memory stays flat and the first lines appear at once however large the notebook.

A reader that stops early (``custnote list | head``, quitting the pager) ends the output quietly.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import IO, Any

from custnote.cli import render


@contextlib.contextmanager
def output(page: bool = True) -> Iterator[IO[str]]:
    """Where long output goes: a pager (``$PAGER``, else ``less -FRX``) when stdout is a
    terminal and ``page``, else stdout itself."""
    pager = os.environ.get("PAGER", "less")
    command = pager.split() if pager.strip() else []
    use_pager = page and sys.stdout.isatty() and command and shutil.which(command[0])
    if not use_pager:
        try:
            yield sys.stdout
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: leave short output on screen, keep colours
    env.setdefault("LESSCHARSET", "utf-8")
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    assert proc.stdin is not None
    try:
        yield proc.stdin
        proc.stdin.close()
    except BrokenPipeError:  # the pager was quit before the end
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        proc.wait()


def _quiet_stdout() -> None:
    """The reader went away: send what Python still flushes at exit nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def json_array(items: Iterable[Any], pretty: bool = False) -> None:
    """A JSON array on stdout, one item at a time: compact, one item per line, by default;
    ``pretty``: indented as ``json.dumps(..., indent=2)`` would write it."""
    with output(page=False) as out:
        first = True
        for item in items:
            if pretty:
                text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                out.write(("[\n  " if first else ",\n  ") + text)
            else:
                text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
                out.write(("[" if first else ",\n") + text)
            first = False
        out.write("[]\n" if first else ("\n]\n" if pretty else "]\n"))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    count_format: str = "",
) -> None:
    """A table: rich for up to :data:`~custnote.cli.render.RICH_TABLE_MAX_ROWS` rows, else plain
    columns written as rows come, through the pager at a terminal, aligned to the widest cell
    of the first screenfuls (a wider cell later only pushes its own line)."""
    from rich.cells import cell_len

    rows = iter(rows)
    head = [
        [render._format_value(cell) for cell in row]
        for row in islice(rows, render.RICH_TABLE_MAX_ROWS + 1)
    ]
    if len(head) <= render.RICH_TABLE_MAX_ROWS:
        render.show_table(columns, head, count_format=count_format)
        return
    widths = [
        max(cell_len(line[i]) for line in [list(columns), *head]) for i in range(len(columns))
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [
            text + " " * (width - cell_len(text)) for text, width in zip(cells, widths, strict=True)
        ]
        return "  ".join(padded).rstrip() + "\n"

    count = 0
    with output() as out:
        out.write(line(columns))
        for cells in head:
            out.write(line(cells))
            count += 1
        for row in rows:
            out.write(line([render._format_value(cell) for cell in row]))
            count += 1
        counted = count_format.format(n=count) if count_format else render.customers(count)
        out.write(counted + "\n")
