"""What a search returns: ranked hits, each with the snippet that shows why it matched."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Snippet:
    """The text that best shows why a customer matched, with highlight spans into ``text``."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    date: str = ""
    time: str = ""
    kind: str = ""
    source: str = "log"  # log | body | details


@dataclass
class Hit:
    id: str
    path: str
    name: str
    kana: str
    company: str
    owner: str
    status: str
    tags: list[str]
    score: float
    last_contact: str
    snippet: Snippet | None


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    suggestion: str | None = None
