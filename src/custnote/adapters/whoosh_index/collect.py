"""The documents a query matches, as a set of numbers, without scoring them.

Whoosh counts the hits of a search by scoring every one (a Python call a document and a
field: 0.8 s for a common word at 100,000 customers). Here the posting lists are read a
block at a time into sets and combined with set operations (union for OR, intersection for
AND, difference for NOT), so the count of a common word costs a few milliseconds; only the
best few hundred are then scored (:mod:`.index`).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from custnote.adapters.whoosh_index.query import FilterRange


def matching_ids(searcher: Any, query: Any) -> set[int]:
    """The numbers of the documents ``query`` matches (phrases as the AND of their terms)."""
    reader = searcher.reader()
    if isinstance(query, wq.Term):
        return _term_ids(reader, query.fieldname, query.text)
    if isinstance(query, wq.Prefix):
        ids: set[int] = set()
        for term in reader.expand_prefix(query.fieldname, query.text):
            ids |= _term_ids(reader, query.fieldname, term)
        return ids
    if isinstance(query, wq.Every):
        return set(reader.all_doc_ids())
    if isinstance(query, wq.Not):
        return set(reader.all_doc_ids()) - matching_ids(searcher, query.query)
    if isinstance(query, wq.Or):
        ids = set()
        for sub in query.subqueries:
            ids |= matching_ids(searcher, sub)
        return ids
    if isinstance(query, wq.And) and query.subqueries:
        positive = [q for q in query.subqueries if not isinstance(q, wq.Not)]
        if not positive:
            positive = [wq.Every()]
        found = [matching_ids(searcher, q) for q in positive]
        ids = set.intersection(*sorted(found, key=len))
        for sub in query.subqueries:
            if isinstance(sub, wq.Not) and ids:
                ids -= matching_ids(searcher, sub.query)
        return ids
    if isinstance(query, FilterRange) or query is wq.NullQuery:
        return set(query.matcher(searcher).all_ids())
    return set(searcher.docs_for_query(query))  # any other kind: Whoosh's own way


def _term_ids(reader: Any, fieldname: str, text: str) -> set[int]:
    """A term's documents, a block of postings at a time (Whoosh yields them one by one)."""
    ids: set[int] = set()
    for leaf, base in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        deleted = frozenset()
        if isinstance(matcher, FilterMatcher) and matcher._exclude:  # deleted documents
            matcher, deleted = matcher.child, matcher._ids
        found: set[int] = set()
        if not hasattr(matcher, "_read_ids"):  # a term in one document: its postings inline
            found.update(matcher.all_ids())
        else:
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                found.update(matcher._ids[matcher._i :])
                matcher._next_block()
        found -= deleted
        ids.update(found if not base else (base + n for n in found))
    return ids
