"""The search port: what a search returns, and what the index is built from.

The core's search (:mod:`custnote.core.search.notebook_search`) returns these types and gives
the index a :class:`DocSource` of :class:`~.document.SearchDocument`; the index adapter
(:mod:`custnote.adapters.whoosh_index`, Whoosh) builds its results with them, so nothing above
the core sees the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from custnote.core.search.document import SearchDocument


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


#: ``(current commit, files that differ from it)``; either is None when git cannot tell
Worktree = tuple[str | None, set[str] | None]


@dataclass
class DocSource:
    """Where documents come from: the notebook side gives these callables."""

    root: Path
    #: relative path -> (mtime_ns, size) of every file to index
    scan: Callable[[], dict[str, tuple[int, int]]]
    #: relative path -> its document (the full build calls it in forked worker processes)
    load: Callable[[str], SearchDocument]
    #: the current commit and the indexable files that differ from it (``git status``)
    worktree: Callable[[], Worktree] = lambda: (None, None)
    #: paths changed between two commits (None when it cannot tell)
    changed_between: Callable[[str, str], set[str] | None] = lambda a, b: None
    region: str = "JP"


@dataclass
class RefreshReport:
    rebuilt: bool = False
    skipped: bool = False
    updated: int = 0
    deleted: int = 0
    reason: str = ""
