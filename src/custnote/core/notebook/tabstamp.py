"""A cheap stamp of the state the note store reflects, so that a Tab can trust the store as it is.

Bringing the note store up to date (:mod:`.notestore`) costs one ``git status``: 20-30 ms at
10,000 notes, 0.2-0.5 s at 100,000, too much for shell completion, which must answer in well
under 100 ms. So each command that brings the store up to date also records, beside it, a stamp
of what it saw (:func:`begin` before its ``git status``, :func:`finish` after), and a Tab
(:mod:`.tabstore`) answers from the store only while the same stamp still holds:

- the commit ``HEAD`` names (a commit, pull, merge, rebase, reset, checkout; any custnote write);
- ``.git/index`` (inode, times, size: ``git add``, a stash, anything that rewrote the index);
- the folders ``customers/``, ``archive/`` and each bucket folder under them (a note created,
  deleted or renamed, including an editor that saves by writing a new file and renaming it);
- each note that differed from the commit (a hand edit not committed yet), and the notebook's
  settings file (the phone region changes the store's keys; the log kinds are offered).

Otherwise the Tab brings the store up to date the full way (which records a new stamp).
Known gap, by design: a note that was clean and is rewritten *in place* (same inode, same
folder) by an editor, with no git or custnote command run since, is seen at the next custnote
command, not at the next Tab: noticing it means a ``stat`` of every note, which is what
``git status`` costs.

Racy stamps, as git's index has them (:mod:`.stamps`, the one rule): a folder or file changed
within :data:`.stamps.RACY_NS` of the moment the stamp was taken could change again with the same
times, so such a stamp is not recorded (a later command records one).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from typing import Any

from custnote.core.notebook import stamps

#: the key of the stamp in the store's ``meta`` table
META_KEY = "tabstamp"
TOPS = ("customers", "archive")
SETTINGS = ".custnote/config.yaml"
Stat = list[int] | None
Stamp = dict[str, Any]


def _stat(path: str) -> Stat:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size]


def _folders(root: str) -> dict[str, Stat]:
    found: dict[str, Stat] = {}
    for top in TOPS:
        found[top] = _stat(os.path.join(root, top))
        try:
            with os.scandir(os.path.join(root, top)) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False) or entry.is_symlink():
                        found[f"{top}/{entry.name}"] = _stat(entry.path)
        except OSError:
            continue
    return found


def begin(root: str, head: str | None) -> Stamp:
    """What a command sees before it asks git what changed (take it before ``git status``), with
    ``head`` the commit it read just before."""
    taken = time.time_ns()
    return {
        "taken": taken,
        "head": head,
        "folders": _folders(root),
        "settings": _stat(os.path.join(root, SETTINGS)),
    }


def finish(root: str, seen: Stamp, dirty: list[str]) -> Stamp | None:
    """The stamp of a store just brought up to date from ``seen`` with ``dirty`` the notes that
    differ from the commit (call it before the store re-reads them); None when racy."""
    taken = time.time_ns()
    files = {rel: _stat(os.path.join(root, rel)) for rel in dirty}
    if _racy(seen["taken"], [*seen["folders"].values(), seen["settings"]]):
        return None
    if _racy(taken, files.values()):
        return None
    index = _stat(os.path.join(root, ".git", "index"))  # after the status, which may write it
    return {**{k: seen[k] for k in ("head", "folders", "settings")}, "index": index, "files": files}


def current(root: str, stamp: Stamp, head: str | None) -> Stamp:
    """The stamp as it is now (``head``: the commit read from ``.git`` now), for the notes
    ``stamp`` lists (its ``files``)."""
    return {
        "head": head,
        "index": _stat(os.path.join(root, ".git", "index")),
        "folders": _folders(root),
        "settings": _stat(os.path.join(root, SETTINGS)),
        "files": {rel: _stat(os.path.join(root, rel)) for rel in stamp.get("files", {})},
    }


def holds(root: str, stamp: Stamp, head: str | None) -> bool:
    """Whether nothing the stamp covers changed since it was recorded (``head``: the commit
    read from ``.git`` now)."""
    return json.loads(json.dumps(current(root, stamp, head))) == stamp


def _racy(taken: int, stats: Any) -> bool:
    """Changed (mtime, or ctime, which no tool sets back) too close to ``taken`` to be told
    apart from a later change (:func:`custnote.core.notebook.stamps.is_racy`)."""
    return any(stamps.is_racy(max(s[1], s[2]), taken) for s in stats if s is not None)


def record(db: sqlite3.Connection, stamp: Stamp | None) -> None:
    """Keep ``stamp`` in the store (None: forget the one there). Never waits for another
    process's write: a stamp not recorded only means the next Tab takes the full way."""
    text = None if stamp is None else json.dumps(stamp, sort_keys=True)
    try:
        row = db.execute("SELECT v FROM meta WHERE k = ?", (META_KEY,)).fetchone()
        if (row[0] if row else None) == text:
            return
        (wait,) = db.execute("PRAGMA busy_timeout").fetchone()
        db.execute("PRAGMA busy_timeout = 0")
        try:
            if text is None:
                db.execute("DELETE FROM meta WHERE k = ?", (META_KEY,))
            else:
                db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (META_KEY, text))
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(wait)}")
    except sqlite3.Error:
        pass
