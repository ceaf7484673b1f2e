"""Per-file summaries cached on disk and refreshed by ``stat``, so that commands which look at
every customer (lookup by name, ``list``) stay fast at 10,000 notes.

:class:`FileCache` is generic: give it a name, a version and a function that summarises one
file's text. It keeps ``{path: (mtime_ns, size, summary)}`` in one shard per folder of notes,
``<private state>/cache/<name>/<folder>.msgpack`` (inside ``.git/custnote``, where no clone or pull
writes, and in msgpack, a data format that cannot run code; it decodes as fast as pickle or JSON
here and encodes faster: bench/bench_cache_formats.py), and re-reads only files whose size or
mtime changed, or whose mtime is too close to the shard's last write to be trusted (a file
changed twice within the same clock tick). A change rewrites only its folder's shard: a few
kilobytes, where one file for 10,000 notes meant 5 MB after every ``log``. A file that is not
UTF-8 is summarised as ``{"error": ...}``, like a note that cannot be parsed.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import msgpack

from custnote.adapters.fsio import atomic_write, read_bytes
from custnote.core.noteformat import read_front_matter
from custnote.core.phone import phone_keys
from custnote.core.textnorm import compact, fold
from custnote.errors import CustnoteError, NoteFormatError, UnsafePathError

RACY_NS = 2_000_000_000
_LOG_DATE = re.compile(r"^### (\d{4}-\d{2}-\d{2})", re.MULTILINE)

Summariser = Callable[[str, str], dict[str, Any]]


class FileCache:
    """Summaries of the files below a notebook root, see the module docstring."""

    def __init__(self, root: Path, cache_dir: Path, name: str, version: int, summarise: Summariser):
        self.root, self.folder = root, cache_dir / name
        self.version, self.summarise = version, summarise

    def summaries(self, rel_paths: Iterable[str]) -> dict[str, dict[str, Any]]:
        """``{relative path: summary}`` for the given files, refreshing what changed."""
        shards: dict[str, list[str]] = {}
        for rel in rel_paths:
            shards.setdefault(rel.rpartition("/")[0], []).append(rel)
        result: dict[str, dict[str, Any]] = {}
        with collector_paused():
            for folder, rels in shards.items():
                result.update(self._shard(folder, rels))
        return result

    def _shard(self, folder: str, rel_paths: list[str]) -> dict[str, dict[str, Any]]:
        path = self.folder / f"{folder.replace('/', '~') or '~'}.msgpack"
        cached, trusted_before = self._read(path)
        started_ns = time.time_ns()
        result: dict[str, dict[str, Any]] = {}
        fresh: dict[str, list[Any]] = {}
        changed = False
        root = str(self.root)  # string joins: pathlib's were a third of a warm run at 10,000 notes
        for rel in rel_paths:
            try:
                st = os.stat(f"{root}/{rel}")
            except FileNotFoundError:
                changed = True
                continue
            entry = cached.get(rel)
            same_stat = bool(entry) and entry[0] == st.st_mtime_ns and entry[1] == st.st_size
            if same_stat and entry[0] < trusted_before:
                summary = entry[2]
            else:
                # new, changed, or changed too close to the last write to trust its mtime: read
                # it. The shard is rewritten when that changed anything, or when rewriting now
                # makes the entry trusted (its mtime is old enough); a file changed within the
                # last moments is re-read each time until then, without rewriting the shard.
                summary = self._summarise_file(rel)
                changed = (
                    changed
                    or not same_stat
                    or summary != entry[2]
                    or st.st_mtime_ns < started_ns - RACY_NS
                )
            fresh[rel] = [st.st_mtime_ns, st.st_size, summary]
            result[rel] = summary
        if changed or len(fresh) != len(cached):
            payload = {"version": self.version, "written_ns": time.time_ns(), "files": fresh}
            data = msgpack.packb(payload)
            # a read-only notebook still works, just without the cache
            with contextlib.suppress(OSError):
                atomic_write(path, data, durable=False)
        return result

    def _read(self, path: Path) -> tuple[dict[str, list[Any]], int]:
        """A shard's entries, and the time before which a cached mtime can be trusted."""
        try:
            data = msgpack.unpackb(path.read_bytes())
        except Exception:  # missing, truncated or from another version: rebuilt, never fatal
            return {}, 0
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}, 0
        return data.get("files", {}), data.get("written_ns", 0) - RACY_NS

    def _summarise_file(self, rel: str) -> dict[str, Any]:
        """The file's summary; a file that is not UTF-8 is ``{"error": message naming it}``."""
        try:
            text = read_bytes(self.root / rel).decode("utf-8")  # a link is refused
        except UnicodeDecodeError as exc:
            return {"error": str(NoteFormatError(rel, f"not UTF-8 text (byte {exc.start})"))}
        except UnsafePathError as exc:
            return {"error": str(exc)}
        return self.summarise(rel, text)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside: reading a cache makes hundreds of thousands of objects
    that live until the command ends, and the collector would scan the growing heap again and
    again (2-3x slower at 10,000 notes). Nests; at the outermost end the objects made so far
    are frozen (left out of later collections; still freed when no longer referenced) and the
    collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def summarise_note(rel: str, text: str, region: str = "JP") -> dict[str, Any]:
    """What lookup and ``list`` need of one note: basics from the front-matter, log dates, and
    the folded forms :mod:`custnote.core.resolve` compares (computed once, not per lookup)."""
    try:
        fields = read_front_matter(text, rel)
    except CustnoteError as exc:
        return {"error": str(exc)}
    dates = _LOG_DATE.findall(text)
    keep = ("id", "name", "kana", "company", "owner", "status", "tags", "phones", "emails")
    summary: dict[str, Any] = {k: fields[k] for k in keep if fields.get(k) is not None}
    for key in ("tags", "phones", "emails"):
        if key in summary and not isinstance(summary[key], list):
            summary[key] = [summary[key]]
    summary = json.loads(json.dumps(summary, ensure_ascii=False, default=str))
    summary["match"] = match_keys(summary, region)
    summary["log_count"] = len(dates)
    summary["last_contact"] = max(dates) if dates else None
    return summary


def match_keys(summary: dict[str, Any], region: str) -> dict[str, Any]:
    """Folded name, reading, words and phone keys of a summary, for lookups."""
    name, kana = str(summary.get("name", "")), str(summary.get("kana", ""))
    return {
        "name": compact(name),
        "kana": compact(kana),
        "words": fold(name).split() + fold(kana).split(),
        "emails": [fold(str(e)) for e in summary.get("emails", [])],
        "phones": [
            list(vars(phone_keys(str(p), region)).values()) for p in summary.get("phones", [])
        ],
    }
