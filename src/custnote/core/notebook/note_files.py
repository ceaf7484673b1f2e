"""Note files read as they are on disk, never through a link; many at once in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any


def read_note_file(root: str, rel: str) -> bytes | None:
    """The file's bytes; None when it is gone, or is not a plain file (a symlink)."""
    path = f"{root}/{rel}"
    try:
        if os.path.islink(path):
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


#: fewer files than this are read in this process; more, in one worker process per core
PARALLEL_FROM = 2000


_CHUNK = 500


def in_parallel(job: Callable[..., list], rels: list[str], *args: Any) -> Iterator[Any]:
    """``job(chunk, *args)`` over ``rels``: here for a few, else in worker processes."""
    if len(rels) < PARALLEL_FROM:
        yield from job(rels, *args)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunks = [rels[i : i + _CHUNK] for i in range(0, len(rels), _CHUNK)]
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_call, [job] * len(chunks), chunks, [args] * len(chunks)):
            yield from part


def _call(job: Callable[..., list], chunk: list[str], args: tuple) -> list:
    return job(chunk, *args)
