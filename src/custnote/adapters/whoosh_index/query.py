"""A parsed query (:mod:`custnote.core.search.query`) as a Whoosh query, with the query types
of custnote's own for phrases (the index keeps no positions) and fast date filters."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from whoosh import query as wq

from custnote.adapters.whoosh_index.analysis import analyze, fold_for_index, one_cjk_char
from custnote.adapters.whoosh_index.schema import DEFAULT_FIELDS, KEYWORD_FIELDS
from custnote.core.note.phone import looks_like_phone, phone_digits
from custnote.core.note.textnorm import fold
from custnote.core.search import query as sq

#: a date bound covering more postings than this reads the first/last-date column instead
COLUMN_SCAN_MIN = 6000


class BagPhrase(wq.And):
    """A phrase as the AND of its terms, which the index holds without positions.

    ``words`` at ``offsets`` (relative positions) is what :mod:`.verify` checks a hit's text
    for: only the hits shown are checked, so a customer whose note holds every term of the
    phrase but not in a row may be counted, never shown. A word of one CJK character matches
    any term it starts (the index keeps a character alone only at the end of a run, see
    :mod:`.analysis`).
    """

    def __init__(self, fieldname: str, words: list[str], offsets: list[int], boost: float = 1.0):
        unique = list(dict.fromkeys(words))
        super().__init__([_term(fieldname, w, boost) for w in unique], boost=boost)
        self.fieldname, self.words, self.offsets = fieldname, words, offsets

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and (self.fieldname, self.words, self.offsets, self.boost)
            == (other.fieldname, other.words, other.offsets, other.boost)  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, tuple(self.words), tuple(self.offsets)))


def _term(fieldname: str, word: str, boost: float = 1.0) -> Any:
    if one_cjk_char(word):  # any term it starts (see :mod:`.analysis`)
        return wq.Prefix(fieldname, word, boost=boost)
    return wq.Term(fieldname, word, boost=boost)


class FilterRange(wq.TermRange):
    """A range of keyword terms (dates) matched as one set of documents with a constant score.

    Whoosh ORs every term of a range through a tree of matchers, which takes 0.3 s for
    ``since:`` over a few hundred dates at 10,000 customers; a set of ids takes a few ms.
    """

    def estimate_size(self, ixreader: Any) -> int:
        """Every document, without Whoosh's lookup of each term's frequency (hundreds of
        dates): the estimate only orders the parts of an AND."""
        return ixreader.doc_count()

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        from whoosh import matching

        reader = searcher.reader()
        ids: set[int] = set()
        for word in self._btexts(reader):
            ids.update(reader.postings(self.fieldname, word).all_ids())
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(ids), all_weights=self.boost)


class DateBound(FilterRange):
    """``since:`` alone (the last entry is that late) or ``until:`` alone (the first entry is
    that early), decided from one per-document column instead of a union over every date."""

    def __init__(self, since: str | None, until: str | None):
        super().__init__("logdate", since or "00000000", until or "99999999")
        self.since, self.until = since, until

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        from whoosh import matching

        reader = searcher.reader()
        column = "last" if self.since else "first"
        postings = sum(reader.doc_frequency(self.fieldname, t) for t in self._btexts(reader))
        if postings < COLUMN_SCAN_MIN or not reader.has_column(column):
            return super().matcher(searcher, context)  # a narrow range: the union is cheaper
        values = column_values(reader, column)
        if self.since:
            since = f"{self.since[:4]}-{self.since[4:6]}-{self.since[6:]}"
            ids = [d for d in reader.all_doc_ids() if values[d] >= since]
        else:
            until = f"{self.until[:4]}-{self.until[4:6]}-{self.until[6:]}"
            ids = [d for d in reader.all_doc_ids() if "" < values[d] <= until]
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=self.boost)


def column_getter(reader: Any, fieldname: str) -> Callable[[int], str]:
    """A document's value of a text column, from the column's bytes read at once (decoded
    only for the documents asked for)."""
    bases: list[int] = []
    parts: list[Any] = []
    for leaf, base in reader.leaf_readers():
        column = leaf.column_reader(fieldname, translate=False)
        bases.append(base)
        try:
            lengths, offsets = column._lengths, column._offsets
            parts.append((column._dbfile.get(column._basepos, sum(lengths)), offsets, lengths))
        except AttributeError:
            parts.append(([v.decode("utf-8") for v in column], None, None))

    def value(docnum: int) -> str:
        i = bisect_right(bases, docnum) - 1
        data, offsets, lengths = parts[i]
        n = docnum - bases[i]
        if offsets is None:
            return data[n]
        return data[offsets[n] : offsets[n] + lengths[n]].decode("utf-8")

    return value


def column_values(reader: Any, fieldname: str) -> list[str]:
    """Every document's value of a text column, by document number.

    Whoosh reads a column one value at a time (a seek and a read each: 25 ms for a date of each
    of 10,000 customers); a variable-length column is one run of bytes per segment, read here
    at once. Other column types take Whoosh's own way.
    """
    values: list[str] = []
    for leaf, _base in reader.leaf_readers():
        column = leaf.column_reader(fieldname, translate=False)
        try:
            lengths, offsets = column._lengths, column._offsets
            data = column._dbfile.get(column._basepos, sum(lengths))
        except AttributeError:
            values += [v.decode("utf-8") for v in column]
            continue
        values += [data[o : o + n].decode("utf-8") for o, n in zip(offsets, lengths, strict=True)]
    return values


def _text_query(fieldname: str, text: str, boost: float = 1.0) -> Any:
    """Term or Phrase for ``text`` in a free-text field, or None when it analyses to nothing."""
    reading = fieldname == "kana"
    tokens = list(analyze(fold_for_index(text), mode="query", reading=reading))
    if not tokens:
        return None
    if len(tokens) == 1:
        return _term(fieldname, tokens[0][0], boost)
    first = tokens[0][1]
    return BagPhrase(fieldname, [t[0] for t in tokens], [t[1] - first for t in tokens], boost)


def keyword_query(fieldname: str, text: str) -> Any:
    if fieldname == "phone":
        return wq.Term("phone", phone_digits(text))
    return wq.Term(fieldname, fold(text))


def _leaf_query(node: sq.Text, dates: tuple[str, str] | None) -> Any:
    if node.field == "kind" and dates:  # an entry of this kind inside the date range
        kind = fold(node.text)
        return FilterRange("kinddate", f"{kind}:{dates[0]}", f"{kind}:{dates[1]}")
    if node.field in KEYWORD_FIELDS:
        return keyword_query(node.field, node.text)
    if node.field is not None:
        return _text_query(node.field, node.text) or wq.NullQuery
    alternatives = [_text_query(f, node.text, boost) for f, boost in DEFAULT_FIELDS.items()]
    alternatives.append(wq.Term("tags", fold(node.text), boost=1.5))
    if looks_like_phone(node.text):
        alternatives.append(keyword_query("phone", node.text))
    if "@" in node.text:
        alternatives.append(wq.Term("email", fold(node.text)))
    return wq.Or([q for q in alternatives if q is not None])


def _tree_query(node: sq.Node, dates: tuple[str, str] | None) -> Any:
    if isinstance(node, sq.Text):
        return _leaf_query(node, dates)
    if isinstance(node, sq.Not):
        return wq.Not(_tree_query(node.item, dates))
    items = [_tree_query(n, dates) for n in node.items]
    if isinstance(node, sq.Or):
        return wq.Or(items)
    positives = [q for q in items if not isinstance(q, wq.Not)]
    return wq.And(items if positives else [wq.Every(), *items])


def _requires_kind(node: sq.Node | None) -> bool:
    """Whether every match must satisfy a ``kind:`` term (not one under OR or NOT)."""
    if isinstance(node, sq.Text):
        return node.field == "kind"
    return isinstance(node, sq.And) and any(_requires_kind(item) for item in node.items)


def to_whoosh(parsed: sq.ParsedQuery) -> Any:
    """The Whoosh query for a parsed query string (``Every`` for an empty one)."""
    parts = []
    dates = None
    if parsed.since or parsed.until:
        start = parsed.since.strftime("%Y%m%d") if parsed.since else "00000000"
        end = parsed.until.strftime("%Y%m%d") if parsed.until else "99999999"
        dates = (start, end)
        if _requires_kind(parsed.tree):
            pass  # "an entry of that kind inside the dates" already holds the dates
        elif parsed.since and parsed.until:
            parts.append(FilterRange("logdate", start, end))
        else:  # one bound: first/last entry dates decide, no union over dates needed
            parts.append(DateBound(start if parsed.since else None, end if parsed.until else None))
    if parsed.tree is not None:
        tree = _tree_query(parsed.tree, dates)
        parts.insert(0, wq.And([wq.Every(), tree]) if isinstance(tree, wq.Not) else tree)
    if not parts:
        return wq.Every()
    return parts[0] if len(parts) == 1 else wq.And(parts)
