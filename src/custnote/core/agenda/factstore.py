"""Per-note facts for ``agenda`` and ``stats``, kept in the note store beside each note's row.

The records (:func:`custnote.core.agenda.fact_reader.fact_records`) are computed when first asked
for, for
the notes that are new or changed since (a note's facts are dropped whenever the store re-reads
it, see :mod:`custnote.core.notebook.notestore`), both kinds from one reading of the file. The
agenda's
quick facts (:class:`custnote.core.agenda.window.QuickFacts`) are also kept as indexed columns,
so an agenda loads only the customers that may have a reminder in its window, plus those with
problems to report, instead of all 100,000.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from custnote.adapters import sqlite_store
from custnote.core.i18n import _
from custnote.core.note.summary import collector_paused
from custnote.errors import NoteFormatError

if TYPE_CHECKING:
    from custnote.core.agenda.window import Window
    from custnote.core.notebook.notestore import NoteStore

KINDS = ("agenda", "stats")

SCHEMA = """
CREATE TABLE facts (
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (kind, path)
) WITHOUT ROWID;
CREATE TABLE quick (
    path TEXT PRIMARY KEY,
    next_due TEXT,
    visits INTEGER,
    status TEXT,
    last_contact TEXT,
    warn INTEGER
) WITHOUT ROWID;
CREATE INDEX quick_due ON quick (next_due);
CREATE INDEX quick_visits ON quick (visits) WHERE visits;
CREATE INDEX quick_status ON quick (status, last_contact);
CREATE INDEX quick_warn ON quick (warn) WHERE warn;
CREATE TABLE yearly (mmdd TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (mmdd, path))
    WITHOUT ROWID;
CREATE INDEX yearly_path ON yearly (path);
"""


#: bump when the facts records (:mod:`custnote.core.agenda.fact_reader`) or their reading rules
#: change
FACTS_VERSION = 8


def forget(db: sqlite3.Connection, rel: str) -> None:
    """The note changed: its facts are computed again when next asked for."""
    db.executemany("DELETE FROM facts WHERE kind = ? AND path = ?", [(k, rel) for k in KINDS])
    db.execute("DELETE FROM quick WHERE path = ?", (rel,))
    db.execute("DELETE FROM yearly WHERE path = ?", (rel,))


def forget_all(db: sqlite3.Connection) -> None:
    for table in ("facts", "quick", "yearly"):
        db.execute(f"DELETE FROM {table}")


def facts_of(chunk: list[str], root: str) -> list[tuple[str, dict[str, str]]]:
    """``(rel, {kind: record as JSON})`` of each file still there (runs in worker processes)."""
    from custnote.core.agenda.fact_reader import fact_records
    from custnote.core.notebook.note_files import read_note_file

    out: list[tuple[str, dict[str, str]]] = []
    with collector_paused():
        for rel in chunk:
            data = read_note_file(root, rel)
            if data is None:
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                error = {
                    "error": str(
                        NoteFormatError(
                            rel, _("not UTF-8 text (byte {start})").format(start=exc.start)
                        )
                    )
                }
                records = {kind: error for kind in KINDS}
            else:
                records = fact_records(rel, text)
            out.append((rel, {k: json.dumps(v, ensure_ascii=False) for k, v in records.items()}))
    return out


def _fill(store: NoteStore) -> None:
    """Compute the facts of every customer who has none yet."""
    db = store.db
    have = db.execute("SELECT count(*) FROM facts WHERE kind = ?", (KINDS[-1],)).fetchone()[0]
    notes = db.execute("SELECT count(*) FROM notes WHERE top = 'customers'").fetchone()[0]
    if have == notes:
        return  # facts exist only for current notes: as many means all of them
    query = (
        "SELECT path FROM notes WHERE top = 'customers' AND NOT EXISTS"
        " (SELECT 1 FROM facts WHERE kind = ? AND facts.path = notes.path)"
    )
    missing = [rel for (rel,) in db.execute(query, (KINDS[-1],))]
    from custnote.core.notebook.note_files import in_parallel

    with sqlite_store.transaction(db):
        for rel, records in in_parallel(facts_of, missing, store.root):
            forget(db, rel)
            for kind, record in records.items():
                db.execute("INSERT INTO facts VALUES (?, ?, ?)", (kind, rel, record))
            _index_quick(db, rel, json.loads(records["agenda"]))


def _index_quick(db: sqlite3.Connection, rel: str, record: dict[str, Any]) -> None:
    warn = int("error" in record or bool(record.get("problems")))
    quick = record.get("quick")
    if quick is None:
        db.execute("INSERT INTO quick (path, warn) VALUES (?, ?)", (rel, warn))
        return
    next_due, visits, status, last_contact, yearly = quick
    db.execute(
        "INSERT INTO quick VALUES (?, ?, ?, ?, ?, ?)",
        (rel, next_due, int(bool(visits)), status, last_contact, warn),
    )
    db.executemany("INSERT OR IGNORE INTO yearly VALUES (?, ?)", [(d, rel) for d in yearly])


def records(
    store: NoteStore, kind: str, window: Window | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path, record)`` of every customer (not archived), in path order; for the agenda with
    a ``window``, only those that may have a reminder in it or a problem to report (the same
    test as :meth:`~custnote.core.agenda.window.Window.may_remind`, made by the indexes)."""
    assert kind in KINDS
    _fill(store)
    if window is None:
        query = "SELECT path, record FROM facts WHERE kind = ? ORDER BY path"
        params: list[Any] = [kind]
    else:
        days = sorted(window.month_days)
        active = window.settings.active_status
        query = f"""
            SELECT path, record FROM facts WHERE kind = ? AND path IN (
                SELECT path FROM quick WHERE next_due <= ?
                UNION SELECT path FROM quick WHERE visits
                UNION SELECT path FROM quick WHERE status = ? AND last_contact IS NULL
                UNION SELECT path FROM quick WHERE status = ? AND last_contact < ?
                UNION SELECT path FROM quick WHERE warn
                UNION SELECT path FROM yearly WHERE mmdd IN ({",".join("?" * len(days))})
            ) ORDER BY path"""
        params = [kind, window.until_iso, active, active, window.quiet_before_iso, *days]
    with collector_paused():
        for rel, record in store.db.execute(query, params):
            yield rel, json.loads(record)
