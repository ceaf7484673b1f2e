"""Results computed from every note, kept until a note (or the settings) changes.

``stats`` aggregates 100,000 log entries; run again on an unchanged notebook it should not redo
that. :class:`NotesMemo` keys results by the note store's generation, which changes whenever any
note changes as git sees it (:mod:`custnote.core.notebook.notestore`), and the settings file's
digest, and keeps the last few in ``<reader cache dir>/<name>.json``, in the private state
(``.git/custnote``) where no clone or pull can write. Results are kept as JSON (the caller
says how: ``encode``/``decode``), never as pickles: reading a cache never runs code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from custnote.adapters.fsio import atomic_write
from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

T = TypeVar("T")


class NotesMemo:
    """Up to ``keep`` results, each valid for one state of the notebook's notes."""

    def __init__(
        self,
        nb: Notebook,
        name: str,
        version: int,
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
        keep: int = 8,
    ):
        self.nb, self.path = nb, nb.reader_cache_dir / f"{name}.json"
        self.version, self.keep = version, keep
        self.encode, self.decode = encode, decode

    def state(self) -> str | None:
        """The note store's generation (:mod:`custnote.core.notebook.notestore`: it changes
        whenever a note does, as git sees it) and a digest of the settings file."""
        settings = self.nb.root / CONFIG_DIR / CONFIG_FILE
        try:
            config = hashlib.blake2b(settings.read_bytes(), digest_size=16).hexdigest()
        except FileNotFoundError:
            config = ""
        return f"{self.nb.store().generation}:{config}"

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        """The result kept for ``key`` in the notes' current state, else ``compute()``."""
        state = self.state()
        kept = self._read() if state is not None else {}
        results = dict(kept.get("results", [])) if kept.get("state") == state else {}
        if key in results:
            with contextlib.suppress(Exception):  # a record of another shape: computed again
                return self.decode(results[key])
        result = compute()
        if state is not None:
            results.pop(key, None)
            results = dict(list(results.items())[-(self.keep - 1) :]) if self.keep > 1 else {}
            results[key] = self.encode(result)
            payload = {"version": self.version, "state": state, "results": list(results.items())}
            with contextlib.suppress(OSError, TypeError, ValueError):  # read-only: recomputed
                atomic_write(self.path, json.dumps(payload, ensure_ascii=False), durable=False)
        return result

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):  # missing or damaged: recomputed, never fatal
            return {}
        return data if isinstance(data, dict) and data.get("version") == self.version else {}
