"""Hits in order (score, then most recent activity), as the core's result types, and the
did-you-mean of a query that found nothing."""

from __future__ import annotations

import heapq
from typing import Any

from custnote.adapters.whoosh_index.query import column_getter
from custnote.core.note.textnorm import fold
from custnote.core.search import query as sq
from custnote.core.search.results import Hit, Snippet

#: from this many candidates on, ranking reads the date column's bytes at once
BULK_COLUMN_MIN = 100


def _score_key(score: float) -> float:
    """Scores equal to 3 significant digits tie, so recent activity can break the tie."""
    return float(f"{score:.3g}")


def rank(searcher: Any, top: list[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` of the (score, docnum) list (in any order), recent activity first
    on a tie; on a tie of both, the higher score, then the lower document number."""
    if not top:
        return []
    if len(top) <= limit:
        candidates = top
    else:
        kth = heapq.nlargest(limit, top)[-1][0]
        floor = _score_key(kth)
        # a score whose key reaches the floor is at most half a unit of its 3rd digit lower
        near = [sd for sd in top if sd[0] >= kth * 0.99]
        candidates = [sd for sd in near if _score_key(sd[0]) >= floor]
    reader = searcher.reader()
    many = len(candidates) > BULK_COLUMN_MIN
    last = column_getter(reader, "last") if many else reader.column_reader("last").__getitem__
    ranked = sorted(
        candidates,
        key=lambda sd: (_score_key(sd[0]), last(sd[1]), sd[0], -sd[1]),
        reverse=True,
    )
    return ranked[:limit]


def make_hit(stored: dict[str, Any], score: float, snippet: Snippet | None) -> Hit:
    return Hit(
        id=stored.get("id", ""),
        path=stored["path"],
        name=stored.get("name", ""),
        kana=stored.get("kana", ""),
        company=stored.get("company", ""),
        owner=stored.get("owner", ""),
        status=stored.get("status", ""),
        tags=[t for t in (stored.get("tags") or "").split(",") if t],
        score=round(score, 4),
        last_contact=stored.get("last", ""),
        snippet=snippet,
    )


def did_you_mean(searcher: Any, parsed: sq.ParsedQuery) -> str | None:
    """The query with each unknown Latin word replaced by the closest indexed word."""
    reader = searcher.reader()
    changed = False
    words = []
    for node in parsed.positive:
        word = fold(node.text)
        plain = node.field is None and not node.phrase and len(word) >= 3
        if plain and word.isascii() and word.isalpha() and ("spell", word) not in reader:
            better = _closest(reader, word)
            if better:
                word, changed = better, True
        words.append(f"{node.field}:{word}" if node.field else word)
    return " ".join(words) if changed else None


def _closest(reader: Any, word: str) -> str | None:
    for dist in (1, 2):
        candidates = list(reader.terms_within("spell", word, dist, prefix=1))
        if candidates:
            return max(candidates, key=lambda w: (reader.doc_frequency("spell", w), w))
    return None
