"""The document a note gives the search index: what is searched and what a hit shows.

It crosses the boundary between the core (:mod:`.notebook_search` makes it from a note) and the
index adapter (:mod:`custnote.adapters.whoosh_index`), which knows nothing about note files.
Every value is text, as the index needs it (YAML may type an id as a number or a date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocEntry:
    """One log entry: ``date`` is ``YYYY-MM-DD``, ``time`` ``HH:MM`` or empty."""

    date: str
    kind: str = ""
    text: str = ""
    time: str = ""
    author: str = ""


@dataclass
class SearchDocument:
    """One customer: front-matter fields, body, other fields as text, and the log."""

    path: str
    id: str
    name: str = ""
    kana: str = ""
    company: str = ""
    owner: str = ""
    status: str = ""
    tags: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    body: str = ""
    #: the other front-matter fields, one ``key: value`` a line
    details: str = ""
    #: oldest first
    entries: list[DocEntry] = field(default_factory=list)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> SearchDocument:
        """From plain data (JSON, tests, benches); entries as dicts, values of any type."""

        def text(value: Any) -> str:
            return "" if value is None else str(value)

        lists = ("tags", "phones", "emails")
        scalars = ("path", "id", "name", "kana", "company", "owner", "status", "body", "details")
        return cls(
            **{key: text(doc.get(key)) for key in scalars},
            **{key: [text(v) for v in doc.get(key) or []] for key in lists},
            entries=[
                DocEntry(**{k: text(e.get(k)) for k in ("date", "kind", "text", "time", "author")})
                for e in doc.get("entries") or []
            ],
        )
