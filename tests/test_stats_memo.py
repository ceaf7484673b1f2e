"""Statistics are kept while no note changes (custnote.core.memo), and recomputed when one does."""

from __future__ import annotations

import os
import time
from datetime import date

from custnote.core import factcache
from custnote.core.model import LogEntry
from custnote.core.notebook import Notebook
from custnote.core.stats import StatsQuery


def age_every_file(root) -> None:
    """Make every file look older than the racy window, as after a moment's pause."""
    old = time.time() - 60
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (old, old))


def test_stats_are_reused_until_a_note_changes(notebook: Notebook, yamada, monkeypatch) -> None:
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "purchase", "給湯器", amount=120000))
    age_every_file(notebook.root)
    computed = []
    real = factcache.compute_stats
    monkeypatch.setattr(factcache, "compute_stats", lambda *a: computed.append(1) or real(*a))
    query = StatsQuery()

    first, _ = factcache.stats_for(notebook, query)
    again, _ = factcache.stats_for(notebook, query)
    assert len(computed) == 1, "the second run reuses the first result"
    assert again.to_json() == first.to_json()

    factcache.stats_for(notebook, StatsQuery(by="tag"))
    assert len(computed) == 2, "another query is computed"

    notebook.add_entry(yamada, LogEntry(date(2026, 11, 2), "purchase", "部品", amount=3000))
    age_every_file(notebook.root)
    changed, _ = factcache.stats_for(notebook, query)
    assert len(computed) == 3, "a changed note invalidates the kept results"
    assert changed.to_json() != first.to_json()


def test_nothing_is_kept_while_a_note_was_just_written(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    computed = []
    real = factcache.compute_stats
    monkeypatch.setattr(factcache, "compute_stats", lambda *a: computed.append(1) or real(*a))
    factcache.stats_for(notebook, StatsQuery())
    factcache.stats_for(notebook, StatsQuery())
    assert len(computed) == 2
    assert not (notebook.cache_dir / "stats-results.pickle").exists()
