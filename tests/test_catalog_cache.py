"""The per-file cache behind lookups, list, agenda and stats (custnote.core.catalog.FileCache)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from custnote.core import catalog
from custnote.core.catalog import FileCache


class Counting:
    """A summariser that records which files it had to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, rel: str, text: str) -> dict:
        self.read.append(rel)
        return {"text": text}


def make(root: Path, files: dict[str, str]) -> list[str]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return sorted(files)


def two_old_notes(root: Path) -> tuple[list[str], Counting, FileCache]:
    """Two notes in two folders, written a minute ago (outside the racy window)."""
    rels = make(root, {"customers/ya/a.md": "A", "customers/su/b.md": "B"})
    old = time.time() - 60
    for rel in rels:
        os.utime(root / rel, (old, old))
    counting = Counting()
    return rels, counting, FileCache(root, root / "cache", "t", 1, counting)


def test_unchanged_files_are_not_read_again_once_trusted(tmp_path: Path) -> None:
    rels, counting, cache = two_old_notes(tmp_path)

    assert cache.summaries(rels) == {
        "customers/su/b.md": {"text": "B"},
        "customers/ya/a.md": {"text": "A"},
    }
    assert sorted(counting.read) == rels
    counting.read.clear()
    assert cache.summaries(rels)["customers/ya/a.md"] == {"text": "A"}
    assert counting.read == []
    assert sorted(p.name for p in (tmp_path / "cache" / "t").iterdir()) == [
        "customers~su.msgpack",
        "customers~ya.msgpack",
    ]


def test_a_change_is_noticed_and_rewrites_only_its_folder(tmp_path: Path) -> None:
    rels, counting, cache = two_old_notes(tmp_path)
    cache.summaries(rels)
    other_shard = tmp_path / "cache" / "t" / "customers~su.msgpack"
    before = other_shard.stat().st_mtime_ns
    counting.read.clear()

    (tmp_path / "customers/ya/a.md").write_text("A2", encoding="utf-8")
    assert cache.summaries(rels)["customers/ya/a.md"] == {"text": "A2"}
    assert counting.read == ["customers/ya/a.md"]
    assert other_shard.stat().st_mtime_ns == before


def test_a_file_written_just_before_the_cache_is_trusted_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files changed within the racy window are re-read (their mtime may hide a second change),
    but once they are old enough one rewrite makes them trusted: they are not read forever."""
    rels = make(tmp_path, {"customers/ya/a.md": "A"})
    counting = Counting()
    cache = FileCache(tmp_path, tmp_path / "cache", "t", 1, counting)
    cache.summaries(rels)
    cache.summaries(rels)
    assert counting.read == rels * 2  # still within the racy window: read each time

    real_time_ns = time.time_ns
    monkeypatch.setattr(catalog.time, "time_ns", lambda: real_time_ns() + 10_000_000_000)
    cache.summaries(rels)  # old enough now: read once more, and the shard is rewritten
    cache.summaries(rels)
    assert counting.read == rels * 3


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    rels = make(tmp_path, {"customers/ya/a.md": "A"})
    cache = FileCache(tmp_path, tmp_path / "cache", "t", 1, Counting())
    cache.summaries(rels)
    (tmp_path / "cache" / "t" / "customers~ya.msgpack").write_bytes(b"not msgpack")
    assert cache.summaries(rels) == {"customers/ya/a.md": {"text": "A"}}
