"""Snippets: the log entry (or body, or other fields) that shows best why a customer matched,
cut to one line around the matched words, with their spans for highlighting."""

from __future__ import annotations

import re

from custnote.adapters.whoosh_index.analysis import analyze, fold_for_index, fold_with_offsets
from custnote.adapters.whoosh_index.docfields import Shown
from custnote.core.note.textnorm import fold
from custnote.core.search import query as sq
from custnote.core.search.results import Snippet


def highlight_terms(parsed: sq.ParsedQuery) -> set[str]:
    terms: set[str] = set()
    for node in parsed.positive:
        if node.field in (None, "name", "company", "owner"):
            terms.update(t for t, *_ in analyze(fold_for_index(node.text), mode="query"))
    return terms


def highlight_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Merged ``(start, end)`` spans of ``text`` whose analysed tokens are in ``terms``."""
    if not terms:
        return []
    folded, starts, ends = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term, _pos, start, end in analyze(folded, mode="highlight"):
        if term in terms:
            s, e = starts[start], ends[end - 1]
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
            else:
                spans.append((s, e))
    return spans


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[str, list]:
    """Cut ``text`` to about ``width`` characters around the first span, one line."""
    flat = re.sub(r"\s", " ", text)
    if len(flat) <= width:
        return flat, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(flat) - width))
    end = start + width
    prefix = "…" if start else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    kept = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
    return prefix + flat[start:end] + suffix, kept


def best_snippet(
    shown: Shown, parsed: sq.ParsedQuery, terms: set[str], width: int = 80
) -> Snippet | None:
    """The log entry (latest first on a tie), else the body or details, that matched most terms.

    Entries outside the query's ``kind:``/``since:``/``until:`` filters are not considered.
    When no text matched (a name or filter hit), the latest eligible entry is shown.
    """
    kinds = parsed.kinds
    since = parsed.since.isoformat() if parsed.since else ""
    until = parsed.until.isoformat() if parsed.until else "9999"
    eligible = [
        e
        for e in shown.entries
        if (not kinds or fold(e.kind) in kinds) and since <= (e.date or "") <= until
    ]
    best: tuple[int, Snippet] | None = None
    for e in reversed(eligible):
        spans = highlight_spans(e.text, terms)
        count = len(spans)
        if count and (best is None or count > best[0]):
            best = (count, Snippet(e.text, spans, e.date, e.time, e.kind))
    if best is None:
        for source, text in (("body", shown.body), ("details", shown.details)):
            spans = highlight_spans(text, terms)
            if spans:
                best = (len(spans), Snippet(text, spans, source=source))
                break
    if best is None and eligible:
        e = eligible[-1]
        best = (0, Snippet(e.text, [], e.date, e.time, e.kind))
    if best is None:
        return None
    snip = best[1]
    snip.text, snip.spans = _window(snip.text, snip.spans, width)
    return snip
