"""The index folder (``<cache>/search``): its state, its lock, refreshing and searching it.

The index is a disposable cache in ``.git/custnote/cache/search/`` (private state: Whoosh pickles
its table of contents, so it must live where no clone or pull can write; see docs/security.md).
It is rebuilt when it is missing, fails to open, or was built with another
:data:`~.schema.SCHEMA_VERSION`. It holds one document per customer, given to it as a
:class:`~custnote.core.search.document.SearchDocument`, so it knows nothing about note files.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from custnote.adapters.fsio import exclusive_lock
from custnote.adapters.whoosh_index import segments as policy
from custnote.adapters.whoosh_index.docfields import Packer, index_fields, shown
from custnote.adapters.whoosh_index.freshness import (
    Changes,
    IndexState,
    changes,
    scan_markdown,
    sha1,
)
from custnote.adapters.whoosh_index.highlight import best_snippet, highlight_terms
from custnote.adapters.whoosh_index.query import keyword_query, to_whoosh
from custnote.adapters.whoosh_index.results import did_you_mean, make_hit, rank
from custnote.adapters.whoosh_index.schema import SCHEMA_VERSION
from custnote.adapters.whoosh_index.verify import Checker, has_phrases
from custnote.core.notebook.stamps import is_racy
from custnote.core.search import query as sq
from custnote.core.search.results import DocSource, RefreshReport, SearchResults

__all__ = ["DocSource", "IndexState", "RefreshReport", "SearchIndex", "scan_markdown"]

STATE_FILE = "custnote-state.json"
LOCK_TIMEOUT_S = 120.0
#: how many of the best hits a filtered search re-orders (see :meth:`SearchIndex.search`)
RERANK_POOL = 200
#: an update of more notes than this share of the index rebuilds it (in parallel) instead
REBUILD_SHARE = 0.2


Progress = Callable[[int, int], None]


class SearchIndex:
    """The index directory ``<cache>/search`` with its state file and refresh lock."""

    def __init__(self, cache_dir: Path, workers: int | None = None):
        self.cache_dir = Path(cache_dir)
        #: processes of a full build (None: one per core for a big notebook, see .build)
        self.workers = workers
        self.dir = self.cache_dir / "search"
        self.lock_path = self.cache_dir / "search.lock"

    # -- state

    def load_state(self, region: str | None = None) -> IndexState | None:
        """The saved state, or None when missing, unreadable, or for another schema/region."""
        try:
            raw = json.loads((self.dir / STATE_FILE).read_text("utf-8"))
            state = IndexState(**raw)
            # tuples, as the scan gives them, so that "nothing changed" is one dict comparison
            state.dirty = {path: (m, size) for path, (m, size) in state.dirty.items()}
        except (OSError, ValueError, TypeError):
            return None
        current = state.version == SCHEMA_VERSION and region in (None, state.region)
        return state if current else None

    def _save_state(self, state: IndexState, directory: Path | None = None) -> None:
        target = (directory or self.dir) / STATE_FILE
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(state.__dict__, separators=(",", ":")), "utf-8")
        os.replace(tmp, target)

    def _open(self) -> Any:
        from whoosh.filedb.filestore import FileStorage

        # Without mmap, Whoosh reads the few postings a query needs instead of copying the
        # whole segment into memory on open (~30 ms at 10,000 customers).
        return FileStorage(str(self.dir), supports_mmap=False).open_index()

    def _opens(self) -> bool:
        try:
            self._open().close()
        except Exception:  # any failure to open means: rebuild (the index is a cache)
            return False
        return True

    # -- refresh

    def refresh(
        self,
        source: DocSource,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        max_changes: int | None = None,
        lock_timeout: float = LOCK_TIMEOUT_S,
    ) -> RefreshReport:
        """Bring the index up to date with the files: rebuild it, or re-index what changed.

        With ``max_changes``, nothing is done (``skipped``) when more files than that changed
        or the index must be rebuilt: for callers that have a quicker way to answer, or that
        leave big jobs to the next search. Another process updating the index is waited for
        ``lock_timeout`` seconds (then :class:`~custnote.errors.NotebookLockedError`).
        """
        marker = self._marker()
        first = None if rebuild else self.load_state(source.region)
        found = changes(source, first) if first else None
        if found is not None and not found.any and self._opens():
            return RefreshReport()
        if max_changes is not None and (
            found is None or found.count > max_changes or not self._opens()
        ):
            return RefreshReport(skipped=True)
        with exclusive_lock(self.lock_path, lock_timeout):
            reason = "rebuild" if rebuild else "missing" if first is None else "history"
            if not rebuild and self._marker() != marker:
                # another process updated or rebuilt the index while we waited: look again
                state = self.load_state(source.region)
                found = changes(source, state) if state else None
                reason = "missing" if state is None else "history"
            if found is None or not self._opens():
                return self._rebuild(source, progress, reason if found is None else "damaged")
            if not found.changed and not found.deleted:
                self._save_state(found.state)
                return RefreshReport()
            try:
                if self._update(source, found, progress):
                    return self._rebuild(source, progress, "many changes")
            except Exception as exc:  # a corrupt segment found while writing
                if _is_lock_error(exc) or max_changes is not None:
                    raise
                return self._rebuild(source, progress, f"damaged: {exc}")
            return RefreshReport(updated=len(found.changed), deleted=len(found.deleted))

    def _update(self, source: DocSource, found: Changes, progress: Progress | None) -> bool:
        """Re-index the changed documents, or return True when so many changed (more than
        :data:`REBUILD_SHARE` of the index) that a parallel rebuild is quicker.

        A small update writes a small segment (see :mod:`.segments`) without Whoosh's merging
        of segments, which reads every term's postings; once there are enough small segments,
        their notes are re-indexed into the new one instead, which costs a few ms a note.
        """
        paths = list(found.changed)
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                if found.count > max(policy.SMALL_SEGMENT_DOCS, REBUILD_SHARE * ix.doc_count()):
                    return True
                segments = [leaf.segment() for leaf, _ in searcher.reader().leaf_readers()]
                many = policy.too_many(segments, found.state.built)
                packer = Packer.load(self.dir)
                if found.count <= policy.SMALL_SEGMENT_DOCS:
                    small = policy.small_segments(searcher, found.state.built, packer.reader)
                    if len(small) >= policy.SMALL_SEGMENTS_MAX:
                        done = set(paths) | set(found.deleted)
                        paths += sorted({p for _, ps in small for p in ps} - done)
                known = {}  # numbers already indexed need no parsing again
                stored = packer.reader(searcher.reader())
                for path in paths:
                    docnum = searcher.document_number(path=path)
                    if docnum is not None:
                        known.update(stored(docnum).get("phones") or {})
            writer = ix.writer(timeout=LOCK_TIMEOUT_S, delay=0.05)
            try:
                for path in found.deleted:
                    writer.delete_by_term("path", path)
                now = time.time_ns()
                for done, path in enumerate(paths, 1):
                    fields = index_fields(source.load(path), source.region, packer, known)
                    writer.update_document(**fields)
                    if progress:
                        progress(done, len(paths))
            except BaseException:
                writer.cancel()
                raise
            built = found.state.built
            writer.commit(mergetype=policy.merge_updates(built) if many else policy.drop_emptied)
        finally:
            ix.close()
        _note_racy(found.state, source.root, paths, now)
        self._save_state(found.state)
        return False

    def _rebuild(self, source: DocSource, progress: Progress | None, reason: str) -> RefreshReport:
        """Build a fresh index beside the old one (:mod:`.build`) and swap it in (readers
        keep working). A folder left by a killed build is removed first."""
        from custnote.adapters.whoosh_index.build import build

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for pattern in ("search.new-*", "search.old-*"):  # left by a killed rebuild; we hold
            for leftover in self.cache_dir.glob(pattern):  # the lock, so none is in use
                shutil.rmtree(leftover, ignore_errors=True)
        tmp = self.cache_dir / f"search.new-{os.getpid()}"
        tmp.mkdir()
        head, dirty = source.worktree()  # before the scan: a commit in between is seen later
        current = source.scan()
        if head is None or dirty is None:
            head, dirty = None, set(current)
        state = IndexState(region=source.region, head=head)
        state.dirty = {path: current[path] for path in sorted(dirty) if path in current}
        now = time.time_ns()
        try:
            state.built = build(tmp, source, sorted(current), progress, self.workers)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _note_racy(state, source.root, list(state.dirty), now)
        self._save_state(state, tmp)
        old = self.cache_dir / f"search.old-{os.getpid()}"
        if self.dir.exists():
            os.replace(self.dir, old)
        os.replace(tmp, self.dir)
        shutil.rmtree(old, ignore_errors=True)
        return RefreshReport(rebuilt=True, updated=len(current), reason=reason)

    # -- search

    def search_fresh(
        self,
        source: DocSource,
        parsed: sq.ParsedQuery,
        limit: int = 20,
        progress: Progress | None = None,
    ) -> tuple[SearchResults, RefreshReport]:
        """Refresh, then search; an index that fails while searching is rebuilt once, unless
        another process replaced it meanwhile (a rebuild swapping folders under our feet)."""
        report = self.refresh(source, progress=progress)
        marker = self._marker()
        try:
            return self.search(parsed, limit), report
        except Exception as exc:  # damaged segment files only show up when read
            if _is_lock_error(exc):
                raise
            with exclusive_lock(self.lock_path, LOCK_TIMEOUT_S):
                if self._marker() == marker:
                    report = self._rebuild(source, progress, f"damaged: {exc}")
            return self.search(parsed, limit), report

    def _marker(self) -> tuple[int, int] | None:
        """Identity of the saved state file: any index update or rebuild replaces it."""
        try:
            st = os.stat(self.dir / STATE_FILE)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns

    def search(self, parsed: sq.ParsedQuery, limit: int = 20) -> SearchResults:
        """Ranked hits (score, then most recent activity), with snippets and a did-you-mean.

        Filters hold per customer, so with ``kind:``/``since:``/``until:`` and words, the best
        :data:`RERANK_POOL` hits are re-ordered: customers with an entry that satisfies the
        filters *and* contains the words come first.
        """
        q = to_whoosh(parsed)
        terms = highlight_terms(parsed)
        filtered = bool(parsed.kinds or parsed.since or parsed.until)
        entry_first = filtered and any(t.field is None for t in parsed.positive)
        packer = Packer.load(self.dir)
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                want = RERANK_POOL if entry_first else limit
                top, parts = _scored(searcher, q)
                check = Checker(searcher, q, parts) if has_phrases(q) else None
                hits = []
                found = _checked(searcher, top, want, packer.reader(searcher.reader()), check)
                for score, stored in found:
                    hits.append(make_hit(stored, score, best_snippet(shown(stored), parsed, terms)))
                total = len(top) - (check.rejected if check else 0)
                suggestion = did_you_mean(searcher, parsed) if not total else None
        finally:
            ix.close()
        if entry_first:
            hits.sort(key=lambda h: not (h.snippet and h.snippet.date and h.snippet.spans))
        return SearchResults(hits[:limit], total, suggestion)

    def find_exact(self, fieldname: str, value: str) -> list[dict[str, Any]]:
        """Stored fields of documents whose ``phone`` (digits) or ``email`` is ``value``."""
        ix = self._open()
        try:
            with ix.searcher() as searcher:
                hits = searcher.search(keyword_query(fieldname, value), limit=None)
                stored = Packer.load(self.dir).reader(searcher.reader())
                found = [stored(docnum) for docnum in hits.docs()]
        finally:
            ix.close()
        # as the index once stored them: {number as written: its digit forms} as JSON
        return [
            {**d, "phones": json.dumps(d.get("phones") or {}, ensure_ascii=False)} for d in found
        ]


def _scored(searcher: Any, q: Any) -> tuple[list[tuple[float, int]], dict[int, Any]]:
    """Every match as ``(score, docnum)``, in no order (:mod:`.collect`: Whoosh's own search
    scores document by document, 1.8 s for a common word at 100,000 customers), and the
    matches of each part of the query."""
    from custnote.adapters.whoosh_index.collect import scored

    found, parts = scored(searcher, q)
    return [(s, d) for d, s in found.items()], parts


def _checked(
    searcher: Any,
    top: list[tuple[float, int]],
    want: int,
    stored: Callable[[int], dict[str, Any]],
    check: Checker | None,
) -> Iterator[tuple[float, dict[str, Any]]]:
    """``(score, stored fields)`` of the best ``want`` hits in order, skipping those whose
    phrases the check finds not in a row (:mod:`.verify`); ranked further as needed."""
    pool, seen, found = want, 0, 0
    while found < want:
        ranked = rank(searcher, top, pool)
        for score, docnum in ranked[seen:]:
            seen += 1
            fields = stored(docnum)
            if check is None or check.holds(docnum, fields):
                found += 1
                yield score, fields
                if found == want:
                    return
        if pool >= len(top):
            return
        pool = min(len(top), pool * 4)


def _note_racy(state: IndexState, root: Path, paths: list[str], since_ns: int) -> None:
    """Note in ``state`` which of the dirty ``paths`` are racy: modified too close to
    ``since_ns`` (when they were read) to trust their mtime next time; hash those."""
    for path in paths:
        stat = state.dirty.get(path)
        if stat and is_racy(stat[0], since_ns):
            state.racy[path] = sha1(root / path)
        else:
            state.racy.pop(path, None)


def _is_lock_error(exc: BaseException) -> bool:
    from whoosh.index import LockError

    return isinstance(exc, LockError)
