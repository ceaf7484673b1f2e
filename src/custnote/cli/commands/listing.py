"""``custnote list``: customers as a table."""

from __future__ import annotations

import typer

from custnote.cli import completion, context, render
from custnote.core.queries import filter_summaries
from custnote.core.records import summary_record


def list_(
    ctx: typer.Context,
    tag: list[str] = typer.Option(
        [],
        "--tag",
        help="Only customers with this tag (repeatable).",
        autocompletion=completion.complete_tag,
    ),
    owner: str | None = typer.Option(
        None, help="Only this person's customers.", autocompletion=completion.complete_owner
    ),
    status: str | None = typer.Option(None, help="Only this status."),
    archived: bool = typer.Option(False, "--archived", help="List archived customers."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List customers, optionally filtered."""
    nb = context.notebook(ctx)
    rows = filter_summaries(nb.summaries(archived), tags=tag, owner=owner, status=status)
    for _, summary in rows:
        if "error" in summary:
            render.warn(summary["error"])
    rows = [(p, s) for p, s in rows if "error" not in s]
    if json_:
        render.print_json([summary_record(path, s) for path, s in rows])
        return
    from custnote.cli.labels import label
    from custnote.cli.lang import language

    lang = language(nb)
    heads = ("name", "kana", "company", "owner", "status", "tags", "last", "id")
    columns = [label(f"col_{head}", lang) for head in heads]
    keys = ("name", "kana", "company", "owner", "status", "tags", "last_contact", "id")
    render.show_table(
        columns,
        ([s.get(k) for k in keys] for _, s in rows),
        count_format=label("customers", lang) if lang == "ja" else "",
    )


def register(app: typer.Typer) -> None:
    app.command("list")(list_)
