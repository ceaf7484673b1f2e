"""Statistics are kept while no note changes, and brought up to date note by note when one does
(custnote.core.stats.kept_stats)."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from decimal import Decimal

import pytest

from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook
from custnote.core.stats import kept_stats, notebook_stats
from custnote.core.stats.team_stats import StatsQuery


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
    real = kept_stats._count_all
    monkeypatch.setattr(kept_stats, "_count_all", lambda *a: computed.append(1) or real(*a))
    query = StatsQuery()

    first, _ = notebook_stats.stats_for(notebook, query)
    again, _ = notebook_stats.stats_for(notebook, query)
    assert len(computed) == 1, "the second run reuses the first result"
    assert again.to_json() == first.to_json()

    notebook_stats.stats_for(notebook, StatsQuery(by="tag"))
    assert len(computed) == 2, "another query is computed"

    notebook.add_entry(yamada, LogEntry(date(2026, 11, 2), "purchase", "部品", amount=3000))
    age_every_file(notebook.root)
    changed, _ = notebook_stats.stats_for(notebook, query)
    assert len(computed) == 2, "a changed note is taken back and added again, not recounted"
    assert changed.to_json() != first.to_json()
    (activity,) = changed.to_json()["activity"].values()
    assert Decimal(activity["2026-11"]["sales"]) == 123000
    assert changed.to_json() == recount(notebook, query).to_json()


def recount(notebook: Notebook, query: StatsQuery):
    """The statistics counted from nothing (no kept sums)."""
    for kept in notebook.reader_cache_dir.glob("stats/kept-*.json"):
        kept.unlink()
    return notebook_stats.stats_for(Notebook(notebook.root), query)[0]


def test_a_same_size_hand_edit_right_after_is_noticed(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    """Freshness comes from git (content), not from mtimes: an edit of the same size within
    the same clock tick as the first run still invalidates the kept result."""
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "purchase", "給湯器", amount=120000))
    first, _ = notebook_stats.stats_for(Notebook(notebook.root), StatsQuery())
    path = notebook.root / yamada.path
    text = path.read_text(encoding="utf-8")
    st = path.stat()
    path.write_text(text.replace("120000", "920000"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    again, _ = notebook_stats.stats_for(Notebook(notebook.root), StatsQuery())
    assert again.to_json() != first.to_json()


def test_kept_statistics_are_json_and_read_back_exactly(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "purchase", "給湯器", amount=120000))
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 2), "call", "お礼", duration_min=15))
    age_every_file(notebook.root)
    query = StatsQuery(since=date(2026, 1, 1), by="tag")
    first, warnings = notebook_stats.stats_for(notebook, query)
    assert first.top_sales and first.activity  # something of every kind to read back
    (path,) = notebook.reader_cache_dir.glob("stats/kept-*.json")
    kept = json.loads(path.read_text("utf-8"))
    assert kept["sums"]["customers"] == first.customers
    monkeypatch.setattr(kept_stats, "_count_all", lambda *a: pytest.fail("recounted"))
    again, again_warnings = notebook_stats.stats_for(Notebook(notebook.root), query)
    assert (again, again_warnings) == (first, warnings)
    assert type(again.top_sales[0].value) is type(first.top_sales[0].value)
    assert not list(notebook.reader_cache_dir.glob("**/*.pickle"))
