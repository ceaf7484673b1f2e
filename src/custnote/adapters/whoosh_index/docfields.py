"""A :class:`~custnote.core.search.document.SearchDocument` as Whoosh fields, and back.

Stored is what a hit shows and what a phrase is checked against (see :mod:`.verify`): id,
name, reading, company, owner, status, tags, the last contact, the phone numbers (``who`` says
which one matched), the log entries, the body and the other fields, as one JSON value
compressed with zlib and a *preset dictionary* (:class:`Packer`) of the strings many sampled
notes share, made when the index is built: a note's texts are short and alike (kinds, dates,
field names, the notebook's common words), so such a dictionary compresses each to well under
what zlib alone does (bench notebook: 3.9 MB instead of 7.6 MB at 10,000 customers; stored
fields were four fifths of the index when the parsed note was pickled).
The path is stored there too (it is indexed as a term, for updates, but not stored apart).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custnote.adapters.whoosh_index.analysis import fold_for_index
from custnote.core.note.phone import digit_forms
from custnote.core.note.textnorm import fold
from custnote.core.search.document import DocEntry, SearchDocument

_LATIN_WORD = re.compile(r"[a-z]{3,}")
#: zlib's level: with a preset dictionary 6 is a tenth smaller than 1 and as fast to read
_LEVEL = 6
#: the preset dictionary's file in the index folder
ZDICT_FILE = "custnote-zdict.bin"
#: notes sampled for the dictionary, how many must share a string for it to get in, and
#: the dictionary's size (zlib looks back 32 KiB at most)
ZDICT_SAMPLE = 256
ZDICT_SHARED = 8
ZDICT_BYTES = 32 * 1024
_SHINGLE = 16


def compact_variant(value: str) -> str:
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


def index_fields(
    doc: SearchDocument,
    region: str,
    packer: Packer,
    known_phones: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Whoosh fields of one document (``known_phones``: digit forms already computed)."""
    entries = doc.entries
    texts = [doc.name, doc.kana, doc.company, doc.body, doc.details, *(e.text for e in entries)]
    spell = {w for t in texts for w in _LATIN_WORD.findall(fold_for_index(t))}
    dates = [e.date for e in entries if e.date]
    phones = _phone_forms(doc.phones, region, known_phones or {})
    return {
        "path": doc.path,
        "name": compact_variant(doc.name),
        "kana": compact_variant(doc.kana),
        "company": doc.company,
        "owner": doc.owner,
        "body": doc.body,
        "log": "\n".join(e.text for e in entries),
        "details": doc.details,
        "tags": _keyword(doc.tags),
        "status": fold(doc.status),
        "kind": " ".join(sorted({fold(e.kind) for e in entries if e.kind})),
        "logdate": " ".join(sorted({d.replace("-", "") for d in dates})),
        "kinddate": " ".join(
            sorted({f"{fold(e.kind)}:{e.date.replace('-', '')}" for e in entries})
        ),
        "phone": " ".join(sorted({f for fs in phones.values() for f in fs})),
        "email": " ".join(sorted({fold(e) for e in doc.emails})),
        "spell": " ".join(sorted(spell)),
        "doc": packer.pack(_stored(doc, phones, max(dates, default=""))),
        "last": max(dates, default=""),
        "first": min(dates, default=""),
    }


def _stored(doc: SearchDocument, phones: dict[str, list[str]], last: str) -> dict[str, Any]:
    return {
        "path": doc.path,
        "id": doc.id,
        "name": doc.name,
        "kana": doc.kana,
        "company": doc.company,
        "owner": doc.owner,
        "status": doc.status and fold(doc.status),
        "tags": _keyword(doc.tags),
        "last": last,
        "phones": phones,
        "e": [[e.date, e.time, e.kind, e.text] for e in doc.entries],
        "b": doc.body,
        "d": doc.details,
    }


class Packer:
    """Stored fields as zlib-compressed JSON with a preset dictionary (``zdict``), which
    every writer and reader of one index shares (a file in the index folder)."""

    def __init__(self, zdict: bytes = b""):
        self.zdict = zdict

    @classmethod
    def sampled(cls, docs: Sequence[SearchDocument]) -> Packer:
        """A dictionary of the strings (16 characters: longer shared runs compress better than
        short ones, up to about that length) that at least :data:`ZDICT_SHARED` of the sampled
        documents hold, the most shared last (zlib looks back 32 KiB at most).

        Nothing particular to one customer gets in: what the dictionary holds, other notes
        hold too, so forgetting a customer (or restricting a field) leaves none of their
        own text in it (a small notebook's dictionary is empty)."""
        counts: Counter[str] = Counter()
        for doc in docs:
            text = _dumps(_stored(doc, {str(p): [] for p in doc.phones}, "")).decode("utf-8")
            counts.update({text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)})
        shared = [s for s, n in counts.most_common() if n >= ZDICT_SHARED]
        return cls("".join(reversed(shared)).encode("utf-8")[-ZDICT_BYTES:])

    @classmethod
    def load(cls, folder: Path) -> Packer:
        try:
            return cls((folder / ZDICT_FILE).read_bytes())
        except FileNotFoundError:
            return cls()

    def save(self, folder: Path) -> None:
        (folder / ZDICT_FILE).write_bytes(self.zdict)

    def pack(self, data: dict[str, Any]) -> bytes:
        packer = (
            zlib.compressobj(_LEVEL, zdict=self.zdict) if self.zdict else zlib.compressobj(_LEVEL)
        )
        return packer.compress(_dumps(data)) + packer.flush()

    def reader(self, reader: Any) -> Callable[[int], dict[str, Any]]:
        """The stored fields of a document number of a Whoosh ``reader`` (empty for none)."""
        if not reader.doc_count_all():  # an empty index's reader has no columns
            return lambda docnum: {}
        column = reader.column_reader("doc", translate=False)
        return lambda docnum: self.unpack(column[docnum])

    def unpack(self, blob: bytes) -> dict[str, Any]:
        """The stored fields packed in ``blob`` (empty for none)."""
        if not blob:
            return {}
        unpacker = zlib.decompressobj(zdict=self.zdict) if self.zdict else zlib.decompressobj()
        return json.loads(unpacker.decompress(blob) + unpacker.flush())


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class Shown:
    """What a snippet is cut from: log entries (oldest first), body and other fields."""

    entries: list[DocEntry]
    body: str
    details: str


def shown(stored: dict[str, Any]) -> Shown:
    """The snippet texts of a hit's unpacked stored fields."""
    return Shown(
        [DocEntry(date=d, time=t, kind=k, text=x) for d, t, k, x in stored.get("e", [])],
        stored.get("b", ""),
        stored.get("d", ""),
    )
