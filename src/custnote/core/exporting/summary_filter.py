"""Selecting customers by their basic fields (used by ``list`` and exports)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from custnote.core.note.textnorm import compact, fold


def filter_summaries(
    summaries: Mapping[str, Mapping[str, Any]],
    *,
    tags: Sequence[str] = (),
    owner: str | None = None,
    status: str | None = None,
) -> list[tuple[str, Mapping[str, Any]]]:
    """Summaries that have every tag and the owner and status given, sorted by reading/name.

    Notes that failed to parse (``error`` in their summary) are kept so callers can report them."""
    keep = summary_filter(tags=tags, owner=owner, status=status)

    def order(item: tuple[str, Mapping[str, Any]]) -> str:
        s = item[1]
        return compact(str(s.get("kana") or s.get("name") or ""))

    return sorted(((p, s) for p, s in summaries.items() if keep(s)), key=order)


def summary_filter(
    *, tags: Sequence[str] = (), owner: str | None = None, status: str | None = None
) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a summary has every tag and the owner and status given (a broken note's
    summary, with ``error``, is always kept so that callers report it)."""
    wanted_tags = {fold(t) for t in tags}

    def keep(s: Mapping[str, Any]) -> bool:
        if "error" in s:
            return True
        if wanted_tags and not wanted_tags <= {fold(str(t)) for t in s.get("tags", [])}:
            return False
        if owner and fold(str(s.get("owner", ""))) != fold(owner):
            return False
        return not status or s.get("status") == status

    return keep
