"""The note store as a Tab of shell completion reads it: as it is, read-only, without waiting.

A Tab must answer in well under 100 ms, at 100,000 customers too, and must never get in anyone's
way. So this module imports only :mod:`sqlite3`, :mod:`json` and :mod:`os` (plus
:mod:`.tabstamp`), finds the notebook and its store without importing :mod:`.notebook`, opens
the store read-only with a short busy timeout, and answers only while the stamp recorded beside
it still holds (:func:`.tabstamp.holds`).
:func:`open_fresh` returns None whenever it cannot be sure (no stamp, a notebook with restricted
fields, a linked worktree, another store version, the user's settings naming the default
notebook): the caller then opens the notebook the full way, which brings the store up to date.

:class:`TabStore` is also what the full way reads candidates through (around the connection of
a :class:`~custnote.core.notebook.notestore.NoteStore`), so both ways give the same answers.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from custnote.core.notebook import tabstamp

#: the version of the note store's tables this reader knows (a test checks it against
#: :data:`custnote.core.notebook.notestore.STORE_VERSION`)
STORE_VERSION = 3
CONFIG = ".custnote/config.yaml"
#: notebooks with restricted fields keep their caches per set of keys (core/privacy/caches.py)
RECIPIENTS = ".custnote/recipients.yaml"
#: how long a Tab waits for SQLite (a reader in WAL mode does not wait for writers)
BUSY_SECONDS = 0.1
_LAST = "\U0010ffff"


class TabStore:
    """Read-only queries on the note store's tables (see :mod:`.notestore`)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def summaries_of(self, paths: Iterable[str], top: str) -> dict[str, dict[str, Any]]:
        """``{path: summary}`` of those of ``paths`` under ``top``, sorted by path."""
        wanted = sorted(p for p in paths if p.startswith(f"{top}/"))
        found: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            query = f"SELECT path, summary FROM notes WHERE path IN ({','.join('?' * len(part))})"
            found.update(self.db.execute(query, part).fetchall())
        return {p: json.loads(found[p]) for p in wanted if p in found}

    def paths_with_prefix(self, kind: str, prefix: str, limit: int = -1) -> set[str]:
        """Paths with a ``kind`` key starting with ``prefix`` (an index range, not a scan): the
        first ``limit`` in key order (all when negative)."""
        query = "SELECT path FROM keys WHERE kind = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?"
        return {p for (p,) in self.db.execute(query, (kind, prefix, prefix + _LAST, limit))}

    def first_paths(self, top: str, limit: int) -> list[str]:
        """The first ``limit`` notes under ``top`` by file name (what an empty Tab offers)."""
        query = (
            "SELECT path FROM keys WHERE kind = 'stem' AND path >= ? AND path < ?"
            " ORDER BY key LIMIT ?"
        )
        return [p for (p,) in self.db.execute(query, (f"{top}/", f"{top}/{_LAST}", limit))]

    def words(self, kind: str) -> list[str]:
        """The distinct ``tag`` or ``owner`` keys of current customers, in order: one index
        look-up per distinct value (a skip-scan), not a pass over every note."""
        query = """
            WITH RECURSIVE w(k) AS (
                SELECT (SELECT min(key) FROM keys WHERE kind = ?1)
                UNION ALL
                SELECT (SELECT min(key) FROM keys WHERE kind = ?1 AND key > w.k)
                FROM w WHERE w.k IS NOT NULL
            )
            SELECT k FROM w WHERE k IS NOT NULL AND EXISTS (
                SELECT 1 FROM keys WHERE kind = ?1 AND key = w.k
                AND path >= 'customers/' AND path < 'customers0'
            )"""
        return [k for (k,) in self.db.execute(query, (kind,))]


# ------------------------------------------------------------------ finding it without the notebook


def _is_notebook(path: str) -> bool:
    return os.path.isfile(os.path.join(path, CONFIG))


def _default_notebook() -> str | None:
    """The default notebook as :func:`.notebook.default_notebook_path` finds it,
    for Linux (the XDG folders platformdirs uses there) when the user's settings do not name
    one; None elsewhere (the full way knows)."""
    if not sys.platform.startswith("linux"):
        return None
    config = os.environ.get("CUSTNOTE_CONFIG") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config"),
        "custnote",
        "config.yaml",
    )
    if os.path.exists(config):
        return None  # it may name the default notebook: YAML, the full way reads it
    data = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
    return os.path.join(data, "custnote", "notebook")


def locate(explicit: str | None, cwd: str | None = None) -> str | None:
    """The root of the notebook a command would use (as :func:`.notebook.find_root` chooses
    it), or None when there is none or only the full way can tell."""
    chosen = explicit or os.environ.get("CUSTNOTE_NOTEBOOK")
    if chosen:
        path = os.path.realpath(os.path.expanduser(chosen))
        return path if _is_notebook(path) else None
    here = os.path.realpath(cwd or os.getcwd())
    while True:
        if _is_notebook(here):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    default = _default_notebook()
    return default if default and _is_notebook(default) else None


def open_fresh(root: str, head: str | None) -> TabStore | None:
    """The store of the notebook at ``root``, read-only, when its stamp still holds (``head``:
    the commit ``.git`` names now, :func:`custnote.adapters.githead.head_commit`)."""
    git = os.path.join(root, ".git")
    if os.path.islink(git) or not os.path.isdir(git) or os.path.exists(f"{root}/{RECIPIENTS}"):
        return None  # the store lives elsewhere: the full way finds it
    path = os.path.join(git, "custnote", "cache", "notes.sqlite")
    if not os.path.isfile(path):
        return None
    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        db.execute("BEGIN")  # one snapshot: the stamp and the rows read together
        if db.execute("PRAGMA user_version").fetchone()[0] != STORE_VERSION:
            raise LookupError("another version of the store")
        row = db.execute("SELECT v FROM meta WHERE k = ?", (tabstamp.META_KEY,)).fetchone()
        if row is None or not tabstamp.holds(root, json.loads(row[0]), head):
            raise LookupError("the store may be out of date")
    except (LookupError, sqlite3.Error, ValueError):
        db.close()
        return None
    return TabStore(db)


def log_kinds(root: str) -> list[str] | None:
    """The notebook's log kinds from the settings kept as JSON beside the store
    (:func:`.config._read_settings`) while ``config.yaml`` is unchanged; None when that copy
    is missing or out of date."""
    try:
        st = os.stat(os.path.join(root, CONFIG))
        with open(os.path.join(root, ".git", "custnote", "cache", "config.json"), "rb") as f:
            saved: Mapping[str, Any] = json.load(f)
        if saved["stamp"] != [st.st_mtime_ns, st.st_size]:
            return None
        kinds = saved["settings"]["log_kinds"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [str(k) for k in kinds] if isinstance(kinds, list) else None
