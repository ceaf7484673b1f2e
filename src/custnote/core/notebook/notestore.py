"""The note store: what commands need of every note, kept on disk and fresh from git.

``show yamada`` at 100,000 customers must not read 100,000 files, nor stat them. The store
(``<cache_dir>/notes.sqlite``, see :mod:`custnote.adapters.sqlite_store`; private, inside
``.git``, never in the work tree nor committed) holds one row per note of ``customers/`` and
``archive/``: its catalog summary (:func:`custnote.core.note.summary.summarise_note`), the keys a
lookup compares (id, file name, name and reading, their words, emails, phone numbers; indexed,
see :mod:`custnote.core.notebook.lookup`), and, filled in when ``agenda`` or ``stats`` first asks,
the per-note facts those commands use (:mod:`custnote.core.agenda.factstore`).

Freshness comes from git's own change detection, the way the search index's does
(docs/search.md): the store remembers the commit it reflects and the note files that differed
from it then. Before it answers, it asks for the current commit (read from ``.git``) and the
files that differ now (``git status``), and re-reads exactly: the files changed between the two
commits (``git diff``; any commit: a pull, a rebase, a reset, another process's write), the files
that differ now (hand edits, new and copied files, deletions; re-read every time while they
differ, so a second edit of the same size in the same clock tick is never missed), and the files
that differed last time (an edit undone by ``git checkout``). When the remembered commit no longer
exists (history rewritten and collected), or git cannot say, everything is re-read.
A re-read file whose content is unchanged (same digest) changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from custnote.adapters import gittuning, sqlite_store
from custnote.core.agenda import factstore
from custnote.core.note.phone import phone_keys
from custnote.core.note.summary import collector_paused, summarise_note
from custnote.core.note.textnorm import compact
from custnote.core.notebook import tabstamp
from custnote.core.notebook.note_files import in_parallel, read_note_file
from custnote.errors import GitError, NotebookLockedError, NoteFormatError, UnsafePathError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.agenda.window import Window
    from custnote.core.notebook.notebook import Notebook

#: bump when the rows or the keys change: the store is then rebuilt
STORE_VERSION = 3
TOPS = ("customers", "archive")

SCHEMA = (
    """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE notes (
    path TEXT PRIMARY KEY,
    top TEXT NOT NULL,
    digest TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    summary TEXT NOT NULL,
    error TEXT
) WITHOUT ROWID;
CREATE INDEX notes_order ON notes (top, sort_key, path);
CREATE TABLE keys (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (kind, key, path)
) WITHOUT ROWID;
CREATE INDEX keys_path ON keys (path);
"""
    + factstore.SCHEMA
)


def refuse_links(root: str, paths: Iterable[str]) -> None:
    """Raise :class:`UnsafePathError` for a path under ``customers/``/``archive/`` that is, or
    passes through, a symbolic link (a colleague can commit one; docs/security.md). git reports
    a linked bucket as a file and never looks inside it, so checking what git reports covers
    what arrives; a full read goes through :meth:`Notebook.note_paths`, which refuses them too."""
    for rel in paths:
        parts = rel.split("/")
        if parts[0] not in TOPS:
            continue
        for depth in range(1, min(len(parts), 3) + 1):
            if os.path.islink(f"{root}/{'/'.join(parts[:depth])}"):
                raise UnsafePathError("/".join(parts[:depth]))


def is_note_path(rel: str) -> bool:
    """``customers/<bucket>/<file>.md`` or ``archive/<bucket>/<file>.md``."""
    return rel.endswith(".md") and rel.count("/") == 2 and rel.split("/", 1)[0] in TOPS


def note_row(
    rel: str, data: bytes, region: str, front: dict[str, Any] | None = None
) -> tuple[tuple, list[tuple[str, str, str]]]:
    """The ``notes`` row and the ``keys`` rows of one file's content (``front``: its
    front-matter as the facts' reading loaded it, see :func:`summarise_note`)."""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        summary: dict[str, Any] = {
            "error": str(
                NoteFormatError(rel, _("not UTF-8 text (byte {start})").format(start=exc.start))
            )
        }
    else:
        summary = summarise_note(rel, text, region, front)
    match = summary.pop("match", None)
    error = summary.get("error")
    keys: list[tuple[str, str, str]] = []
    sort_key = ""
    if error is None and match is not None:
        sort_key = compact(str(summary.get("kana") or summary.get("name") or ""))
        wanted = {
            ("id", str(summary.get("id", "")).casefold()),
            ("stem", file_stem(rel)),
            ("name", match["name"]),
            *(("kana", k) for k in [match["kana"]] if k),
            *(("word", w) for w in match["words"]),
            *(("email", e) for e in match["emails"]),
            *_word_keys(summary),  # what Tab offers after --tag and --owner
        }
        for e164, digits in match["phones"]:
            if e164:
                wanted.add(("e164", e164))
            if digits:
                wanted.add(("rdigits", digits[::-1]))
        keys = [(kind, key, rel) for kind, key in wanted]
    row = (
        rel,
        rel.split("/", 1)[0],
        digest,
        sort_key,
        json.dumps(summary, ensure_ascii=False, separators=(",", ":")),
        error,
    )
    return row, keys


def _word_keys(summary: dict[str, Any]) -> set[tuple[str, str]]:
    """``("tag", t)`` for each tag, ``("owner", o)``: as written, for Tab (notebook/tabstore.py)."""
    found = set()
    for field, kind in (("tags", "tag"), ("owner", "owner")):
        value = summary.get(field)
        found |= {(kind, str(v)) for v in (value if isinstance(value, list) else [value]) if v}
    return found


def file_stem(path: str) -> str:
    name = path.rpartition("/")[2]
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and suffix else name


def _rows_of(root: str, rels: list[str], region: str) -> list[tuple[str, Any]]:
    """``(rel, (row, keys, facts records or None) or None when gone)`` for each file, from one
    reading of it (runs in worker processes); facts are kept for customers, not the archive."""
    out: list[tuple[str, Any]] = []
    with collector_paused():
        for rel in rels:
            data = read_note_file(root, rel)
            if data is None:
                out.append((rel, None))
                continue
            facts, front = None, []  # customers: one YAML load for the facts and the row
            if rel.startswith(TOPS[0] + "/"):
                facts = factstore.records_of(rel, data, front)
            row = note_row(rel, data, region, front[0] if front else None)
            out.append((rel, (*row, facts)))
    return out


def _read_rows(chunk: list[str], root: str, region: str) -> list[tuple[str, Any]]:
    return _rows_of(root, chunk, region)


class NoteStore:
    """The store of one notebook, brought up to date by :meth:`fresh` (see the module)."""

    def __init__(self, nb: Notebook, db: sqlite3.Connection):
        self.nb, self.db = nb, db
        self.root = str(nb.root)
        self.region = nb.config.phone_region
        self._diffs: dict[tuple[str, str], set[str] | None] = {}

    # ------------------------------------------------------------------ opening and freshness

    @classmethod
    def open(cls, nb: Notebook) -> NoteStore:
        """The notebook's store, up to date with its files; kept in memory for this command
        when its file cannot be opened or written (read-only folder, full disk)."""
        # git's fsmonitor, once it said "trust nothing": git's index is refreshed and written to
        # keep its token again (docs/scale.md), unless a custnote write is under way
        if gittuning.fsmonitor_needs_refresh(nb.git, nb.config.fsmonitor):
            with contextlib.suppress(NotebookLockedError), nb.locked(timeout=0):
                gittuning.refresh_index(nb.git)
        head = nb.git.head_commit()  # before the status: a commit in between is noticed later
        seen = tabstamp.begin(str(nb.root), head)  # for a Tab: notebook/tabstamp.py
        try:
            # the whole work tree, not "-- customers archive": git's untracked cache is not used
            # with a pathspec (docs/scale.md); the notes are picked out below
            waiting = nb.git.start_dirty_paths()  # git works while the store is opened
        except GitError:  # git is not installed: read everything, every time
            waiting = lambda: None  # noqa: E731
        try:
            path = nb.reader_cache_dir / "notes.sqlite"  # per key set: facts hold revealed values
            db = sqlite_store.open_store(path, STORE_VERSION, SCHEMA)
        except sqlite_store.StoreUnavailable:  # a read-only notebook: kept in memory instead
            db = sqlite_store.open_store(None, STORE_VERSION, SCHEMA)
        store = cls(nb, db)
        items = waiting()
        if items is not None:
            refuse_links(str(nb.root), [p for _, p in items])
        dirty = None if items is None else sorted({p for _, p in items if is_note_path(p)})
        stamp = None if dirty is None else tabstamp.finish(store.root, seen, dirty)
        try:
            store.sync(head, dirty)
            tabstamp.record(store.db, stamp)
        except sqlite3.OperationalError:  # cannot write it (full disk, read-only file)
            store.close()
            store = cls(nb, sqlite_store.open_store(None, STORE_VERSION, SCHEMA))
            store.sync(head, dirty)
        return store

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, **values: str | None) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", list(values.items())
        )

    @property
    def generation(self) -> str:
        """Changes whenever any row changes (a key for results computed from every note)."""
        return self.meta("generation") or ""

    def sync(self, head: str | None, dirty: list[str] | None) -> None:
        """Re-read what changed since the store was last brought up to date (module docstring)."""
        settings = json.dumps([STORE_VERSION, factstore.FACTS_VERSION, self.region])
        if self._plan(head, dirty, settings) == set():
            return  # nothing to do: no write transaction at all
        with sqlite_store.transaction(self.db):
            plan = self._plan(head, dirty, settings)  # again: another process may have done it
            if plan == set():
                return
            if plan is None:
                self.db.execute("DELETE FROM notes")
                self.db.execute("DELETE FROM keys")
                factstore.forget_all(self.db)
                paths = self.nb.note_paths() + self.nb.note_paths(archived=True)
                if dirty is not None:  # git works: a clone custnote did not create is tuned too
                    gittuning.tune(self.nb.git)
            else:
                paths = sorted(plan)
            changed = self._refresh(paths, full=plan is None)
            stored_dirty = None if dirty is None else json.dumps(dirty)
            self._set_meta(commit=head if dirty is not None else None, dirty=stored_dirty)
            self._set_meta(settings=settings)
            if changed:
                self._set_meta(generation=uuid.uuid4().hex)
                factstore.trim_changes(self.db)

    def _plan(self, head: str | None, dirty: list[str] | None, settings: str) -> set[str] | None:
        """The files to re-read; None: all of them."""
        stored = self.meta("commit")
        if dirty is None or stored is None or self.meta("settings") != settings:
            return None
        plan = set(dirty) | set(json.loads(self.meta("dirty") or "[]"))
        if stored != (head or ""):
            between = self._changed_between(stored, head)
            if between is None:
                return None
            plan |= between
        return plan

    def _changed_between(self, old: str, new: str | None) -> set[str] | None:
        if not old or not new:
            return None  # from or to "no commit yet": read everything
        if (old, new) not in self._diffs:
            self._diffs[old, new] = self._diff(old, new)
        return self._diffs[old, new]

    def _diff(self, old: str, new: str) -> set[str] | None:
        proc = self.nb.git.run(
            "diff", "--name-only", "--no-renames", "-z", old, new, "--", *TOPS, check=False
        )
        if proc.returncode != 0:
            return None  # the commit is gone (history rewritten): read everything
        names = [p for p in proc.stdout.split("\0") if p]
        refuse_links(self.root, names)
        return {p for p in names if is_note_path(p)}

    def _refresh(self, paths: list[str], full: bool) -> bool:
        """Re-read ``paths`` into the store; whether anything changed."""
        known = {} if full else self._digests(paths)
        changed = full
        for rel, result in in_parallel(_read_rows, paths, self.root, self.region):
            if result is None:
                if rel in known:
                    self.db.execute("DELETE FROM notes WHERE path = ?", (rel,))
                    self.db.execute("DELETE FROM keys WHERE path = ?", (rel,))
                    factstore.forget(self.db, rel)
                    changed = True
                continue
            row, keys, facts = result
            if known.get(rel) == row[2]:
                continue  # same content
            if rel in known:
                self.db.execute("DELETE FROM keys WHERE path = ?", (rel,))
            if not full:  # a new or changed note (kept statistics learn of both)
                factstore.forget(self.db, rel)
            self.db.execute(
                "INSERT OR REPLACE INTO notes (path, top, digest, sort_key, summary, error)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            self.db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?)", keys)
            if facts is not None:
                factstore.keep(self.db, rel, facts)
            changed = True
        return changed

    def _digests(self, paths: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for i in range(0, len(paths), 500):
            part = paths[i : i + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT path, digest FROM notes WHERE path IN ({marks})"
            found.update(self.db.execute(query, part).fetchall())
        return found

    # ------------------------------------------------------------------ reading

    def summaries(self, archived: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(path, summary)`` of every note, in reading order (as ``list`` shows them)."""
        top = TOPS[1] if archived else TOPS[0]
        query = "SELECT path, summary FROM notes WHERE top = ? ORDER BY sort_key, path"
        for rel, summary in self.db.execute(query, (top,)):
            yield rel, json.loads(summary)

    def summary(self, rel: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT summary FROM notes WHERE path = ?", (rel,)).fetchone()
        return json.loads(row[0]) if row else None

    def ids(self) -> set[str]:
        """Every id in use, archived customers' included."""
        query = "SELECT json_extract(summary, '$.id') FROM notes WHERE error IS NULL"
        return {str(i) for (i,) in self.db.execute(query)}

    def facts(
        self, kind: str, window: Window | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Per-note facts for ``agenda`` or ``stats``
        (:func:`custnote.core.agenda.factstore.records`)."""
        return factstore.records(self, kind, window)

    def paths_with_key(self, kind: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        query = f"SELECT path FROM keys WHERE kind = ? AND key IN ({marks})"
        return {p for (p,) in self.db.execute(query, [kind, *keys])}

    def paths_with_prefix(self, kind: str, prefix: str) -> set[str]:
        """Paths with a ``kind`` key starting with ``prefix`` (an index range, not a scan)."""
        if not prefix:
            return set()
        query = "SELECT path FROM keys WHERE kind = ? AND key >= ? AND key < ?"
        return {p for (p,) in self.db.execute(query, (kind, prefix, prefix + "\U0010ffff"))}

    def errors(self, limit: int = 2) -> tuple[list[str], int]:
        """Up to ``limit`` messages of notes that cannot be read, and how many there are."""
        count = self.db.execute("SELECT count(*) FROM notes WHERE error IS NOT NULL").fetchone()[0]
        query = "SELECT error FROM notes WHERE error IS NOT NULL ORDER BY path LIMIT ?"
        return [e for (e,) in self.db.execute(query, (limit,))], count

    def close(self) -> None:
        self.db.close()


def phone_candidates(store: NoteStore, number: str, region: str) -> set[str]:
    """Paths whose stored numbers may be ``number``: same E.164 form, or one's digits ending
    the other's (:func:`custnote.core.note.phone.same_number` then decides)."""
    key = phone_keys(number, region)
    found = store.paths_with_key("e164", [key.e164] if key.e164 else [])
    if len(key.digits) >= 5:
        reverse = key.digits[::-1]
        found |= store.paths_with_prefix("rdigits", reverse)  # stored ends with the query
        found |= store.paths_with_key(  # the query ends with the stored number
            "rdigits", [reverse[:n] for n in range(5, len(reverse) + 1)]
        )
    return found
