"""Search and caller lookup over a notebook.

The full-text index (:mod:`custnote.adapters.search_index`, imported lazily because Whoosh is
slow to import) holds one document per customer: the front-matter fields, the body and every log
entry. Before each search it is brought up to date with the files (a stat scan plus the git
commit it last saw), so hand edits, ``git pull`` and other custnote processes are noticed
without the user thinking about it.

Caller lookup (:func:`who`) asks the index when it exists (an exact term: every stored number
is indexed in all its digit forms), and otherwise the note store
(:mod:`custnote.core.notebook.notestore`), which indexes every customer's phone keys and emails; the
phone never waits for a first full index build.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.core.i18n import _
from custnote.core.note.json_records import plain
from custnote.core.note.model import LogEntry, Note
from custnote.core.note.phone import (
    PhoneKey,
    looks_like_phone,
    phone_digits,
    phone_keys,
)
from custnote.core.note.textnorm import fold
from custnote.core.search.query import parse_query
from custnote.errors import (
    CustnoteError,
    CustomerNotFoundError,
    InvalidValueError,
    UnsafePathError,
)

if TYPE_CHECKING:
    from custnote.adapters.search_index import (
        DocSource,
        Progress,
        RefreshReport,
        SearchIndex,
        SearchResults,
        Worktree,
    )
    from custnote.core.notebook.notebook import Notebook


class SearchIndexError(CustnoteError):
    """The search index folder cannot be written."""


#: front-matter keys that have their own index field (the rest go to ``details``)
_OWN_FIELDS = {"id", "name", "kana", "company", "owner", "status", "tags", "phones", "created"}


#: the Note and LogEntry model a stored record was pickled from (see :func:`_stored_note`)
_MODEL = ",".join(f.name for cls in (Note, LogEntry) for f in dataclass_fields(cls))


def note_document(note: Note) -> dict[str, Any]:
    """The index document of a note (see ``search_index._index_fields``).

    ``record`` is the parsed note itself, pickled: ``who`` shows the caller's card from it
    rather than parsing the file again, which would first import the YAML parser (~12 ms).
    """
    fields = plain(note.fields)
    details = [
        f"{key}: {_flatten(value)}" for key, value in fields.items() if key not in _OWN_FIELDS
    ]
    return {
        "path": note.path,
        "id": note.id,
        "name": note.name,
        "kana": fields.get("kana"),
        "company": fields.get("company"),
        "owner": fields.get("owner"),
        "status": fields.get("status"),
        "tags": note.list_field("tags"),
        "phones": note.list_field("phones"),
        "emails": note.list_field("emails"),
        "body": note.body,
        "details": "\n".join(details),
        "entries": [
            {
                "date": e.date.isoformat(),
                "time": e.time.strftime("%H:%M") if e.time else "",
                "kind": e.kind,
                "author": e.author or "",
                "text": e.text,
            }
            for e in note.sorted_log()
        ],
        "record": pickle.dumps((_MODEL, note), protocol=pickle.HIGHEST_PROTOCOL),
    }


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


def _broken_document(rel: str, text: str) -> dict[str, Any]:
    """A note that does not parse is still found by its text (under its file name)."""
    return {"path": rel, "id": Path(rel).stem.rsplit("-", 1)[-1], "name": rel, "body": text}


def _load_document(nb: Notebook, rel: str) -> dict[str, Any]:
    """The document of a note; a note that does not parse is indexed as text, one that is a
    link (or lies behind one) is not read at all (an empty document under its name)."""
    from custnote.adapters.fsio import read_bytes

    try:
        return note_document(nb.load(rel))
    except UnsafePathError:
        return _broken_document(rel, "")
    except (CustnoteError, UnicodeDecodeError):
        text = read_bytes(nb.path(rel)).decode("utf-8", errors="replace")
        return _broken_document(rel, text)


def _is_indexed(rel: str) -> bool:
    """Whether the index holds this file: ``customers/<bucket>/<file>.md``."""
    return rel.startswith("customers/") and rel.endswith(".md") and rel.count("/") == 2


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
            return head, None if items is None else {p for _, p in items if _is_indexed(p)}

        return result

    started = [start()]
    return lambda: (started.pop() if started else start())()


def doc_source(nb: Notebook) -> DocSource:
    """How the index sees the notebook's customer files."""
    worktree = _worktree_probe(nb)
    from custnote.adapters.search_index import DocSource, scan_markdown

    def changed_between(old: str, new: str) -> set[str] | None:
        proc = nb.git.run("diff", "--name-only", "-z", old, new, "--", "customers", check=False)
        if proc.returncode != 0:
            return None
        return {p for p in proc.stdout.split("\0") if _is_indexed(p)}

    return DocSource(
        root=nb.root,
        scan=lambda: scan_markdown(nb.root),
        load=lambda rel: _load_document(nb, rel),
        load_many=lambda paths: _load_in_workers(nb.root, paths),
        worktree=worktree,
        changed_between=changed_between,
        region=nb.config.phone_region,
    )


#: ``who`` re-indexes at most this many changed notes before asking the catalog instead
WHO_MAX_REINDEX = 50
#: a write re-indexes at most this many notes itself (an import is left to the next search)
WRITE_MAX_REINDEX = 50
#: environment variable: how writes update the search index. ``background`` (the default): a
#: process of its own; ``now``: in the writing process (tests; scripts that search right after
#: writing, although a search brings the index up to date itself anyway); ``off``: not at all
INDEX_ON_WRITE = "CUSTNOTE_INDEX_ON_WRITE"
_WORKER_NOTEBOOK: list[Notebook] = []
_CHUNK = 250


def _load_chunk(root: Path, paths: list[str]) -> list[dict[str, Any]]:
    """Documents of ``paths``, in a worker process (one notebook opened per worker)."""
    from custnote.core.notebook.notebook import Notebook

    if not _WORKER_NOTEBOOK:
        _WORKER_NOTEBOOK.append(Notebook(root))
    return [_load_document(_WORKER_NOTEBOOK[0], p) for p in paths]


def _load_in_workers(root: Path, paths: list[str]) -> Iterator[dict[str, Any]]:
    """Parse notes in other processes while this one feeds Whoosh (a full rebuild spends about
    a quarter of its time parsing)."""
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min(4, (os.cpu_count() or 2) - 1))
    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for docs in pool.map(_load_chunk, [root] * len(chunks), chunks):
            yield from docs


def _private(nb: Notebook) -> AbstractContextManager[None]:
    """With restricted fields, the index may hold their plaintext: its files are owner-only."""
    from custnote.adapters.fsio import owner_only

    return owner_only(nb.reader_cache_dir != nb.cache_dir)


def search_index(nb: Notebook) -> SearchIndex:
    from custnote.adapters.search_index import SearchIndex

    return SearchIndex(nb.reader_cache_dir)


def reindex(
    nb: Notebook, *, rebuild: bool = False, progress: Progress | None = None
) -> RefreshReport:
    """Bring the index up to date (``rebuild``: from scratch)."""
    with _index_errors(nb), _private(nb):
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
    with _index_errors(nb), _private(nb):
        source = doc_source(nb)  # first: git works while Whoosh is imported
        return search_index(nb).search_fresh(source, parsed, limit, progress)


def index_written(nb: Notebook, paths: list[str]) -> None:
    """Write hook (see :attr:`Notebook.write_hooks`): bring an existing index up to date with
    the commit just made, by default in a process of its own so that the write returns at once
    (updating takes about 0.1 s; :data:`INDEX_ON_WRITE` tells the other ways)."""
    if not any(map(_is_indexed, paths)) or not (nb.reader_cache_dir / "search").is_dir():
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
    with suppress(Exception), _private(nb):  # the write has been made and committed anyway
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


# ----------------------------------------------------------------------------- caller lookup


@dataclass
class Caller:
    """A customer found by ``who``, with what the person answering needs first."""

    note: Note
    matched: str  # the stored number or email that matched


@dataclass
class _Needle:
    """What ``who`` looks for: an email address or a phone number, as typed."""

    text: str
    field: str  # "emails" or "phones"
    region: str

    @classmethod
    def parse(cls, text: str, region: str) -> _Needle:
        text = text.strip()
        if "@" in text:
            return cls(text, "emails", region)
        if looks_like_phone(text):
            return cls(text, "phones", region)
        raise InvalidValueError("number", text, _("expected a phone number or an email address"))

    @cached_property
    def key(self) -> str | PhoneKey:
        return fold(self.text) if self.field == "emails" else phone_keys(self.text, self.region)


def who(nb: Notebook, number: str) -> list[Caller]:
    """Customers with this phone number (any way it is written) or email address, most
    recently contacted first. Raises :class:`CustomerNotFoundError` with a hint how to add it.

    The search index answers when it exists (an exact E.164 or email term: fastest, see
    bench/bench_search.py); otherwise, or when it finds nobody, the catalog is scanned, which
    also matches numbers written without an area code by their last digits.
    """
    needle = _Needle.parse(number, nb.config.phone_region)
    with _private(nb):
        has_index = (nb.reader_cache_dir / "search").is_dir()  # else no Whoosh, no 2nd status
        callers = (has_index and _who_by_index(nb, needle)) or _who_by_catalog(nb, needle)
    if not callers:
        from custnote.core.notebook.archived import archived_error

        if error := archived_error(nb, needle.text):
            raise error
        option = "--email" if needle.field == "emails" else "--phone"
        hint = _(
            "add it to a customer with 'custnote set CUSTOMER {field}+={text}' or "
            "create one with 'custnote add NAME {option} {text}'"
        ).format(field=needle.field, text=needle.text, option=option)
        raise CustomerNotFoundError(needle.text, hint)
    return sorted(callers, key=lambda c: str(c.note.last_contact or ""), reverse=True)


def _who_by_index(nb: Notebook, needle: _Needle) -> list[Caller]:
    """Exact lookup of the email, or of the digits: every stored number is indexed in its
    E.164, national and written digit forms, so no number is parsed at query time."""
    source = doc_source(nb)  # first: git works while Whoosh is imported
    index = search_index(nb)
    if index.refresh(source, max_changes=WHO_MAX_REINDEX).skipped:
        return []  # the phone never waits for a (re)build: the catalog answers instead
    callers = []
    if needle.field == "emails":
        wanted = fold(needle.text)
        for doc in index.find_exact("email", needle.text):
            note = _stored_note(nb, doc)
            matched = next((e for e in note.list_field("emails") if fold(e) == wanted), None)
            callers += [Caller(note, matched)] if matched else []
        return callers
    digits = phone_digits(needle.text)
    for doc in index.find_exact("phone", digits):
        forms = json.loads(doc.get("phones") or "{}")
        matched = next((number for number, f in forms.items() if digits in f), needle.text)
        callers.append(Caller(_stored_note(nb, doc), matched))
    return callers


def _stored_note(nb: Notebook, doc: dict[str, Any]) -> Note:
    """The note as the index holds it (the index was brought up to date just before), or as
    the file has it when the record was pickled from another version of the model."""
    try:
        model, note = pickle.loads(doc.get("record") or b"")
    except Exception:  # any unpickling failure (an index of another version): read the file
        model = note = None
    if model != _MODEL or not isinstance(note, Note):
        return nb.load(doc["path"])
    return note


def _who_by_catalog(nb: Notebook, needle: _Needle) -> list[Caller]:
    """Indexed look-ups in the note store (:func:`custnote.core.notebook.lookup.callers`)."""
    from custnote.core.notebook.lookup import callers

    return [
        Caller(nb.load(rel), matched)
        for rel, matched in callers(nb.store(), needle.field, needle.text)
    ]
