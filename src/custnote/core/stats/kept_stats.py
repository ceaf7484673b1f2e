"""Statistics kept between runs and brought up to date note by note.

``stats`` right after a ``log`` at 100,000 customers must not count a million log entries again.
Its running sums (:class:`custnote.core.stats.running_sums.StatsSums`) are kept per query in
``<reader cache dir>/stats/kept-<query>.json`` (JSON, never a pickle: reading a cache never runs
code), in the private state (``.git/custnote``) where no clone or pull can write, with the
point of the note store's change list (``changes``, :mod:`custnote.core.agenda.factstore`) they
reflect. The next run takes back each changed note's share as it was counted and adds its share
now, which costs two small sums per changed note.

Everything is counted again when the store was rebuilt (another epoch), the settings file
changed, the change list no longer reaches back to the kept point, so many notes changed that a
recount is cheaper, or take-backs left too few of the top customers known. The kept point and
the records are read in one SQLite read transaction, so another process changing notes meanwhile
is seen either wholly or not at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.adapters.fsio import atomic_write
from custnote.core.agenda import factstore
from custnote.core.agenda.factstore import FACTS_VERSION
from custnote.core.note.summary import collector_paused
from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE
from custnote.core.notebook.notestore import STORE_VERSION
from custnote.core.stats.running_sums import StatsSums
from custnote.core.stats.team_stats import Stats, StatsInput, StatsQuery

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook
    from custnote.core.notebook.notestore import NoteStore

#: bump when the kept sums change shape
VERSION = 2
#: more changed notes than this: counting everything again is about as quick
RECOUNT_FROM = 5000


class _Kept:
    """What is kept for one query: the sums, each note's warnings, and where they stand."""

    def __init__(self, query: StatsQuery, epoch: str, config: str) -> None:
        self.version = [VERSION, STORE_VERSION, FACTS_VERSION]
        self.query, self.epoch, self.config = query, epoch, config
        self.seq = 0
        self.sums = StatsSums(query)
        self.warnings: dict[str, list[str]] = {}

    def to_json(self) -> str:
        record = {
            "version": self.version,
            "query": _query_key(self.query),
            "epoch": self.epoch,
            "config": self.config,
            "seq": self.seq,
            "sums": self.sums.to_record(),
            "warnings": self.warnings,
        }
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, query: StatsQuery) -> _Kept | None:
        """The kept sums for ``query``; None for a file of another query or version."""
        record = json.loads(text)
        if record["version"] != [VERSION, STORE_VERSION, FACTS_VERSION]:
            return None
        if record["query"] != _query_key(query):
            return None
        kept = cls(query, record["epoch"], record["config"])
        kept.seq = int(record["seq"])
        kept.sums = StatsSums.from_record(query, record["sums"])
        kept.warnings = {rel: list(found) for rel, found in record["warnings"].items()}
        return kept

    def add(self, rel: str, record: dict[str, Any], sign: int) -> None:
        if sign < 0:
            self.warnings.pop(rel, None)
        if "error" in record:
            if sign > 0:
                self.warnings[rel] = [record["error"]]
            return
        self.sums.add(StatsInput(*record["stats"]), rel, sign)
        if sign > 0 and record.get("problems"):
            self.warnings[rel] = list(record["problems"])

    def result(self) -> tuple[Stats, list[str]]:
        warnings = [w for _, found in sorted(self.warnings.items()) for w in found]
        return self.sums.result(), warnings


def stats_for(nb: Notebook, query: StatsQuery) -> tuple[Stats, list[str]]:
    """The statistics for ``query`` and the warnings met reading the notes (module docstring)."""
    store = nb.store()
    name = hashlib.blake2b(_query_key(query).encode(), digest_size=8).hexdigest()
    path = nb.reader_cache_dir / "stats" / f"kept-{name}.json"
    config = _config_digest(nb)
    with collector_paused():
        kept = _read(path, query)
        for _attempt in range(3):
            outcome = _bring_up_to_date(store, kept, query, config)
            if outcome is not None:
                break
            factstore.fill(store)  # facts the store has not made yet (or lost meanwhile)
        else:  # other processes keep changing notes: count what is there now, keep nothing
            fresh, _ = _bring_up_to_date(store, None, query, config, tolerate_missing=True)
            outcome = fresh, False
        fresh, changed = outcome
        if changed:
            with contextlib.suppress(OSError):  # a read-only notebook just counts again
                path.parent.mkdir(exist_ok=True)
                atomic_write(path, fresh.to_json().encode("utf-8"), durable=False)
        return fresh.result()


def _bring_up_to_date(
    store: NoteStore,
    kept: _Kept | None,
    query: StatsQuery,
    config: str,
    tolerate_missing: bool = False,
) -> Any:
    """``(kept sums up to date, whether they changed)``; None when a note lost its facts since
    :func:`factstore.fill` (another process changed it: fill again)."""
    db = store.db
    db.execute("BEGIN")  # one snapshot of the change list and the records (WAL)
    try:
        meta = dict(db.execute("SELECT k, v FROM meta WHERE k IN ('epoch', 'changes_floor')"))
        if not tolerate_missing and factstore.facts_missing(db):
            return None
        epoch, floor = meta.get("epoch", ""), int(meta.get("changes_floor") or 0)
        last = db.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
        usable = (
            kept is not None
            and (kept.query, kept.epoch, kept.config) == (query, epoch, config)
            and floor <= kept.seq <= last
        )
        if usable and kept is not None:
            if kept.seq == last:
                return kept, False
            if _apply_changes(store, kept) and not kept.sums.needs_recount:
                kept.seq = last
                return kept, True
        return _count_all(store, _Kept(query, epoch, config), last), True
    finally:
        db.execute("COMMIT")


def _count_all(store: NoteStore, fresh: _Kept, last: int) -> _Kept:
    """Every customer counted from nothing (inside the caller's read transaction)."""
    query_all = "SELECT path, record FROM facts WHERE kind = 'stats' ORDER BY path"
    for rel, record in store.db.execute(query_all):
        fresh.add(rel, json.loads(record), 1)
    fresh.seq = last
    return fresh


def _apply_changes(store: NoteStore, kept: _Kept) -> bool:
    """Take back each changed note's share as counted, add its share now; False when so many
    notes changed that counting again is cheaper."""
    db = store.db
    before: dict[str, str | None] = {}
    for rel, stats in db.execute(
        "SELECT path, stats FROM changes WHERE seq > ? ORDER BY seq", (kept.seq,)
    ):
        before.setdefault(rel, stats)  # the first change after the kept point: as counted
        if len(before) > RECOUNT_FROM:
            return False
    paths = sorted(before)
    now: dict[str, str] = {}
    for i in range(0, len(paths), 500):
        part = paths[i : i + 500]
        marks = ",".join("?" * len(part))
        sql = f"SELECT path, record FROM facts WHERE kind = 'stats' AND path IN ({marks})"
        now.update(db.execute(sql, part).fetchall())
    for rel in paths:
        old = before[rel]
        if old is not None:
            kept.add(rel, json.loads(old), -1)
        if rel in now:
            kept.add(rel, json.loads(now[rel]), 1)
    return True


def _config_digest(nb: Notebook) -> str:
    try:
        data = (nb.root / CONFIG_DIR / CONFIG_FILE).read_bytes()
    except FileNotFoundError:
        return ""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _query_key(query: StatsQuery) -> str:
    return json.dumps(astuple(query), default=str)


def _read(path: Path, query: StatsQuery) -> _Kept | None:
    try:
        return _Kept.from_json(path.read_text("utf-8"), query)
    except Exception:  # missing, damaged or of another shape: counted again, never fatal
        return None
