"""A cold note store reads each note once: its row, its lookup keys and its agenda and stats
facts come from that one reading (custnote.core.notebook.notestore,
custnote.core.agenda.factstore)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from custnote.core.agenda import notebook_agenda
from custnote.core.note.model import LogEntry
from custnote.core.notebook import note_files, notestore
from custnote.core.notebook.notebook import Notebook
from custnote.core.stats import notebook_stats
from custnote.core.stats.team_stats import StatsQuery


def test_a_cold_store_reads_every_note_once_for_show_agenda_and_stats(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    suzuki = notebook.create({"name": "鈴木 一郎", "kana": "すずき いちろう", "status": "active"})
    notebook.add_entry(
        suzuki, LogEntry(date(2026, 11, 2), "call", "折り返し", follow_up=date(2026, 11, 10))
    )
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "purchase", "給湯器", amount=5000))
    tanaka = notebook.create({"name": "田中 花子", "kana": "たなか はなこ"})
    notebook.archive(tanaka)
    reads: Counter[str] = Counter()
    real = note_files.read_note_file

    def counted(root: str, rel: str) -> bytes | None:
        reads.update([rel])
        return real(root, rel)

    monkeypatch.setattr(notestore, "read_note_file", counted)  # the store's rows
    monkeypatch.setattr(note_files, "read_note_file", counted)  # the facts filled later
    for cache in notebook.reader_cache_dir.glob("notes.sqlite*"):
        cache.unlink()

    fresh = Notebook(notebook.root)
    assert fresh.store().summary(yamada.path)["name"] == "山田 太郎"
    shown = notebook_agenda.notebook_agenda(fresh, date(2026, 11, 20), 7)
    stats, _ = notebook_stats.stats_for(fresh, StatsQuery())

    paths = fresh.note_paths() + fresh.note_paths(archived=True)
    assert reads == Counter(paths), "each note read once, none twice"
    assert len(paths) == 3
    assert stats.customers == 2, "the archived customer is not counted"
    assert sum(a.sales for a in stats.totals().values()) == 5000
    assert [r.customer_name for r in shown.reminders if r.kind == "follow-up"] == ["鈴木 一郎"]
