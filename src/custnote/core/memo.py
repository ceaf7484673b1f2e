"""Results computed from every note, kept until a note (or the settings) changes.

``stats`` aggregates 100,000 log entries; run again on an unchanged notebook it should not redo
that. :class:`NotesMemo` keys results by a fingerprint of every note's path, size and mtime (one
stat each, as the per-file caches do) and keeps the last few in ``<cache_dir>/<name>.pickle``, in
the private state (``.git/custnote``) where no clone or pull can write: results are ``Stats``
objects, which pickle keeps as they are (bench/bench_cache_formats.py measured the alternatives).
While any note was changed within the last two seconds the fingerprint is not trusted (a second
change in the same clock tick could hide behind an equal mtime) and nothing is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from custnote.adapters.fsio import atomic_write
from custnote.core.catalog import RACY_NS
from custnote.core.config import CONFIG_DIR, CONFIG_FILE

if TYPE_CHECKING:
    from custnote.core.notebook import Notebook

T = TypeVar("T")


class NotesMemo:
    """Up to ``keep`` results, each valid for one state of the notebook's notes."""

    def __init__(self, nb: Notebook, name: str, version: int, keep: int = 8):
        self.nb, self.path = nb, nb.reader_cache_dir / f"{name}.pickle"
        self.version, self.keep = version, keep

    def state(self) -> str | None:
        """A fingerprint of every note and the settings; None while one changed just now."""
        root = str(self.nb.root)
        recent = time.time_ns() - RACY_NS
        digest = hashlib.blake2b(digest_size=16)
        for rel in [f"{CONFIG_DIR}/{CONFIG_FILE}", *self.nb.note_paths()]:
            try:
                st = os.stat(f"{root}/{rel}")
            except FileNotFoundError:
                continue
            if st.st_mtime_ns >= recent:
                return None
            digest.update(f"{rel}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
        return digest.hexdigest()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept for ``key`` in the notes' current state, else ``compute()``."""
        state = self.state()
        kept = self._read() if state is not None else {}
        results = kept.get("results", {}) if kept.get("state") == state else {}
        if key in results:
            return results[key]
        result = compute()
        if state is not None:
            results = dict(list(results.items())[-(self.keep - 1) :]) if self.keep > 1 else {}
            results[key] = result
            payload = {"version": self.version, "state": state, "results": results}
            with contextlib.suppress(OSError):  # a read-only notebook just recomputes
                atomic_write(self.path, pickle.dumps(payload), durable=False)
        return result

    def _read(self) -> dict[str, Any]:
        try:
            data = pickle.loads(self.path.read_bytes())
        except Exception:  # missing or damaged: recomputed, never fatal
            return {}
        return data if isinstance(data, dict) and data.get("version") == self.version else {}
