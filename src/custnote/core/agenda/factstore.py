"""Per-note facts for ``agenda`` and ``stats``, kept in the note store beside each note's row.

The records (:func:`custnote.core.agenda.fact_reader.fact_records`) of a customer's note are
made when the store reads it (:mod:`custnote.core.notebook.notestore`: one reading gives its row,
its keys and these), and dropped whenever the store re-reads it; the change list (``changes``)
keeps each dropped statistics record for the kept statistics. The agenda's
quick facts (:class:`custnote.core.agenda.window.QuickFacts`) are also kept as indexed columns,
so an agenda loads only the customers that may have a reminder in its window, plus those with
problems to report, instead of all 100,000; and each dated item (open follow-ups and
replacements, the visit due: :func:`custnote.core.agenda.window.dated_items`) is a row of
``dated`` with what the agenda sorts on, so its first page is asked of the indexes
(:mod:`custnote.core.agenda.paging`).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from custnote.adapters import sqlite_store
from custnote.core.note.summary import collector_paused
from custnote.core.note.textnorm import fold
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
    warn INTEGER,
    name TEXT,
    owner TEXT
) WITHOUT ROWID;
CREATE INDEX quick_due ON quick (next_due);
CREATE INDEX quick_visits ON quick (visits) WHERE visits;
CREATE INDEX quick_status ON quick (status, last_contact, name);
CREATE INDEX quick_owner_status ON quick (owner, status, last_contact, name);
CREATE INDEX quick_warn ON quick (warn) WHERE warn;
CREATE TABLE dated (
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    due TEXT,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (path, seq)
) WITHOUT ROWID;
CREATE INDEX dated_by_kind ON dated (kind, due, name);
CREATE INDEX dated_by_due ON dated (due, kind, name);
CREATE INDEX dated_owner_by_kind ON dated (owner, kind, due, name);
CREATE INDEX dated_owner_by_due ON dated (owner, due, kind, name);
CREATE TABLE yearly (mmdd TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (mmdd, path))
    WITHOUT ROWID;
CREATE INDEX yearly_path ON yearly (path);
CREATE TABLE changes (seq INTEGER PRIMARY KEY, path TEXT NOT NULL, stats TEXT);
"""
#: how many changes are remembered for the kept statistics (:mod:`custnote.core.stats.kept_stats`)
KEEP_CHANGES = 20000


#: bump when the facts records (:mod:`custnote.core.agenda.fact_reader`) or their reading rules
#: change
FACTS_VERSION = 9


def forget(db: sqlite3.Connection, rel: str) -> None:
    """The note changed (or is new, or gone): its facts are computed again. Its statistics
    record as it was is kept in ``changes``, so that kept statistics can take it back and add
    the new one rather than count every customer again."""
    db.execute(
        "INSERT INTO changes (path, stats) VALUES"
        " (?, (SELECT record FROM facts WHERE kind = 'stats' AND path = ?))",
        (rel, rel),
    )
    db.executemany("DELETE FROM facts WHERE kind = ? AND path = ?", [(k, rel) for k in KINDS])
    for table in ("quick", "yearly", "dated"):
        db.execute(f"DELETE FROM {table} WHERE path = ?", (rel,))


def forget_all(db: sqlite3.Connection) -> None:
    """Every note is read again: kept statistics start over (a new epoch of ``changes``)."""
    for table in ("facts", "quick", "yearly", "dated", "changes"):
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('epoch', ?)", (uuid.uuid4().hex,))
    db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('changes_floor', '0')")


def trim_changes(db: sqlite3.Connection) -> None:
    """Keep the last :data:`KEEP_CHANGES` changes; results kept from before them are recounted."""
    last = db.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
    floor = last - KEEP_CHANGES
    if floor > 0 and db.execute("SELECT 1 FROM changes WHERE seq <= ?", (floor,)).fetchone():
        db.execute("DELETE FROM changes WHERE seq <= ?", (floor,))
        db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('changes_floor', ?)", (str(floor),))


def facts_missing(db: sqlite3.Connection) -> bool:
    """Whether a customer has no facts yet. Facts exist only for current customers (a change
    drops them), one ``quick`` row each (small rows: counted without reading the records)."""
    have = db.execute("SELECT count(*) FROM quick").fetchone()[0]
    notes = db.execute("SELECT count(*) FROM notes WHERE top = 'customers'").fetchone()[0]
    return have != notes


def fill(store: NoteStore) -> None:
    """Compute the facts of every customer who has none yet."""
    _fill(store)


def facts_of(chunk: list[str], root: str) -> list[tuple[str, dict[str, str]]]:
    """``(rel, {kind: record as JSON})`` of each file still there (runs in worker processes)."""
    from custnote.core.notebook.note_files import read_note_file

    out: list[tuple[str, dict[str, str]]] = []
    with collector_paused():
        for rel in chunk:
            data = read_note_file(root, rel)
            if data is not None:
                out.append((rel, records_of(rel, data)))
    return out


def records_of(rel: str, data: bytes, front: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """``{kind: record as JSON}`` of one file's content (the store reads each file once for
    its row, its keys and these; ``front`` gets its front-matter as read, see fact_records)."""
    from custnote.core.agenda.fact_reader import fact_records

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = {"error": str(NoteFormatError.not_utf8(rel, exc.start))}
        records: dict[str, Any] = {kind: error for kind in KINDS}
    else:
        records = fact_records(rel, text, front)
    return {k: json.dumps(v, ensure_ascii=False) for k, v in records.items()}


def keep(db: sqlite3.Connection, rel: str, records: dict[str, str]) -> None:
    """Keep a note's records (its old ones are gone: :func:`forget` or a rebuild)."""
    for kind, record in records.items():
        db.execute("INSERT INTO facts VALUES (?, ?, ?)", (kind, rel, record))
    _index_quick(db, rel, json.loads(records["agenda"]))


def _fill(store: NoteStore) -> None:
    """Compute the facts of every customer who has none yet."""
    db = store.db
    if not facts_missing(db):
        return
    query = (
        "SELECT path FROM notes WHERE top = 'customers' AND NOT EXISTS"
        " (SELECT 1 FROM facts WHERE kind = ? AND facts.path = notes.path)"
    )
    missing = [rel for (rel,) in db.execute(query, (KINDS[-1],))]
    from custnote.core.notebook.note_files import in_parallel

    with sqlite_store.transaction(db):
        for rel, records in in_parallel(facts_of, missing, store.root):
            forget(db, rel)
            keep(db, rel, records)


def _index_quick(db: sqlite3.Connection, rel: str, record: dict[str, Any]) -> None:
    warn = int("error" in record or bool(record.get("problems")))
    quick = record.get("quick")
    if quick is None:
        db.execute("INSERT INTO quick (path, warn) VALUES (?, ?)", (rel, warn))
        return
    next_due, visits, status, last_contact, yearly = quick
    # folded as the agenda sorts and filters them (reminders.urgency, notebook_agenda.owner_key)
    name, owner = fold(record.get("name") or ""), fold(record.get("owner") or "")
    db.execute(
        "INSERT INTO quick VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (rel, next_due, int(bool(visits)), status, last_contact, warn, name, owner),
    )
    db.executemany("INSERT OR IGNORE INTO yearly VALUES (?, ?)", [(d, rel) for d in yearly])
    db.executemany(
        "INSERT INTO dated VALUES (?, ?, ?, ?, ?, ?)",
        [
            (rel, seq, kind, due, name, owner)
            for seq, (kind, due) in enumerate(record.get("dated", ()))
        ],
    )


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
