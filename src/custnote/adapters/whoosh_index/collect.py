"""Every match of a query with its score, computed a block of postings at a time.

Whoosh scores a search document by document through a tree of matchers (Python calls for
each document, field and term: 1.8 s for アレルギー over 31,575 of 100,000 customers). Here
each term's posting list is read a block at a time (document numbers and term frequencies)
and scored with BM25F, as Whoosh's default weighting does, in one loop over its postings
with the field lengths read as one run of bytes; the terms of a query are combined with
dictionaries: OR adds the scores of the documents any part matches, AND those every part
matches, NOT removes documents. A phrase is the AND of its terms (see :mod:`.verify`), a
one-character prefix the OR of the terms it starts, a date filter a constant score.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from custnote.adapters.whoosh_index.query import FilterRange

_LENGTHS = [byte_to_length(b) if b else 0 for b in range(256)]


def scored(searcher: Any, query: Any) -> tuple[dict[int, float], dict[int, dict[int, float]]]:
    """``{document number: score}`` of every document ``query`` matches, and the same of each
    part of the query by its ``id()`` (what :mod:`.verify` asks of the parts it does not check
    itself)."""
    scorer = _Scorer(searcher)
    return scorer.scores(query), scorer.parts


class _Scorer:
    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.reader = searcher.reader()
        weighting = searcher.weighting
        self.b, self.k1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)
        self._lengths: dict[tuple[int, str], bytes] = {}
        self.parts: dict[int, dict[int, float]] = {}

    def scores(self, query: Any) -> dict[int, float]:
        found = self.parts[id(query)] = self._scores(query)
        return found

    def _scores(self, query: Any) -> dict[int, float]:
        if isinstance(query, wq.Term):
            return self._term(query.fieldname, query.text, query.boost)
        if isinstance(query, wq.Prefix):
            return self._or(
                [self._term(query.fieldname, term, query.boost) for term in self._expand(query)]
            )
        if isinstance(query, wq.Every):
            return dict.fromkeys(self.reader.all_doc_ids(), query.boost)
        if isinstance(query, wq.Not):
            return self.scores(wq.And([wq.Every(), query]))
        if isinstance(query, wq.Or):
            return self._or([self.scores(q) for q in query.subqueries])
        if isinstance(query, wq.And) and query.subqueries:
            return self._and(query.subqueries)
        if isinstance(query, FilterRange):
            return dict.fromkeys(query.matcher(self.searcher).all_ids(), query.boost)
        if query is wq.NullQuery:
            return {}
        # any other kind of query: Whoosh's own way
        return {docnum: score for score, docnum in self.searcher.search(query, limit=None).top_n}

    def _or(self, parts: list[dict[int, float]]) -> dict[int, float]:
        parts.sort(key=len, reverse=True)
        if not parts:
            return {}
        total = dict(parts[0])
        get = total.get
        for part in parts[1:]:
            for docnum, score in part.items():
                total[docnum] = get(docnum, 0.0) + score
        return total

    def _and(self, subqueries: list[Any]) -> dict[int, float]:
        positive = [q for q in subqueries if not isinstance(q, wq.Not)] or [wq.Every()]
        parts = sorted((self.scores(q) for q in positive), key=len)
        total = parts[0]
        for part in parts[1:]:
            total = {d: s + part[d] for d, s in total.items() if d in part}
            if not total:
                return {}
        for q in subqueries:
            if isinstance(q, wq.Not) and total:
                for docnum in self.scores(q.query):
                    total.pop(docnum, None)
        return total

    def _expand(self, query: Any) -> list[str]:
        return list(self.reader.expand_prefix(query.fieldname, query.text))

    def _term(self, fieldname: str, text: str, boost: float) -> dict[int, float]:
        """BM25F of each posting of a term, as Whoosh's ``BM25FScorer`` computes it.

        A field's length is kept as a byte, so a posting's score is a table look-up by
        that byte (one table per term frequency): the loop over the postings runs in C.
        """
        searcher, found = self.searcher, {}
        if (fieldname, text) not in self.reader:
            return found
        if searcher.schema[fieldname].scorable:
            idf = searcher.idf(fieldname, text)
            avgfl = searcher.avg_field_length(fieldname) or 1
            k1, b = self.k1, self.b
            norms = [k1 * (1 - b + b * fl / avgfl) for fl in _LENGTHS]

            def table(tf: float) -> list[float]:
                return [boost * idf * tf * (k1 + 1) / (tf + norm) for norm in norms]
        else:

            def table(tf: float) -> list[float]:
                return [boost * tf] * 256

        tables: dict[float, list[float]] = {}
        for index, (leaf, base) in enumerate(self.reader.leaf_readers()):
            if (fieldname, text) not in leaf:
                continue
            lengths = self._field_lengths(index, leaf, fieldname)
            for ids, weights in _blocks(leaf, fieldname, text):
                if base:
                    ids = [base + d for d in ids]
                    at = [d - base for d in ids]
                else:
                    at = ids
                if weights is None:  # every frequency 1
                    ones = tables.get(1.0) or tables.setdefault(1.0, table(1.0))
                    scores = map(ones.__getitem__, map(lengths.__getitem__, at))
                    found.update(zip(ids, scores, strict=True))
                    continue
                for d, n, w in zip(ids, at, weights, strict=True):
                    scores = tables.get(w) or tables.setdefault(w, table(w))
                    found[d] = scores[lengths[n]]
        return found

    def _field_lengths(self, index: int, leaf: Any, fieldname: str) -> bytes:
        """A segment's length bytes of a field, read at once (Whoosh reads one per call),
        one for each document of the segment."""
        key = (index, fieldname)
        if key not in self._lengths:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN

            column = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            raw = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            self._lengths[key] = raw + bytes(max(0, leaf.doc_count_all() - len(raw)))
        return self._lengths[key]


def _blocks(leaf: Any, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Any]]:
    """A term's postings in one segment, a block at a time: its document numbers and their
    weights (None when all are 1), without deleted documents."""
    matcher = leaf.postings(fieldname, text)
    deleted: Any = ()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:  # deleted documents
        matcher, deleted = matcher.child, matcher._ids
    if not hasattr(matcher, "_read_ids"):  # postings kept inline with the term
        pairs = []
        while matcher.is_active():
            pairs.append((matcher.id(), matcher.weight()))
            matcher.next()
        blocks: Iterator[tuple[Sequence[int], Any]] = iter(
            [([d for d, _ in pairs], [w for _, w in pairs])]
        )
    else:
        blocks = _leaf_blocks(matcher)
    for ids, weights in blocks:
        if deleted:
            kept = [k for k, d in enumerate(ids) if d not in deleted]
            ids = [ids[k] for k in kept]
            weights = None if weights is None else [weights[k] for k in kept]
        yield ids, weights


def _leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Any]]:
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        if matcher._ids is None:
            matcher._read_ids()
        start = matcher._i
        raw = matcher._data[1]  # None: every weight 1; one float: all the same
        if raw is None:
            weights = None
        else:
            if matcher._weights is None:
                matcher._read_weights()
            weights = matcher._weights[start:]
        yield matcher._ids[start:], weights
        matcher._next_block()
