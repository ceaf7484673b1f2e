"""A :class:`~custnote.core.search.document.SearchDocument` as Whoosh fields, and back.

Stored are only what a hit shows: id, path, name, reading, company, owner, status, tags, the
last contact, the phone numbers (``who`` says which one matched) and, compressed in one field
(``shown``), the texts a snippet is cut from: the log entries, the body, the other fields.
Compressed JSON of these is a third of the note's size; the parsed note pickled beside
them (as ``who``'s card once was) was one and a half times the note's size, and stored fields
were four fifths of the index (bench/bench_search.py --build).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from custnote.adapters.whoosh_index.analysis import fold_for_index
from custnote.core.note.phone import digit_forms
from custnote.core.note.textnorm import fold
from custnote.core.search.document import DocEntry, SearchDocument

_LATIN_WORD = re.compile(r"[a-z]{3,}")
#: zlib's level for ``shown``: 1 compresses these texts nearly as well as 6, twice as fast
_LEVEL = 1


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


def index_fields(
    doc: SearchDocument, region: str, known_phones: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Whoosh fields of one document (``known_phones``: digit forms already computed)."""
    entries = doc.entries
    texts = [doc.name, doc.kana, doc.company, doc.body, doc.details, *(e.text for e in entries)]
    spell = {w for t in texts for w in _LATIN_WORD.findall(fold_for_index(t))}
    dates = [e.date for e in entries if e.date]
    phones = _phone_forms(doc.phones, region, known_phones or {})
    return {
        "path": doc.path,
        "id": doc.id,
        "name": _compact_variant(doc.name),
        "_stored_name": doc.name,
        "kana": _compact_variant(doc.kana),
        "_stored_kana": doc.kana,
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
        "phones": json.dumps(phones, ensure_ascii=False),
        "email": " ".join(sorted({fold(e) for e in doc.emails})),
        "spell": " ".join(sorted(spell)),
        "shown": _pack(doc),
        "last": max(dates, default=""),
        "first": min(dates, default=""),
    }


@dataclass
class Shown:
    """What a snippet is cut from: log entries (oldest first), body and other fields."""

    entries: list[DocEntry]
    body: str
    details: str


def _pack(doc: SearchDocument) -> bytes:
    data = {
        "e": [[e.date, e.time, e.kind, e.text] for e in doc.entries],
        "b": doc.body,
        "d": doc.details,
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return zlib.compress(raw, _LEVEL)


def shown(stored: dict[str, Any]) -> Shown:
    """The snippet texts of a document's stored fields."""
    data = json.loads(zlib.decompress(stored["shown"])) if stored.get("shown") else {}
    return Shown(
        [DocEntry(date=d, time=t, kind=k, text=x) for d, t, k, x in data.get("e", [])],
        data.get("b", ""),
        data.get("d", ""),
    )
