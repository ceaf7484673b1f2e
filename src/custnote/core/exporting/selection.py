"""Which customers a command like ``export`` works on.

QUERY is a ``custnote search`` query (words anywhere in the note, in Japanese or English, and
filters such as ``tag:vip owner:sato since:2026-01-01``), combined with the
``--tag/--owner/--status`` filters of ``custnote list``; the result is in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence

from custnote.core.exporting.summary_filter import filter_summaries
from custnote.core.notebook.notebook import Notebook


def select_paths(
    notebook: Notebook,
    query: str | None = None,
    *,
    tags: Sequence[str] = (),
    owner: str | None = None,
    status: str | None = None,
) -> tuple[list[str], list[str]]:
    """(paths of the selected notes in reading order, errors of notes that could not be read)."""
    summaries = notebook.summaries()
    rows = filter_summaries(summaries, tags=tags, owner=owner, status=status)
    errors = [summary["error"] for _, summary in rows if "error" in summary]
    paths = [path for path, summary in rows if "error" not in summary]
    if query:
        from custnote.core.search.notebook_search import search

        results, _ = search(notebook, query, limit=max(1, len(summaries)))
        found = {hit.path for hit in results.hits}
        paths = [path for path in paths if path in found]
    return paths, errors
