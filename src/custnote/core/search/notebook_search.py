"""Search over a notebook (caller lookup, ``who``, is :mod:`custnote.core.search.who`).

The full-text index (:mod:`custnote.adapters.whoosh_index`, imported lazily because Whoosh is
slow to import) holds one document per customer (a :class:`~.document.SearchDocument`): the
front-matter fields, the body and every log entry. Before each search it is brought up to date
with the files (``git status`` and the commit it last saw), so hand edits, ``git pull`` and
other custnote processes are noticed without the user thinking about it.

The documents the index holds are :mod:`custnote.core.search.documents`; the types a search
returns, :mod:`custnote.core.search.results` (the port the index adapter implements).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.core.search.documents import is_indexed, load_document
from custnote.core.search.query import parse_query
from custnote.errors import (
    CustnoteError,
    InvalidValueError,
)
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.adapters.whoosh_index.index import Progress, SearchIndex
    from custnote.core.notebook.notebook import Notebook
    from custnote.core.search.results import DocSource, RefreshReport, SearchResults, Worktree


class SearchIndexError(CustnoteError):
    """The search index folder cannot be written."""


def _worktree_probe(nb: Notebook) -> Callable[[], Worktree]:
    """The current commit and the customer files that differ from it, for the index.

    The first ``git status`` starts right here, so that git stats the files on another core
    while this process imports Whoosh; each later call asks git again.
    """

    def start() -> Callable[[], Worktree]:
        head = nb.git.head_commit()  # before the status: a commit in between is noticed later
        if head is None:
            return lambda: (None, None)
        waiting = nb.git.start_dirty_paths()  # no pathspec: git then uses its untracked cache

        def result() -> Worktree:
            items = waiting()
            return head, None if items is None else {p for _, p in items if is_indexed(p)}

        return result

    started = [start()]
    return lambda: (started.pop() if started else start())()


def doc_source(nb: Notebook) -> DocSource:
    """How the index sees the notebook's customer files."""
    worktree = _worktree_probe(nb)
    from custnote.adapters.whoosh_index.freshness import scan_markdown
    from custnote.core.search.results import DocSource

    def changed_between(old: str, new: str) -> set[str] | None:
        proc = nb.git.run("diff", "--name-only", "-z", old, new, "--", "customers", check=False)
        if proc.returncode != 0:
            return None
        return {p for p in proc.stdout.split("\0") if is_indexed(p)}

    return DocSource(
        root=nb.root,
        scan=lambda: scan_markdown(nb.root),
        load=lambda rel: load_document(nb, rel),
        worktree=worktree,
        changed_between=changed_between,
        region=nb.config.phone_region,
    )


#: a write re-indexes at most this many notes itself (an import is left to the next search)
WRITE_MAX_REINDEX = 50
#: environment variable: how writes update the search index. ``background`` (the default): a
#: process of its own; ``now``: in the writing process (tests; scripts that search right after
#: writing, although a search brings the index up to date itself anyway); ``off``: not at all
INDEX_ON_WRITE = "CUSTNOTE_INDEX_ON_WRITE"


def private_index(nb: Notebook) -> AbstractContextManager[None]:
    """With restricted fields, the index may hold their plaintext: its files are owner-only."""
    from custnote.adapters.fsio import owner_only

    return owner_only(nb.reader_cache_dir != nb.cache_dir)


def search_index(nb: Notebook) -> SearchIndex:
    from custnote.adapters.whoosh_index.index import SearchIndex

    return SearchIndex(nb.reader_cache_dir)


def reindex(
    nb: Notebook, *, rebuild: bool = False, progress: Progress | None = None
) -> RefreshReport:
    """Bring the index up to date (``rebuild``: from scratch)."""
    with _index_errors(nb), private_index(nb):
        source = doc_source(nb)
        return search_index(nb).refresh(source, rebuild=rebuild, progress=progress)


def search(
    nb: Notebook, query: str, *, limit: int = 20, progress: Progress | None = None
) -> tuple[SearchResults, RefreshReport]:
    """Ranked hits for ``query`` (see :mod:`custnote.core.search.query`), index refreshed first."""
    parsed = parse_query(query)
    if parsed.is_empty:
        raise InvalidValueError("query", query, _("nothing to search for"))
    if limit < 1:
        raise InvalidValueError("-n", limit, _("must be at least 1"))
    with _index_errors(nb), private_index(nb):
        source = doc_source(nb)  # first: git works while Whoosh is imported
        return search_index(nb).search_fresh(source, parsed, limit, progress)


def index_written(nb: Notebook, paths: list[str]) -> None:
    """Write hook (see :attr:`Notebook.write_hooks`): bring an existing index up to date with
    the commit just made, by default in a process of its own so that the write returns at once
    (updating takes about 0.1 s; :data:`INDEX_ON_WRITE` tells the other ways)."""
    if not any(map(is_indexed, paths)) or not (nb.reader_cache_dir / "search").is_dir():
        return
    mode = os.environ.get(INDEX_ON_WRITE, "background")
    if mode == "now":
        refresh_after_write(nb)
    elif mode != "off":
        _start_refresh_process(nb.root)


def refresh_after_write(nb: Notebook) -> None:
    """Bring an existing index up to date after a write. It never holds the write up or fails
    it: a bulk change, a damaged or missing index, another process updating the index, or a
    full disk is left to the next search, which notices what the index lacks."""
    with suppress(Exception), private_index(nb):  # the write has been made and committed anyway
        source = doc_source(nb)
        search_index(nb).refresh(source, max_changes=WRITE_MAX_REINDEX, lock_timeout=0)


_REFRESH_PROCESS = (
    "import sys; from pathlib import Path; from custnote.core.notebook.notebook import Notebook; "
    "from custnote.core.search.notebook_search import refresh_after_write; "
    "refresh_after_write(Notebook(Path(sys.argv[1])))"
)


def _start_refresh_process(root: Path) -> None:
    """Run :func:`refresh_after_write` in a detached process and return at once."""
    import subprocess
    import sys

    env = dict(os.environ, **{INDEX_ON_WRITE: "off"})
    with suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-c", _REFRESH_PROCESS, str(root)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by Ctrl-C in the terminal that wrote
        )


@contextmanager
def _index_errors(nb: Notebook) -> Iterator[None]:
    """A search index that cannot be written (read-only notebook, full disk) is a user-facing
    error naming the folder, not a traceback."""
    try:
        yield
    except OSError as exc:
        where = nb.reader_cache_dir / "search"
        reason = exc.strerror or str(exc)
        raise SearchIndexError(
            _("{where}: cannot update the search index: {reason}").format(
                where=where, reason=reason
            )
        ) from None
