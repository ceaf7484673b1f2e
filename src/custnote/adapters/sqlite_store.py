"""A private SQLite database file: opened in WAL mode, created readable by its owner only.

SQLite (the standard library's ``sqlite3``) was chosen for custnote's on-disk lookup store over
pickle or JSON files: it answers one indexed look-up without reading the whole file (O(log n)),
lets several processes read while one writes (WAL), updates one row without rewriting the rest,
and, unlike pickle, loading it never runs code.

This module knows nothing about notes: it opens the file, applies a schema when the stored
``user_version`` differs from the wanted one (a store of another version is dropped and
recreated: it is a cache), and hands out the connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

#: how long a process waits for another one's write to finish before giving up (ms): as long
#: as another process's first build of a large store may take (it would do the same work)
BUSY_TIMEOUT_MS = 600_000


class StoreUnavailable(Exception):
    """The database cannot be opened or written (read-only folder, damaged file)."""


def open_store(path: Path | None, version: int, schema: str) -> sqlite3.Connection:
    """The database at ``path`` with ``schema`` applied (version ``version``); in memory when
    ``path`` is None (for a notebook whose cache folder cannot be written).

    A file of another version, or one that is not a database, is replaced: the caller rebuilds
    its content. Raises :class:`StoreUnavailable` when the folder cannot be written."""
    if path is None:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(schema)
        return db
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for attempt in (1, 2):
            try:
                return _open(path, version, schema)
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                remove(path)  # damaged or not a database: a cache, so start again
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"{path}: {exc}") from None
    raise AssertionError("unreachable")


def _open(path: Path, version: int, schema: str) -> sqlite3.Connection:
    if not path.exists():
        # created private (the store holds customers' names, phones and emails)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        # a cache: losing the last transaction on power loss only means rebuilding it
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != version:
            with transaction(db):
                if db.execute("PRAGMA user_version").fetchone()[0] != version:
                    tables = db.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    ).fetchall()
                    for (name,) in tables:
                        db.execute(f'DROP TABLE IF EXISTS "{name}"')
                    for statement in schema.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {int(version)}")
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE``: writers queue up rather than deadlock)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def remove(path: Path) -> None:
    """Delete the database and its WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
