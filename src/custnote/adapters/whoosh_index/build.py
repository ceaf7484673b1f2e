"""The full build of an index: one process per core parses, analyses and writes its own share
of the notes, each into segments held in memory until written whole.

Whoosh's multiprocessing writer sends every document to its workers through temporary files
and merges their segments at the end; its one-process writer sorts postings through temporary
run files (2.4 GB at 100,000 customers). Here each worker (forked, so it has the document
source without pickling it) takes chunks of paths from a queue, loads each document itself,
and adds it to a segment writer whose posting pool (:class:`.pool.CompactPool`) stays in
memory; at :data:`SEGMENT_MB` of postings the segment is written and a new one begun. The
segments are then listed in one table of contents: nothing is merged, nothing written twice,
and no temporary file is made beyond the new index folder itself (docs/search.md).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from custnote.adapters.whoosh_index.docfields import ZDICT_SAMPLE, Packer, index_fields
from custnote.adapters.whoosh_index.freshness import DocSource
from custnote.adapters.whoosh_index.pool import CompactPool
from custnote.adapters.whoosh_index.schema import make_schema

#: postings (MB, as :class:`.pool.CompactPool` counts them) a worker holds before writing them
SEGMENT_MB = 96
#: postings in a block of a term's postings, and its zlib level (Whoosh: 128 and 3); bigger
#: blocks compress better: postings a seventh smaller (bench notebook, 10,000 customers)
BLOCK_POSTINGS = 512
BLOCK_ZLIB = 6
#: paths a worker takes from the queue at a time
CHUNK = 200
#: below this many notes one process builds the index (starting workers costs more)
PARALLEL_MIN = 2000
#: at most this many workers (each holds up to SEGMENT_MB of postings)
WORKERS_MAX = 4
#: how often a worker checks that the build it works for is still alive (seconds)
_POLL_S = 1.0

Progress = Callable[[int, int], None]


def default_workers(count: int) -> int:
    """One worker per core this process may use, none for a small notebook."""
    if count < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(WORKERS_MAX, cores))


def build(
    folder: Path,
    source: DocSource,
    paths: list[str],
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[str]:
    """Write an index of ``paths`` into the empty ``folder`` (``workers``: processes, default
    one per core for a big notebook, 1 = in this process); the ids of its segments."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC, clean_files

    storage = FileStorage(str(folder))
    ix = storage.create_index(make_schema())
    step = max(1, len(paths) // ZDICT_SAMPLE)
    packer = Packer.sampled([source.load(path) for path in paths[::step][:ZDICT_SAMPLE]])
    packer.save(folder)
    workers = workers or default_workers(len(paths))
    if workers <= 1:
        segments = _write(ix, source, packer, paths, progress)
    else:
        segments = _write_in_workers(ix, source, packer, paths, progress, workers)
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(storage, ix.indexname)
    clean_files(storage, ix.indexname, generation, segments)
    # each segment writer made an (empty, shared) folder for run files that the pool never wrote
    shutil.rmtree(folder / f"{ix.indexname}.tmp", ignore_errors=True)
    return [segment.segment_id() for segment in segments]


class _Segments:
    """Documents written into segments of at most :data:`SEGMENT_MB` of postings each."""

    def __init__(self, ix: Any, source: DocSource, packer: Packer):
        self.ix, self.source, self.packer = ix, source, packer
        self.done: list[Any] = []
        self.writer: Any = None

    def add(self, path: str) -> None:
        if self.writer is None:
            self.writer = _segment_writer(self.ix)
        doc = self.source.load(path)
        self.writer.add_document(**index_fields(doc, self.source.region, self.packer))
        if self.writer.pool.nbytes >= SEGMENT_MB * 1024 * 1024:
            self.finish()

    def finish(self) -> list[Any]:
        """The segments written (the one in progress written first)."""
        if self.writer is not None:
            self.done.append(self.writer._finalize_segment())
            self.writer = None
        return self.done


def _write(
    ix: Any, source: DocSource, packer: Packer, paths: list[str], progress: Progress | None
) -> list[Any]:
    """Segments holding the documents of ``paths``, written in this process."""
    segments = _Segments(ix, source, packer)
    for done, path in enumerate(paths, 1):
        segments.add(path)
        if progress:
            progress(done, len(paths))
    return segments.finish()


def _segment_writer(ix: Any) -> Any:
    """A writer of one new segment, with the compact pool, that leaves the table of contents
    and the index lock alone (the build lists its segments at the end; it owns the folder)."""
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.writing import SegmentWriter

    codec = W3Codec(blocklimit=BLOCK_POSTINGS, compression=BLOCK_ZLIB)
    writer = SegmentWriter(ix, _lk=False, compound=False, codec=codec)
    writer.pool = CompactPool()
    return writer


def _write_in_workers(
    ix: Any,
    source: DocSource,
    packer: Packer,
    paths: list[str],
    progress: Progress | None,
    workers: int,
) -> list[Any]:
    context = mp.get_context("fork")  # the workers inherit the document source
    tasks: Any = context.Queue()
    results: Any = context.Queue()
    for start in range(0, len(paths), CHUNK):
        tasks.put(paths[start : start + CHUNK])
    for _ in range(workers):
        tasks.put(None)
    procs = [
        context.Process(
            target=_work, args=(ix, source, packer, tasks, results, os.getpid()), daemon=True
        )
        for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    try:
        return _collect(procs, results, len(paths), progress)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
            proc.join()


def _collect(procs: list[Any], results: Any, total: int, progress: Progress | None) -> list[Any]:
    """The workers' segments, reporting progress as chunks are done; a worker's failure is
    raised here (and a worker that died is an error too)."""
    segments: list[Any] = []
    done = finished = 0
    while finished < len(procs):
        try:
            kind, value = results.get(timeout=_POLL_S)
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                raise RuntimeError("a search index worker died") from None
            continue
        if kind == "done":
            done += value
            if progress:
                progress(done, total)
        elif kind == "segments":
            segments += value
            finished += 1
        else:
            raise RuntimeError(f"search index worker: {value}")
    return segments


def _work(
    ix: Any, source: DocSource, packer: Packer, tasks: Any, results: Any, parent: int
) -> None:
    """A worker: chunks of paths until the end of the queue, or until the build is gone."""
    try:
        segments = _Segments(ix, source, packer)
        while True:
            try:
                chunk = tasks.get(timeout=_POLL_S)
            except queue.Empty:
                if os.getppid() != parent:  # the build was killed: leave
                    return
                continue
            if chunk is None:
                break
            for path in chunk:
                segments.add(path)
            results.put(("done", len(chunk)))
        results.put(("segments", segments.finish()))
    except BaseException as exc:  # reported to the build, which fails and removes the folder
        results.put(("error", f"{type(exc).__name__}: {exc}"))
        raise
