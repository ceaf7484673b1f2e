"""Results computed from every note, kept until a note (or the settings) changes.

``stats`` aggregates 100,000 log entries; run again on an unchanged notebook it should not redo
that. :class:`NotesMemo` keys results by the note store's generation, which changes whenever any
note changes as git sees it (:mod:`custnote.core.notebook.notestore`), and the settings file's
digest, and keeps the last few in ``<reader cache dir>/<name>.pickle``, in the private state
(``.git/custnote``) where no clone or pull can write.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from custnote.adapters.fsio import atomic_write
from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

T = TypeVar("T")


class NotesMemo:
    """Up to ``keep`` results, each valid for one state of the notebook's notes."""

    def __init__(self, nb: Notebook, name: str, version: int, keep: int = 8):
        self.nb, self.path = nb, nb.reader_cache_dir / f"{name}.pickle"
        self.version, self.keep = version, keep

    def state(self) -> str | None:
        """The note store's generation (:mod:`custnote.core.notebook.notestore`: it changes
        whenever a note does, as git sees it) and a digest of the settings file."""
        settings = self.nb.root / CONFIG_DIR / CONFIG_FILE
        try:
            config = hashlib.blake2b(settings.read_bytes(), digest_size=16).hexdigest()
        except FileNotFoundError:
            config = ""
        return f"{self.nb.store().generation}:{config}"

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
