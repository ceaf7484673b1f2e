"""Analysis, the same at index and query time: NFKC, case folding, katakana→hiragana folding.

Latin/digit runs become (Porter-stemmed) words. A CJK run becomes character bigrams, plus the
run's last character alone at index time (each character then starts an indexed term of its
own: a one-character query is a prefix of those, see :mod:`.query`); at query time its bigrams
are a phrase. Any word inside unspaced Japanese is therefore found, and a one-character query
(茶) still matches. Indexing every character alone as well doubled the postings
(bench/search_recall.py finds 31/31 either way). The index keeps no positions: a query run's
bigrams are AND-ed and the hits shown are checked against their texts (:mod:`.verify`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Frequency

from custnote.core.note.textnorm import kata_to_hira, nfkc, romaji_to_hiragana

_CJK = "\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_KANA_ONLY = re.compile(r"^[\u3040-\u309f\u30fc]+$")


def one_cjk_char(term: str) -> bool:
    """Whether a query term is a CJK character alone (matched as the prefix of indexed terms)."""
    return len(term) == 1 and _CJK_CHAR.match(term) is not None


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

    ``mode="index"`` gives a CJK run's bigrams and its last character alone; ``mode="query"``
    gives bigrams only, so that a query run becomes a phrase of consecutive positions (a run of
    one character stays one); ``mode="highlight"`` gives every character and every bigram
    (sharing a position), so that any query term is found in a snippet's text.
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
        every = mode == "highlight"
        for i in range(n):
            if i + 1 < n:
                if every:
                    yield run[i], pos, start + i, start + i + 1
                yield run[i : i + 2], pos, start + i, start + i + 2
            else:  # the run's last character (or a one-character query)
                yield run[i], pos, start + i, start + i + 1
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


class CustnoteFrequency(Frequency):
    """Term frequencies without positions, fed by :func:`analyze` directly at index time (no
    Token objects: the analysis of a full rebuild gets about a third cheaper). Pickled into
    the index with the schema: keep its name and module.

    The frequency is the posting's weight, which Whoosh keeps anyway (and drops from a block
    whose weights are all 1), so no value is stored: Whoosh's own format repeats it as 4 bytes.
    Without positions a phrase is found as the AND of its terms, then checked against the
    stored texts (:mod:`.verify`): positions were half of the postings' bytes.
    """

    posting_size = 0

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return self.field_boost

    def combine(self, vs: Any) -> bytes:
        return b""

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
        if not isinstance(analyzer, CustnoteAnalyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        counts: dict[str, int] = {}
        for term, _pos, _start, _end in analyze(fold_for_index(value), reading=analyzer.reading):
            counts[term] = counts.get(term, 0) + 1
        boost = self.field_boost
        for term, count in counts.items():
            yield term, count, count * boost, b""
