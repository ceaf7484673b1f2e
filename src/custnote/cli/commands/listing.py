"""``custnote list``: customers as a table, or JSON, written as they are read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from custnote.cli import completion, context, render, render_stream
from custnote.core.exporting.summary_filter import summary_filter
from custnote.core.note.json_records import summary_record


def list_(
    ctx: typer.Context,
    tag: list[str] = completion.tag_filter_option(),
    owner: str | None = completion.owner_filter_option(),
    status: str | None = typer.Option(None, help="Only this status."),
    archived: bool = typer.Option(False, "--archived", help="List archived customers."),
    json_: bool = typer.Option(False, "--json", help="Print JSON (compact, one customer a line)."),
    pretty: bool = typer.Option(False, "--pretty", help="With --json: indented, for people."),
) -> None:
    """List customers, optionally filtered (in reading order; long lists are paged)."""
    nb = context.notebook(ctx)
    keep = summary_filter(tags=tag, owner=owner, status=status)

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        for path, summary in nb.store().summaries(archived):
            if not keep(summary):
                continue
            if "error" in summary:
                render.warn(summary["error"])
                continue
            yield path, summary

    if json_:
        render_stream.json_array((summary_record(p, s) for p, s in rows()), pretty=pretty)
        return
    from custnote.cli.labels import label
    from custnote.cli.lang import language

    lang = language(nb)
    heads = ("name", "kana", "company", "owner", "status", "tags", "last", "id")
    columns = [label(f"col_{head}", lang) for head in heads]
    keys = ("name", "kana", "company", "owner", "status", "tags", "last_contact", "id")
    render_stream.table(
        columns,
        ([s.get(k) for k in keys] for _, s in rows()),
    )


def register(app: typer.Typer) -> None:
    app.command("list")(list_)
