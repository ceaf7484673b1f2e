"""Whether a hit really matches a query with phrases, checked against its stored texts.

The index keeps no positions (they were half of the postings), so a phrase
(:class:`.query.BagPhrase`: a run of unspaced Japanese, a quoted phrase) finds the customers
whose text holds all of its terms. The hits shown are checked here: the phrase's terms must
follow each other in one field's text, analysed as the index analyses it. The rest of the
query is checked by the index itself (a matcher moved to the hit), so the whole query tree
(AND, OR, NOT) is evaluated for the one document.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from custnote.adapters.whoosh_index.analysis import analyze, fold_for_index, one_cjk_char
from custnote.adapters.whoosh_index.docfields import compact_variant
from custnote.adapters.whoosh_index.query import BagPhrase, FilterRange


def has_phrases(query: Any) -> bool:
    """Whether ``query`` holds a :class:`~.query.BagPhrase` (only those need checking)."""
    if isinstance(query, BagPhrase):
        return True
    return any(has_phrases(q) for q in query.children())


class Checker:
    """Checks documents of one searcher against one query (matchers of its other parts are
    made once a document, and the texts of a document analysed once a field)."""

    def __init__(self, searcher: Any, query: Any, parts: dict[int, Any] | None = None):
        #: ``parts``: the documents each part of the query matched, by ``id()`` of the part
        self.searcher, self.query, self.parts = searcher, query, parts or {}
        self._sets: dict[int, set[int]] = {}
        #: documents found not to match (the count of hits is lowered by these)
        self.rejected = 0

    def holds(self, docnum: int, stored: dict[str, Any]) -> bool:
        if self._holds(self.query, docnum, _Texts(stored)):
            return True
        self.rejected += 1
        return False

    def _holds(self, query: Any, docnum: int, texts: _Texts) -> bool:
        if isinstance(query, BagPhrase):
            return _in_a_row(texts.positions(query.fieldname), query.words, query.offsets)
        if isinstance(query, wq.Not):
            return not self._holds(query.query, docnum, texts)
        if isinstance(query, wq.Every):
            return True
        if isinstance(query, wq.Or):
            return any(self._holds(q, docnum, texts) for q in query.subqueries)
        if isinstance(query, wq.And):
            return all(self._holds(q, docnum, texts) for q in query.subqueries)
        return self._indexed(query, docnum)

    def _indexed(self, query: Any, docnum: int) -> bool:
        """Whether the index finds ``docnum`` for a query without phrases."""
        if id(query) in self.parts:  # already found when the matches were scored
            return docnum in self.parts[id(query)]
        if isinstance(query, FilterRange):  # a set of ids made at once: keep it
            if id(query) not in self._sets:
                self._sets[id(query)] = set(query.matcher(self.searcher).all_ids())
            return docnum in self._sets[id(query)]
        matcher = query.matcher(self.searcher)  # a term's: moved to the document
        if not matcher.is_active():
            return False
        matcher.skip_to(docnum)
        return matcher.is_active() and matcher.id() == docnum


class _Texts:
    """A document's free-text fields as the index saw them, analysed when first asked for."""

    def __init__(self, stored: dict[str, Any]):
        self.stored = stored
        self._positions: dict[str, dict[str, list[int]]] = {}

    def text(self, field: str) -> str:
        s = self.stored
        if field in ("name", "kana"):
            return compact_variant(s.get(field, ""))
        if field == "log":
            return "\n".join(e[3] for e in s.get("e", []))
        if field == "body":
            return s.get("b", "")
        if field == "details":
            return s.get("d", "")
        return s.get(field, "")

    def positions(self, field: str) -> dict[str, list[int]]:
        if field not in self._positions:
            found: dict[str, list[int]] = {}
            text = fold_for_index(self.text(field))
            for term, pos, _start, _end in analyze(text, reading=field == "kana"):
                found.setdefault(term, []).append(pos)
            self._positions[field] = found
        return self._positions[field]


def _in_a_row(positions: dict[str, list[int]], words: list[str], offsets: list[int]) -> bool:
    """Whether the words occur at their relative offsets somewhere in one field."""
    starts: set[int] | None = None
    for word, offset in zip(words, offsets, strict=True):
        if one_cjk_char(word):  # the terms it starts (see .analysis)
            at = {p for term, ps in positions.items() if term[:1] == word for p in ps}
        else:
            at = set(positions.get(word, ()))
        shifted = {p - offset for p in at}
        starts = shifted if starts is None else starts & shifted
        if not starts:
            return False
    return bool(starts)
