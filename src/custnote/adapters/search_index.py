"""The search index: the only module that imports Whoosh (the frozen fork Whoosh-Reloaded 2.7.5).

The index is a disposable cache in ``.git/custnote/cache/search/`` (private state: Whoosh pickles
its table of contents and stored fields, so it must live where no clone or pull can write; see
docs/security.md). It is rebuilt when it
is missing, fails to open, or was built with another :data:`SCHEMA_VERSION`. It holds one
document per customer, given to it as a plain dict (see :func:`_index_fields`), so this module
knows nothing about note files.

Whoosh pickles the schema, analyzers included, into the index: :class:`CustnoteAnalyzer` and
:class:`ReadingAnalyzer` must keep their names and this module its path. If they ever move, bump
:data:`SCHEMA_VERSION`; an index that cannot be unpickled is rebuilt anyway.

Analysis (the same at index and query time): NFKC, case folding and katakana→hiragana folding,
then Latin/digit runs become (Porter-stemmed) words and CJK runs become character bigrams plus
unigrams at index time and bigrams (a phrase) at query time. Any word inside unspaced Japanese
is therefore found, and a one-character query (茶) still matches.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from custnote.adapters.fsio import exclusive_lock
from custnote.core.note.phone import digit_forms, looks_like_phone, phone_digits
from custnote.core.note.textnorm import fold, kata_to_hira, nfkc, romaji_to_hiragana
from custnote.core.notebook.stamps import is_racy  # racy files: re-checked by hash
from custnote.core.search import query as sq
from custnote.core.search.results import (  # the core's types, returned here
    DocSource,
    Hit,
    RefreshReport,
    SearchResults,
    Snippet,
)


def _import_whoosh_lightly() -> None:
    """Import Whoosh without three imports it never needs here (a fifth of a search's time).

    ``whoosh.compat`` imports ``urllib.request`` (for a download helper), ``whoosh.query``
    imports ``whoosh.lang.morph_en`` (hundreds of regexes, for a query type custnote does not
    use) and the ``cached_property`` package imports ``asyncio``. While Whoosh loads, the first
    two are stand-ins whose one function loads the real module if ever called, and
    ``cached_property`` is the standard library's (Whoosh caches one plain property with it).
    The stand-ins leave ``sys.modules`` afterwards, so other code imports the real modules.
    """
    import functools
    import importlib
    import sys
    import types

    if "whoosh.query" in sys.modules:
        return

    def forwarder(module: str, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(module), name)(*args, **kwargs)

        return call

    stand_ins = {
        "urllib.request": {"urlretrieve": forwarder("urllib.request", "urlretrieve")},
        "whoosh.lang.morph_en": {"variations": forwarder("whoosh.lang.morph_en", "variations")},
        "cached_property": {"cached_property": functools.cached_property},
    }
    added = [name for name in stand_ins if name not in sys.modules]
    for name in added:
        module = types.ModuleType(name)
        module.__dict__.update(stand_ins[name])
        sys.modules[name] = module
    try:
        for name in ("whoosh.compat", "whoosh.reading", "whoosh.query"):
            importlib.import_module(name)
    finally:
        for name in added:
            del sys.modules[name]


_import_whoosh_lightly()

# Whoosh is imported at module level only because the analyzer and schema classes subclass it;
# callers import this module lazily, inside functions.
from whoosh import fields as wf  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.analysis import Token, Tokenizer  # noqa: E402
from whoosh.formats import Positions  # noqa: E402

#: Bump when the schema, the analysis or the document layout changes: the index is then rebuilt.
SCHEMA_VERSION = 10
STATE_FILE = "custnote-state.json"
LOCK_TIMEOUT_S = 120.0
#: how many of the best hits a filtered search re-orders (see :meth:`SearchIndex.search`)
RERANK_POOL = 200
#: a date bound covering more postings than this reads the first/last-date column instead
COLUMN_SCAN_MIN = 6000
#: from this many candidates on, ranking reads the whole date column at once
BULK_COLUMN_MIN = 100
#: an update of at most this many notes writes a small segment (see SearchIndex._update)
SMALL_SEGMENT_DOCS = 50
#: this many small segments are re-indexed into one by the next small update
SMALL_SEGMENTS_MAX = 8
#: with this many segments in all, the next update merges all but the largest (rare, slower)
SEGMENTS_MAX = 16
#: from this many files on, documents are loaded through ``DocSource.load_many``
BULK_MIN = 500

_CJK = "\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_KANA_ONLY = re.compile(r"^[\u3040-\u309f\u30fc]+$")
_LATIN_WORD = re.compile(r"[a-z]{3,}")


# ----------------------------------------------------------------------------------- analysis


def fold_for_index(text: str) -> str:
    """NFKC, case fold, katakana→hiragana; lengths may change (see :func:`fold_with_offsets`)."""
    return kata_to_hira(nfkc(text).casefold())


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`fold_for_index` plus, for each output character, its start/end in ``text``.

    Used for highlighting, where the spans must point into the text as the user wrote it.
    Half-width kana with a separate voiced mark (ｶﾞ) fold to one character (が).
    """
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # casefold never shortens: each character stayed one
            return kata_to_hira(folded), list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_for_index(ch)
        if folded and out and unicodedata.combining(folded[0]):
            merged = unicodedata.normalize("NFC", out[-1] + folded)
            if len(merged) == 1:
                out[-1], ends[-1] = merged, i + 1
                continue
        for c in folded:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return stem(word) if word.isascii() and word.isalpha() else word


def _reading_word(word: str) -> str | None:
    """A Latin query word read as romaji (yamada -> やまだ), or None when it is not romaji."""
    if not word.isascii() or not word.isalpha():
        return None
    kana = romaji_to_hiragana(word)
    return kana if _KANA_ONLY.match(kana) else None


def analyze(
    text: str, *, mode: str = "index", no_morph: bool = False, reading: bool = False
) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(term, position, start, end)`` of folded ``text`` (offsets in the folded text).

    ``mode="index"`` gives CJK unigrams and bigrams (sharing a position); ``mode="query"``
    gives bigrams only, so that a query run becomes a phrase of consecutive positions.
    ``reading`` reads Latin query words as romaji (for the kana field).
    """
    pos = 0
    query = mode == "query"
    for m in _RUNS.finditer(text):
        word = m.group(2)
        if word is not None and reading and query:
            kana = _reading_word(word)
            if kana is None:
                yield word, pos, m.start(), m.end()
                pos += 1
                continue
            run, start = kana, m.start()
        elif word is not None:
            yield (word if no_morph else _stem(word)), pos, m.start(), m.end()
            pos += 1
            continue
        else:
            run, start = m.group(1), m.start()
        n = len(run)
        if query and n > 1:
            for i in range(n - 1):
                yield run[i : i + 2], pos, start + i, start + i + 2
                pos += 1
            continue
        for i in range(n):
            yield run[i], pos, start + i, start + i + 1
            if i + 1 < n and not query:
                yield run[i : i + 2], pos, start + i, start + i + 2
            pos += 1


class CustnoteAnalyzer(Tokenizer):
    """Whoosh analyzer around :func:`analyze` (pickled into the index: keep name and module)."""

    reading = False

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def has_morph(self) -> bool:
        return True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        no_morph = bool(kwargs.get("no_morph") or kwargs.get("nomorph"))
        token = Token(positions, chars, removestops=removestops, mode=mode)
        if chars:
            folded, starts, ends = fold_with_offsets(value)
        else:
            folded, starts, ends = fold_for_index(value), [], []
        for text, pos, start, end in analyze(
            folded, mode=mode or "index", no_morph=no_morph, reading=self.reading
        ):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + starts[start]
                token.endchar = start_char + ends[end - 1]
            yield token


class ReadingAnalyzer(CustnoteAnalyzer):
    """For kana readings: at query time a Latin word is also read as romaji (yamada -> やまだ)."""

    reading = True


class CustnotePositions(Positions):
    """Whoosh's positions format, fed by :func:`analyze` directly at index time (no Token
    objects): the analysis of a full rebuild gets about a third cheaper. Pickled into the index
    with the schema: keep its name and module."""

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
        if not isinstance(analyzer, CustnoteAnalyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses: dict[str, list[int]] = {}
        for term, pos, _start, _end in analyze(fold_for_index(value), reading=analyzer.reading):
            poses.setdefault(term, []).append(pos)
        boost, encode = self.field_boost, self.encode
        for term, positions in poses.items():
            yield term, len(positions), len(positions) * boost, encode(positions)


# ------------------------------------------------------------------------------------- schema

#: free-text fields searched by a word without ``field:``, with their weight
DEFAULT_FIELDS = {
    "name": 4.0,
    "kana": 3.0,
    "company": 2.0,
    "owner": 1.0,
    "body": 1.0,
    "log": 1.0,
    "details": 1.0,
}
#: exact-value fields (folded at index and query time)
KEYWORD_FIELDS = ("tags", "status", "kind", "phone", "email")


def make_schema() -> wf.Schema:
    ana, reading = CustnoteAnalyzer(), ReadingAnalyzer()

    def text(analyzer: CustnoteAnalyzer = ana, stored: bool = False) -> wf.TEXT:
        field = wf.TEXT(analyzer=analyzer, stored=stored, multitoken_query="phrase")
        field.format = CustnotePositions()
        return field

    return wf.Schema(
        path=wf.ID(stored=True, unique=True),
        id=wf.ID(stored=True),
        name=text(stored=True),
        kana=text(reading, stored=True),
        company=text(stored=True),
        owner=text(stored=True),
        body=text(stored=True),
        log=text(),
        details=text(stored=True),
        # scorable everywhere: Whoosh 2.7 stats the disk for every posting of a field without
        # a lengths column, both when writing and when scoring
        tags=wf.KEYWORD(stored=True, commas=True, scorable=True),
        status=wf.KEYWORD(stored=True, scorable=True),
        kind=wf.KEYWORD(scorable=True),
        logdate=wf.KEYWORD(scorable=True),
        kinddate=wf.KEYWORD(scorable=True),  # "complaint:20250601": kind and date of one entry
        phone=wf.KEYWORD(scorable=True),
        email=wf.KEYWORD(scorable=True),
        spell=wf.KEYWORD(scorable=True),
        entries=wf.STORED(),
        phones=wf.STORED(),
        record=wf.STORED(),  # opaque bytes from the document source, returned as they are
        last=wf.ID(stored=True, sortable=True),
        first=wf.ID(sortable=True),
    )


def _compact_variant(value: str) -> str:
    """``山田 太郎`` -> ``山田 太郎\\n山田太郎`` so that both spellings are found."""
    squeezed = re.sub(r"\s+", "", value)
    return value if squeezed == value else f"{value}\n{squeezed}"


def _keyword(values: Iterable[str]) -> str:
    return ",".join(sorted({fold(v) for v in values if v and fold(v)}))


def _phone_forms(
    phones: Iterable[str], region: str, known: dict[str, list[str]]
) -> dict[str, list[str]]:
    """``{number as written: its digit forms}`` (see :func:`custnote.core.note.phone.digit_forms`);
    ``known`` forms are reused (parsing a number first imports ``phonenumbers``, 40 ms)."""
    return {
        number: known.get(number) or sorted(digit_forms(number, region))
        for number in map(str, phones)
    }


def _str(value: Any) -> str:
    """Text of a value as YAML may have typed it (ids like 543552, dates, None)."""
    return "" if value is None else str(value)


def _index_fields(
    doc: dict[str, Any], region: str, known_phones: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Whoosh fields of one document.

    ``doc`` keys: ``path`` and ``id`` (required), ``name``, ``kana``, ``company``, ``owner``,
    ``status``, ``tags``, ``phones``, ``emails``, ``body``, ``details`` (other fields as text),
    ``entries`` (dicts with ``date``, ``time``, ``kind``, ``author``, ``text``).
    """
    doc = {k: v if isinstance(v, list | bytes) else _str(v) for k, v in doc.items()}
    entries = [
        {k: _str(e.get(k)) for k in ("date", "time", "kind", "author", "text")}
        for e in doc.get("entries") or []
    ]
    name, kana = doc.get("name", ""), doc.get("kana", "")
    texts = [name, kana, doc.get("company") or "", doc.get("body") or "", doc.get("details") or ""]
    texts += [e["text"] for e in entries]
    spell = {w for t in texts for w in _LATIN_WORD.findall(fold_for_index(t))}
    dates = [e["date"] for e in entries if e["date"]]
    phones = _phone_forms(doc.get("phones") or [], region, known_phones or {})
    return {
        "path": doc["path"],
        "id": doc["id"],
        "name": _compact_variant(name),
        "_stored_name": name,
        "kana": _compact_variant(kana),
        "_stored_kana": kana,
        "company": doc.get("company") or "",
        "owner": doc.get("owner") or "",
        "body": doc.get("body") or "",
        "log": "\n".join(e["text"] for e in entries),
        "details": doc.get("details") or "",
        "tags": _keyword(map(str, doc.get("tags") or [])),
        "status": fold(doc.get("status") or ""),
        "kind": " ".join(sorted({fold(e["kind"]) for e in entries if e["kind"]})),
        "logdate": " ".join(sorted({d.replace("-", "") for d in dates})),
        "kinddate": " ".join(
            sorted({f"{fold(e['kind'])}:{e['date'].replace('-', '')}" for e in entries})
        ),
        "phone": " ".join(sorted({f for fs in phones.values() for f in fs})),
        "phones": json.dumps(phones, ensure_ascii=False),
        "record": doc.get("record", b""),
        "email": " ".join(sorted({fold(str(e)) for e in doc.get("emails") or []})),
        "spell": " ".join(sorted(spell)),
        "entries": json.dumps(entries, ensure_ascii=False),
        "last": max(dates, default=""),
        "first": min(dates, default=""),
    }


# -------------------------------------------------------------------------------------- query


class AdjacentPhrase(wq.Phrase):
    """Terms at fixed relative positions (``offsets``; consecutive by default).

    Whoosh's own phrase matcher walks the intersection document by document and builds a Span
    object per position, which is slow for a common word inside unspaced Japanese (thousands of
    documents). This matcher decodes the few posting lists in bulk, checks positions with sets,
    and scores each match as Whoosh would score the terms together (BM25F by default).
    """

    def __init__(
        self, fieldname: str, words: list[str], offsets: list[int] | None = None, boost: float = 1.0
    ):
        super().__init__(fieldname, words, boost=boost)
        self.offsets = offsets or list(range(len(words)))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        from whoosh import matching

        reader, field = searcher.reader(), self.fieldname
        words = [searcher.schema[field].to_bytes(w) for w in self.words]
        if any((field, w) not in reader for w in words):
            return matching.NullMatcher()
        postings = [dict(reader.postings(field, w).items_as("positions")) for w in words]
        scorers = [searcher.weighting.scorer(searcher, field, w) for w in self.words]
        ids, scores = [], []
        for doc in sorted(set(postings[0]).intersection(*postings[1:])):
            if self._adjacent([p[doc] for p in postings]):
                length = reader.doc_field_length(doc, field)
                ids.append(doc)
                scores.append(
                    sum(
                        s._score(len(p[doc]), length)
                        for s, p in zip(scorers, postings, strict=True)
                    )
                )
        if not ids:
            return matching.NullMatcher()
        m = matching.ListMatcher(ids, weights=scores)
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m

    def _adjacent(self, positions: list[list[int]]) -> bool:
        starts = set(positions[0])
        for offset, plist in zip(self.offsets[1:], positions[1:], strict=True):
            starts.intersection_update(p - offset for p in plist)
            if not starts:
                return False
        return True


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


def _phrase_cover(tokens: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    """(term, position) of the tokens needed to pin the phrase down.

    In a CJK run every other bigram suffices (あれ・るぎ・ぎー cover あれるぎー): a bigram is
    dropped when the kept one before it and the one after it are its neighbours on both sides.
    """
    kept: list[tuple[str, int]] = []
    dropped_prev = False
    for k, (term, pos, start, _end) in enumerate(tokens):
        inner = 0 < k < len(tokens) - 1 and not dropped_prev
        if inner and len(term) == 2:
            prev, nxt = tokens[k - 1], tokens[k + 1]
            bigrams = len(prev[0]) == len(nxt[0]) == 2
            before = (prev[1], prev[2]) == (pos - 1, start - 1)
            if bigrams and before and (nxt[1], nxt[2]) == (pos + 1, start + 1):
                dropped_prev = True
                continue
        kept.append((term, pos))
        dropped_prev = False
    return kept


def _text_query(fieldname: str, text: str, boost: float = 1.0) -> Any:
    """Term or Phrase for ``text`` in a free-text field, or None when it analyses to nothing."""
    reading = fieldname == "kana"
    tokens = list(analyze(fold_for_index(text), mode="query", reading=reading))
    if not tokens:
        return None
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0][0], boost=boost)
    cover = _phrase_cover(tokens)
    first = cover[0][1]
    return AdjacentPhrase(
        fieldname, [t for t, _ in cover], [p - first for _, p in cover], boost=boost
    )


def _keyword_query(fieldname: str, text: str) -> Any:
    if fieldname == "phone":
        return wq.Term("phone", phone_digits(text))
    return wq.Term(fieldname, fold(text))


def _leaf_query(node: sq.Text, dates: tuple[str, str] | None) -> Any:
    if node.field == "kind" and dates:  # an entry of this kind inside the date range
        kind = fold(node.text)
        return FilterRange("kinddate", f"{kind}:{dates[0]}", f"{kind}:{dates[1]}")
    if node.field in KEYWORD_FIELDS:
        return _keyword_query(node.field, node.text)
    if node.field is not None:
        return _text_query(node.field, node.text) or wq.NullQuery
    alternatives = [_text_query(f, node.text, boost) for f, boost in DEFAULT_FIELDS.items()]
    alternatives.append(wq.Term("tags", fold(node.text), boost=1.5))
    if looks_like_phone(node.text):
        alternatives.append(_keyword_query("phone", node.text))
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


# ------------------------------------------------------------------------------------ results


def _highlight_terms(parsed: sq.ParsedQuery) -> set[str]:
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
    for term, _pos, start, end in analyze(folded):
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
    stored: dict[str, Any], parsed: sq.ParsedQuery, terms: set[str], width: int = 80
) -> Snippet | None:
    """The log entry (latest first on a tie), else the body or details, that matched most terms.

    Entries outside the query's ``kind:``/``since:``/``until:`` filters are not considered.
    When no text matched (a name or filter hit), the latest eligible entry is shown.
    """
    entries = json.loads(stored.get("entries") or "[]")
    kinds = parsed.kinds
    since = parsed.since.isoformat() if parsed.since else ""
    until = parsed.until.isoformat() if parsed.until else "9999"
    eligible = [
        e
        for e in entries
        if (not kinds or fold(e["kind"]) in kinds) and since <= (e["date"] or "") <= until
    ]
    best: tuple[int, Snippet] | None = None
    for e in reversed(eligible):
        spans = highlight_spans(e["text"], terms)
        count = len(spans)
        if count and (best is None or count > best[0]):
            best = (count, Snippet(e["text"], spans, e["date"], e["time"], e["kind"]))
    if best is None:
        for source in ("body", "details"):
            spans = highlight_spans(stored.get(source) or "", terms)
            if spans:
                best = (len(spans), Snippet(stored[source], spans, source=source))
                break
    if best is None and eligible:
        e = eligible[-1]
        best = (0, Snippet(e["text"], [], e["date"], e["time"], e["kind"]))
    if best is None:
        return None
    snip = best[1]
    snip.text, snip.spans = _window(snip.text, snip.spans, width)
    return snip


def _score_key(score: float) -> float:
    """Scores equal to 3 significant digits tie, so recent activity can break the tie."""
    return float(f"{score:.3g}")


def _rank(searcher: Any, top: list[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` of Whoosh's (score, docnum) list, recent activity first on a tie."""
    if not top:
        return []
    if len(top) <= limit:
        candidates = top
    else:
        floor = _score_key(top[limit - 1][0])
        candidates = [sd for sd in top if _score_key(sd[0]) >= floor]
    reader = searcher.reader()
    many = len(candidates) > BULK_COLUMN_MIN
    last = column_values(reader, "last") if many else reader.column_reader("last")
    ranked = sorted(candidates, key=lambda sd: (_score_key(sd[0]), last[sd[1]]), reverse=True)
    return ranked[:limit]


def _hit(stored: dict[str, Any], score: float, snippet: Snippet | None) -> Hit:
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


# -------------------------------------------------------------------------------- index store


def _small_segments(searcher: Any) -> list[tuple[Any, list[str]]]:
    """The index's segments of at most :data:`SMALL_SEGMENT_DOCS` documents, each with the
    paths of the documents in it that are not deleted."""
    return [
        (leaf.segment(), [fields["path"] for _, fields in leaf.iter_docs()])
        for leaf, _base in searcher.reader().leaf_readers()
        if leaf.segment().doc_count_all() <= SMALL_SEGMENT_DOCS
    ]


def _drop_emptied(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge nothing; leave out segments with no document left."""
    return [segment for segment in segments if segment.doc_count() > 0]


def _merge_all_but_largest(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge every segment but the largest into the one being written
    (Whoosh's own policy may merge none of them when the largest holds most documents)."""
    from whoosh.reading import SegmentReader

    largest = max(segments, key=lambda segment: segment.doc_count(), default=None)
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest] if largest is not None and largest.doc_count() > 0 else []


@dataclass
class IndexState:
    """What the index was built from: the git commit, and the files that differed from it.

    Files that matched ``head`` need no record: while ``git status`` says a file still matches
    the current commit, and that commit is ``head`` (or the diff between the two leaves the file
    out), its indexed content is its content. Only the ``dirty`` files (edited by hand, new,
    uncommitted) are compared by ``[mtime_ns, size]``, and by hash while ``racy``. Without git,
    every file counts as dirty, which makes ``dirty`` a manifest of the whole notebook.
    """

    version: int = SCHEMA_VERSION
    #: the phone region the numbers were indexed with (another region means a rebuild)
    region: str = ""
    head: str | None = None
    dirty: dict[str, tuple[int, int]] = field(default_factory=dict)
    racy: dict[str, str] = field(default_factory=dict)


@dataclass
class _Changes:
    """What a refresh must do, and the state to save once it is done."""

    changed: list[str]
    deleted: list[str]
    #: the state after the refresh (saved even when no document changes: new commit, racy files)
    state: IndexState
    state_only: bool = False

    @property
    def any(self) -> bool:
        return bool(self.changed or self.deleted or self.state_only)


Progress = Callable[[int, int], None]


def scan_markdown(
    root: Path, folders: Iterable[str] = ("customers",)
) -> dict[str, tuple[int, int]]:
    """``{relative posix path: (mtime_ns, size)}`` of every ``<folder>/<bucket>/*.md``.

    Searches run it only without git; it stats relative to an open directory (``dir_fd``),
    which is about a third faster than building each full path.
    """
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        try:
            path = os.path.join(root, folder)
            top = [] if os.path.islink(path) else os.scandir(path)  # never through a link
            buckets = [e.name for e in top if e.is_dir(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            continue
        for bucket in buckets:
            fd = os.open(os.path.join(root, folder, bucket), os.O_RDONLY)
            try:
                for name in os.listdir(fd):
                    if name.endswith(".md"):
                        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                        if stat.S_ISLNK(st.st_mode):
                            continue
                        found[f"{folder}/{bucket}/{name}"] = (st.st_mtime_ns, st.st_size)
            finally:
                os.close(fd)
    return found


def _stat(root: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``(mtime_ns, size)`` of those of ``paths`` that exist."""
    found = {}
    for path in paths:
        try:
            st = os.stat(root / path)
        except OSError:
            continue
        found[path] = (st.st_mtime_ns, st.st_size)
    return found


def _sha1(path: Path) -> str:
    try:
        import hashlib  # only for racy files; its OpenSSL start-up is a few ms

        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _changes(source: DocSource, state: IndexState) -> _Changes | None:
    """What differs between the files and the index (None: only a rebuild can tell).

    With git this takes ``git status`` and, when the commit moved, one ``git diff``, and stats
    only the files those name. A file that was clean when indexed changed if it is dirty now or
    the commit changed it; a file that was dirty changed if its size or mtime did (or, while
    racy, its hash). Without git every file is dirty: the stat scan compares them all.
    """
    head, dirty = source.worktree()
    if head is None or dirty is None:
        head, now_dirty = None, source.scan()
        dirty = set(now_dirty)
    else:
        now_dirty = _stat(source.root, dirty)
    suspects = dirty | state.dirty.keys()
    if head != state.head:
        moved = source.changed_between(state.head, head) if state.head and head else None
        if moved is None:
            return None  # the old commit is gone, or git came or went: only a rebuild can tell
        suspects |= moved
    new = IndexState(state.version, state.region, head, now_dirty)
    changed, deleted = [], []
    for path in sorted(suspects):
        current = now_dirty.get(path) or _stat(source.root, [path]).get(path)
        if current is None:
            deleted.append(path)
        elif current != state.dirty.get(path):
            changed.append(path)
        elif path in state.racy:
            if _sha1(source.root / path) != state.racy[path]:
                changed.append(path)
            elif path in now_dirty and is_racy(current[0]):
                new.racy[path] = state.racy[path]  # unchanged, and still racy
    state_only = (new.head, new.dirty, new.racy) != (state.head, state.dirty, state.racy)
    return _Changes(changed, deleted, new, state_only)


class SearchIndex:
    """The index directory ``<cache>/search`` with its state file and refresh lock."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.dir = self.cache_dir / "search"
        self.lock_path = self.cache_dir / "search.lock"

    # -- state

    def load_state(self, region: str | None = None) -> IndexState | None:
        """The saved state, or None when missing, unreadable, or for another schema/region."""
        try:
            raw = json.loads((self.dir / STATE_FILE).read_text("utf-8"))
            state = IndexState(**raw)
            # tuples, as the scan gives them, so that "nothing changed" is one dict comparison
            state.dirty = {path: (m, size) for path, (m, size) in state.dirty.items()}
        except (OSError, ValueError, TypeError):
            return None
        current = state.version == SCHEMA_VERSION and region in (None, state.region)
        return state if current else None

    def _save_state(self, state: IndexState, directory: Path | None = None) -> None:
        target = (directory or self.dir) / STATE_FILE
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(state.__dict__, separators=(",", ":")), "utf-8")
        os.replace(tmp, target)

    def _open(self) -> Any:
        from whoosh.filedb.filestore import FileStorage

        # Without mmap, Whoosh reads the few postings a query needs instead of copying the
        # whole segment into memory on open (~30 ms at 10,000 customers).
        return FileStorage(str(self.dir), supports_mmap=False).open_index()

    def _opens(self) -> bool:
        try:
            self._open().close()
        except Exception:  # any failure to open means: rebuild (the index is a cache)
            return False
        return True

    # -- refresh

    def refresh(
        self,
        source: DocSource,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        max_changes: int | None = None,
        lock_timeout: float = LOCK_TIMEOUT_S,
    ) -> RefreshReport:
        """Bring the index up to date with the files: rebuild it, or re-index what changed.

        With ``max_changes``, nothing is done (``skipped``) when more files than that changed
        or the index must be rebuilt: for callers that have a quicker way to answer, or that
        leave big jobs to the next search. Another process updating the index is waited for
        ``lock_timeout`` seconds (then :class:`~custnote.errors.NotebookLockedError`).
        """
        marker = self._marker()
        first = None if rebuild else self.load_state(source.region)
        changes = _changes(source, first) if first else None
        if changes is not None and not changes.any and self._opens():
            return RefreshReport()
        if max_changes is not None and (
            changes is None
            or len(changes.changed) + len(changes.deleted) > max_changes
            or not self._opens()
        ):
            return RefreshReport(skipped=True)
        with exclusive_lock(self.lock_path, lock_timeout):
            reason = "rebuild" if rebuild else "missing" if first is None else "history"
            if not rebuild and self._marker() != marker:
                # another process updated or rebuilt the index while we waited: look again
                state = self.load_state(source.region)
                changes = _changes(source, state) if state else None
                reason = "missing" if state is None else "history"
            if changes is None or not self._opens():
                return self._rebuild(source, progress, reason if changes is None else "damaged")
            if not changes.changed and not changes.deleted:
                self._save_state(changes.state)
                return RefreshReport()
            try:
                self._update(source, changes, progress)
            except Exception as exc:  # a corrupt segment found while writing
                if _is_lock_error(exc) or max_changes is not None:
                    raise
                return self._rebuild(source, progress, f"damaged: {exc}")
            return RefreshReport(updated=len(changes.changed), deleted=len(changes.deleted))

    def _update(self, source: DocSource, changes: _Changes, progress: Progress | None) -> None:
        """Re-index the changed documents. A small update writes a small segment, without
        Whoosh's merging of segments, which reads every term's postings (half a second for a
        few one-note segments); once there are :data:`SMALL_SEGMENTS_MAX` small segments,
        their notes are re-indexed into the new one instead, which costs a few ms a note.
        Segments that grew past small that way are merged by Whoosh into the new one once
        there are :data:`SEGMENTS_MAX` segments in all (rare, and slower)."""
        paths = list(changes.changed)
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                many = len(searcher.reader().leaf_readers()) >= SEGMENTS_MAX
                if len(paths) + len(changes.deleted) <= SMALL_SEGMENT_DOCS:
                    segments = _small_segments(searcher)
                    if len(segments) >= SMALL_SEGMENTS_MAX:
                        done = set(paths) | set(changes.deleted)
                        paths += sorted({p for _, ps in segments for p in ps} - done)
                known = {}  # numbers already indexed need no parsing again
                for path in paths:
                    stored = searcher.document(path=path) or {}
                    known.update(json.loads(stored.get("phones") or "{}"))
            writer = ix.writer(timeout=LOCK_TIMEOUT_S, delay=0.05)
            try:
                for path in changes.deleted:
                    writer.delete_by_term("path", path)
                self._add_docs(writer, source, paths, changes.state, progress, known=known)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=_merge_all_but_largest if many else _drop_emptied)
        finally:
            ix.close()
        self._save_state(changes.state)

    def _add_docs(
        self,
        writer: Any,
        source: DocSource,
        paths: list[str],
        state: IndexState,
        progress: Progress | None,
        *,
        known: dict[str, list[str]] | None = None,
    ) -> None:
        """Add (or with ``known`` phone forms from the index: update) the documents, and note
        in ``state`` which dirty files are racy (modified too recently to trust their mtime)."""
        now = time.time_ns()
        add = writer.add_document if known is None else writer.update_document
        many = source.load_many if source.load_many and len(paths) >= BULK_MIN else None
        docs = many(paths) if many else map(source.load, paths)
        for done, (path, doc) in enumerate(zip(paths, docs, strict=True), 1):
            add(**_index_fields(doc, source.region, known))
            stat = state.dirty.get(path)
            if stat and is_racy(stat[0], now):
                state.racy[path] = _sha1(source.root / path)
            else:
                state.racy.pop(path, None)
            if progress:
                progress(done, len(paths))

    def _rebuild(self, source: DocSource, progress: Progress | None, reason: str) -> RefreshReport:
        """Build a fresh index beside the old one and swap it in (readers keep working)."""
        from whoosh import index

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for pattern in ("search.new-*", "search.old-*"):  # left by a killed rebuild; we hold
            for leftover in self.cache_dir.glob(pattern):  # the lock, so none is in use
                shutil.rmtree(leftover, ignore_errors=True)
        tmp = self.cache_dir / f"search.new-{os.getpid()}"
        tmp.mkdir()
        head, dirty = source.worktree()  # before the scan: a commit in between is seen later
        current = source.scan()
        if head is None or dirty is None:
            head, dirty = None, set(current)
        state = IndexState(region=source.region, head=head)
        state.dirty = {path: current[path] for path in sorted(dirty) if path in current}
        ix = index.create_in(str(tmp), make_schema())
        writer = ix.writer(limitmb=256)
        try:
            self._add_docs(writer, source, sorted(current), state, progress)
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        writer.commit()
        ix.close()
        self._save_state(state, tmp)
        old = self.cache_dir / f"search.old-{os.getpid()}"
        if self.dir.exists():
            os.replace(self.dir, old)
        os.replace(tmp, self.dir)
        shutil.rmtree(old, ignore_errors=True)
        return RefreshReport(rebuilt=True, updated=len(current), reason=reason)

    # -- search

    def search_fresh(
        self,
        source: DocSource,
        parsed: sq.ParsedQuery,
        limit: int = 20,
        progress: Progress | None = None,
    ) -> tuple[SearchResults, RefreshReport]:
        """Refresh, then search; an index that fails while searching is rebuilt once, unless
        another process replaced it meanwhile (a rebuild swapping folders under our feet)."""
        report = self.refresh(source, progress=progress)
        marker = self._marker()
        try:
            return self.search(parsed, limit), report
        except Exception as exc:  # damaged segment files only show up when read
            if _is_lock_error(exc):
                raise
            with exclusive_lock(self.lock_path, LOCK_TIMEOUT_S):
                if self._marker() == marker:
                    report = self._rebuild(source, progress, f"damaged: {exc}")
            return self.search(parsed, limit), report

    def _marker(self) -> tuple[int, int] | None:
        """Identity of the saved state file: any index update or rebuild replaces it."""
        try:
            st = os.stat(self.dir / STATE_FILE)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns

    def search(self, parsed: sq.ParsedQuery, limit: int = 20) -> SearchResults:
        """Ranked hits (score, then most recent activity), with snippets and a did-you-mean.

        Filters hold per customer, so with ``kind:``/``since:``/``until:`` and words, the best
        :data:`RERANK_POOL` hits are re-ordered: customers with an entry that satisfies the
        filters *and* contains the words come first.
        """
        q = to_whoosh(parsed)
        terms = _highlight_terms(parsed)
        filtered = bool(parsed.kinds or parsed.since or parsed.until)
        entry_first = filtered and any(t.field is None for t in parsed.positive)
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                top = searcher.search(q, limit=None).top_n
                hits = []
                for score, docnum in _rank(searcher, top, RERANK_POOL if entry_first else limit):
                    stored = searcher.stored_fields(docnum)
                    hits.append(_hit(stored, score, best_snippet(stored, parsed, terms)))
                suggestion = _did_you_mean(searcher, parsed) if not top else None
        finally:
            ix.close()
        if entry_first:
            hits.sort(key=lambda h: not (h.snippet and h.snippet.date and h.snippet.spans))
        return SearchResults(hits[:limit], len(top), suggestion)

    def find_exact(self, fieldname: str, value: str) -> list[dict[str, Any]]:
        """Stored fields of documents whose ``phone`` (digits) or ``email`` is ``value``."""
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                hits = searcher.search(_keyword_query(fieldname, value), limit=None)
                return [dict(r) for r in hits]
        finally:
            ix.close()


def _did_you_mean(searcher: Any, parsed: sq.ParsedQuery) -> str | None:
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


def _is_lock_error(exc: BaseException) -> bool:
    from whoosh.index import LockError

    return isinstance(exc, LockError)
