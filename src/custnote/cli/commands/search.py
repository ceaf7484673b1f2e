"""``custnote search`` and ``custnote index``: full-text search over every note."""

from __future__ import annotations

import typer

from custnote.cli import context, render, render_search
from custnote.errors import CustomerNotFoundError
from custnote.i18n import _


def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ...,
        help='Words (AND), OR, NOT, "phrases", tag: owner: status: kind: company: filters, '
        "since:/until: dates of log entries.",
    ),
    limit: int = typer.Option(20, "--limit", "-n", help="Show at most this many customers."),
    json_: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Search every note (Japanese and English), best match first."""
    from custnote.core.search.notebook_search import search as run_search

    nb = context.notebook(ctx)
    text = " ".join(query)
    with render_search.index_progress() as progress:
        results, _ignored = run_search(nb, text, limit=limit, progress=progress)
    if json_:
        render.print_json([render_search.hit_record(h) for h in results.hits])
    if not results.hits:
        hint = (
            _("did you mean: custnote search {suggestion}").format(suggestion=results.suggestion)
            if results.suggestion
            else _("try fewer or other words, or 'custnote list'")
        )
        raise CustomerNotFoundError(text, hint)
    if not json_:
        render_search.show_results(results)


def index(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the index from scratch."),
) -> None:
    """Bring the search index up to date (it normally updates itself before each search)."""
    from custnote.core.search.notebook_search import reindex

    nb = context.notebook(ctx)
    with render_search.index_progress() as progress:
        report = reindex(nb, rebuild=rebuild, progress=progress)
    render_search.show_refresh(report, len(nb.note_paths()))


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(index)
