"""What changed since the index was written: the git commit it reflects, and the few files
that differed from that commit then (docs/search.md, "Freshness")."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from custnote.adapters.whoosh_index.schema import SCHEMA_VERSION
from custnote.core.notebook.stamps import is_racy  # racy files: re-checked by hash
from custnote.core.search.results import DocSource


@dataclass
class IndexState:
    """What the index was built from: the git commit, and the files that differed from it.

    Files that matched ``head`` need no record: while ``git status`` says a file still matches
    the current commit, and that commit is ``head`` (or the diff between the two leaves the file
    out), its indexed content is its content. Only the ``dirty`` files (edited by hand, new,
    uncommitted) are compared by ``[mtime_ns, size]``, and by hash while ``racy``. Without git,
    every file counts as dirty, which makes ``dirty`` a manifest of the whole notebook.
    """

    version: int = SCHEMA_VERSION
    #: the phone region the numbers were indexed with (another region means a rebuild)
    region: str = ""
    head: str | None = None
    dirty: dict[str, tuple[int, int]] = field(default_factory=dict)
    racy: dict[str, str] = field(default_factory=dict)
    #: the segments the full build wrote (updates merge only the others, see .segments)
    built: list[str] = field(default_factory=list)


@dataclass
class Changes:
    """What a refresh must do, and the state to save once it is done."""

    changed: list[str]
    deleted: list[str]
    #: the state after the refresh (saved even when no document changes: new commit, racy files)
    state: IndexState
    state_only: bool = False

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.deleted)

    @property
    def any(self) -> bool:
        return bool(self.changed or self.deleted or self.state_only)


def scan_markdown(
    root: Path, folders: Iterable[str] = ("customers",)
) -> dict[str, tuple[int, int]]:
    """``{relative posix path: (mtime_ns, size)}`` of every ``<folder>/<bucket>/*.md``.

    Searches run it only without git; it stats relative to an open directory (``dir_fd``),
    which is about a third faster than building each full path.
    """
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        try:
            path = os.path.join(root, folder)
            top = [] if os.path.islink(path) else os.scandir(path)  # never through a link
            buckets = [e.name for e in top if e.is_dir(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            continue
        for bucket in buckets:
            fd = os.open(os.path.join(root, folder, bucket), os.O_RDONLY)
            try:
                for name in os.listdir(fd):
                    if name.endswith(".md"):
                        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                        if stat.S_ISLNK(st.st_mode):
                            continue
                        found[f"{folder}/{bucket}/{name}"] = (st.st_mtime_ns, st.st_size)
            finally:
                os.close(fd)
    return found


def stat_files(root: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``(mtime_ns, size)`` of those of ``paths`` that exist."""
    found = {}
    for path in paths:
        try:
            st = os.stat(root / path)
        except OSError:
            continue
        found[path] = (st.st_mtime_ns, st.st_size)
    return found


def sha1(path: Path) -> str:
    try:
        import hashlib  # only for racy files; its OpenSSL start-up is a few ms

        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def changes(source: DocSource, state: IndexState) -> Changes | None:
    """What differs between the files and the index (None: only a rebuild can tell).

    With git this takes ``git status`` and, when the commit moved, one ``git diff``, and stats
    only the files those name. A file that was clean when indexed changed if it is dirty now or
    the commit changed it; a file that was dirty changed if its size or mtime did (or, while
    racy, its hash). Without git every file is dirty: the stat scan compares them all.
    """
    head, dirty = source.worktree()
    if head is None or dirty is None:
        head, now_dirty = None, source.scan()
        dirty = set(now_dirty)
    else:
        now_dirty = stat_files(source.root, dirty)
    suspects = dirty | state.dirty.keys()
    if head != state.head:
        moved = source.changed_between(state.head, head) if state.head and head else None
        if moved is None:
            return None  # the old commit is gone, or git came or went: only a rebuild can tell
        suspects |= moved
    new = IndexState(state.version, state.region, head, now_dirty, built=state.built)
    changed, deleted = [], []
    for path in sorted(suspects):
        current = now_dirty.get(path) or stat_files(source.root, [path]).get(path)
        if current is None:
            deleted.append(path)
        elif current != state.dirty.get(path):
            changed.append(path)
        elif path in state.racy:
            if sha1(source.root / path) != state.racy[path]:
                changed.append(path)
            elif path in now_dirty and is_racy(current[0]):
                new.racy[path] = state.racy[path]  # unchanged, and still racy
    state_only = (new.head, new.dirty, new.racy) != (state.head, state.dirty, state.racy)
    return Changes(changed, deleted, new, state_only)
