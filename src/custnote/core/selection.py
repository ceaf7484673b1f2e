"""Which customers a command like ``export`` works on.

One function, :func:`select_paths`, so that full-text search can plug in later: for now QUERY is
a simple, folded substring of the name, reading, company, an email or a tag (山田, やまだ,
ヤマダ, yamada.example all find 山田 太郎), combined with the ``--tag/--owner/--status`` filters
of ``custnote list``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from custnote.core.notebook import Notebook
from custnote.core.queries import filter_summaries
from custnote.core.textnorm import compact


def _matches(summary: Mapping[str, Any], wanted: str) -> bool:
    keys = summary.get("match") or {}
    haystack = [
        keys.get("name", ""),
        keys.get("kana", ""),
        compact(str(summary.get("company") or "")),
    ]
    haystack += list(keys.get("emails", [])) + [compact(str(t)) for t in summary.get("tags", [])]
    return any(wanted in item for item in haystack)


def select_paths(
    notebook: Notebook,
    query: str | None = None,
    *,
    tags: Sequence[str] = (),
    owner: str | None = None,
    status: str | None = None,
) -> tuple[list[str], list[str]]:
    """(paths of the selected notes in reading order, errors of notes that could not be read)."""
    rows = filter_summaries(notebook.summaries(), tags=tags, owner=owner, status=status)
    errors = [summary["error"] for _, summary in rows if "error" in summary]
    wanted = compact(query) if query else ""
    paths = [
        path for path, summary in rows
        if "error" not in summary and (not wanted or _matches(summary, wanted))
    ]  # fmt: skip
    return paths, errors
