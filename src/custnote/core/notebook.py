"""The notebook: a git repository of customer notes, and every operation that changes it.

Every write takes the notebook's lock, re-reads the file it changes (so two processes never lose
each other's work), writes atomically, validates, and makes exactly one git commit whose message
says what happened (``log: 山田 太郎 (visit)``) and carries a ``Custnote-Op`` trailer.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.adapters import fsio
from custnote.adapters.gitrepo import (
    OP_TRAILER,
    REVERTS_TRAILER,
    Commit,
    GitRepo,
    Identity,
    git_executable,
)
from custnote.core import clock
from custnote.core.config import (
    CONFIG_DIR,
    CONFIG_FILE,
    DEFAULT_CONFIG_TEXT,
    NotebookConfig,
    UserConfig,
)
from custnote.core.fieldops import REMOVE
from custnote.core.model import KNOWN_FIELDS, LogEntry, Note
from custnote.core.noteformat import (
    insert_entry,
    parse_note,
    set_field,
    unset_field,
)
from custnote.core.resolve import resolve
from custnote.core.textnorm import ascii_slug
from custnote.core.validation import validate_fields
from custnote.errors import (
    ConflictError,
    CustnoteError,
    GitError,
    InvalidValueError,
    NotebookLockedError,
    NotebookNotFoundError,
    NoteFormatError,
)

if TYPE_CHECKING:
    from custnote.core.transaction import Transaction

CUSTOMERS = "customers"
ARCHIVE = "archive"
GITIGNORE = """\
# custnote's caches and local state (never shared)
.custnote/cache/
.custnote/recovery/
.custnote/lock
"""
CATALOG_VERSION = 1

#: Called after each commit with the notebook and the changed paths (e.g. to update an index).
WriteHook = Callable[["Notebook", list[str]], None]


class EditRejectedError(CustnoteError):
    """An edited note failed validation; the edit was saved to a recovery file."""

    def __init__(self, reason: str, recovery: Path):
        self.recovery = recovery
        super().__init__(f"{reason}; the note was not changed, your edit is kept in {recovery}")


def is_notebook(path: Path) -> bool:
    return (path / CONFIG_DIR / CONFIG_FILE).is_file()


def default_notebook_path() -> Path:
    """Where ``custnote init`` puts a notebook when no path is given."""
    configured = UserConfig.load().notebook
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("custnote")) / "notebook"


def find_root(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The notebook a command uses: ``explicit`` (``--notebook``), else ``$CUSTNOTE_NOTEBOOK``,
    else the notebook containing ``cwd``, else the default notebook."""
    chosen = explicit or os.environ.get("CUSTNOTE_NOTEBOOK")
    if chosen:
        path = Path(chosen).expanduser().resolve()
        if not is_notebook(path):
            raise NotebookNotFoundError(
                f"{path} is not a custnote notebook; create one with 'custnote init {path}'"
            )
        return path
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_notebook(folder):
            return folder
    default = default_notebook_path()
    if is_notebook(default):
        return default
    raise NotebookNotFoundError(
        f"not inside a custnote notebook, and there is no default notebook at {default}; "
        "create it with 'custnote init', or try 'custnote demo'"
    )


def private_state_dir(root: Path) -> Path:
    """Where custnote keeps what is never shared: caches, the lock, journals.

    It is inside the repository's git directory (``.git/custnote/``), which no clone, pull or
    checkout can write: a file a colleague commits can never become a cache custnote trusts
    (docs/security.md). A notebook without git yet uses the user's cache folder, keyed by path."""
    dot_git = root / ".git"
    if dot_git.is_dir() and not dot_git.is_symlink():
        return dot_git / "custnote"
    if dot_git.is_file():  # a linked worktree or submodule: "gitdir: PATH"
        text = dot_git.read_text("utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return (root / target if not target.is_absolute() else target) / "custnote"
    import hashlib

    from platformdirs import user_cache_dir

    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(user_cache_dir("custnote")) / "notebooks" / key


class Notebook:
    """A notebook at ``root``; see the module docstring."""

    def __init__(self, root: Path):
        self.root = root
        self._state_dir: Path | None = None
        settings = root / CONFIG_DIR / CONFIG_FILE
        self.config = NotebookConfig.load(settings, self.cache_dir / "config.json")
        self.git = GitRepo(root)
        self.write_hooks: list[WriteHook] = [_update_search_index]
        self._lock_depth = 0
        #: One-line notices (an interrupted write settled): kept here, and shown by the CLI.
        self.notices: list[str] = []
        self.notify: Callable[[str], None] = self.notices.append

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, explicit: str | os.PathLike[str] | None = None) -> Notebook:
        notebook = cls(find_root(explicit))
        notebook.settle_interrupted()
        return notebook

    @classmethod
    def init(cls, path: Path | None = None) -> tuple[Notebook, bool]:
        """Create a notebook (or complete an existing one); returns it and whether it was new."""
        from custnote.adapters.merge_driver import gitattributes_lines, register_merge_driver

        root = (path or default_notebook_path()).expanduser().resolve()
        created = not is_notebook(root)
        git = GitRepo.init(root)
        wanted = {
            f"{CONFIG_DIR}/{CONFIG_FILE}": DEFAULT_CONFIG_TEXT,
            ".gitignore": GITIGNORE,
            f"{CUSTOMERS}/.gitkeep": "",
            ".gitattributes": "".join(f"{x}\n" for x in gitattributes_lines((CUSTOMERS, ARCHIVE))),
        }
        written = []
        for rel, text in wanted.items():
            if not (root / rel).exists():
                fsio.atomic_write(root / rel, text)
                written.append(rel)
        register_merge_driver(git)  # per clone: .git/config is not shared (docs/sync.md)
        notebook = cls(root)
        if written or not git.log(limit=1):
            message = _message("init: custnote notebook", "init")
            git.commit(written, message, notebook.identity(), allow_empty=True)
        return notebook, created

    # ------------------------------------------------------------------ paths and reading

    @property
    def state_dir(self) -> Path:
        """custnote's private state for this notebook: see :func:`private_state_dir`."""
        if self._state_dir is None:
            self._state_dir = private_state_dir(self.root)
        return self._state_dir

    @property
    def cache_dir(self) -> Path:
        """Disposable caches (search index, catalog, stats): never in the work tree."""
        return self.state_dir / "cache"

    @property
    def lock_path(self) -> Path:
        """The writer lock every write holds (:func:`custnote.adapters.fsio.exclusive_lock`)."""
        return self.state_dir / "lock"

    def note_paths(self, archived: bool = False) -> list[str]:
        """Relative paths of all notes (``customers/*/*.md``, or ``archive/...``)."""
        top = self.root / (ARCHIVE if archived else CUSTOMERS)
        paths = []
        with contextlib.suppress(FileNotFoundError), os.scandir(top) as buckets:
            for bucket in buckets:
                if bucket.is_dir():
                    prefix = f"{top.name}/{bucket.name}/"
                    with os.scandir(bucket.path) as files:
                        paths += [prefix + f.name for f in files if f.name.endswith(".md")]
        return sorted(paths)

    def summaries(self, archived: bool = False) -> dict[str, dict[str, Any]]:
        """``{path: summary}`` of every note (see :func:`~custnote.core.catalog.summarise_note`)."""
        from custnote.core.catalog import FileCache, summarise_note  # pickle: not for every command

        region = self.config.phone_region
        cache = FileCache(
            self.root,
            self.cache_dir,
            "archive" if archived else "catalog",
            CATALOG_VERSION * 1000 + sum(map(ord, region)),
            lambda rel, text: summarise_note(rel, text, region),
        )
        return cache.summaries(self.note_paths(archived))

    def read_text(self, rel: str) -> str:
        try:
            return fsio.read_text(self.root / rel)
        except FileNotFoundError:
            from custnote.core.transaction import note_gone  # writers only: not for `show`

            raise note_gone(rel) from None
        except UnicodeDecodeError as exc:
            raise NoteFormatError(rel, f"not UTF-8 text (byte {exc.start})") from None

    def load(self, rel: str) -> Note:
        return parse_note(self.read_text(rel), rel)

    def resolve(self, query: str, archived: bool = False) -> Note:
        """The note ``query`` means (see :mod:`custnote.core.resolve`)."""
        rel = resolve(query, self.summaries(archived), self.config.phone_region)
        return self.load(rel)

    def iter_notes(self, archived: bool = False) -> Iterator[Note]:
        for rel in self.note_paths(archived):
            yield self.load(rel)

    # ------------------------------------------------------------------ who is writing

    def author(self) -> str:
        """The name written in log entries and commits: ``$CUSTNOTE_AUTHOR``, the user's
        custnote config, git's ``user.name``, else the login name."""
        import getpass

        return (
            os.environ.get("CUSTNOTE_AUTHOR")
            or UserConfig.load().author
            or self.git.config_get("user.name")
            or getpass.getuser()
        )

    def identity(self) -> Identity:
        name = self.author()
        email = (
            os.environ.get("CUSTNOTE_EMAIL")
            or UserConfig.load().email
            or self.git.config_get("user.email")
            or f"{ascii_slug(name) or 'custnote'}@custnote.invalid"
        )
        return Identity(name, email)

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the notebook's writer lock (re-entrant within this object). Whoever takes it
        first settles what a killed writer left: its journal, a stale ``.git/index.lock``."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        wait = {} if timeout is None else {"timeout": timeout}  # None: the lock's own default
        with fsio.exclusive_lock(self.lock_path, **wait) as dead_holder:
            self._lock_depth = 1
            try:
                from custnote.core.recovery import recover

                for line in recover(self, dead_holder):
                    self.notify(line)
                yield
            finally:
                self._lock_depth = 0

    def settle_interrupted(self) -> None:
        """Called when a notebook is opened: if a killed write left a trace (two ``stat`` calls
        to find out), settle it now, unless a writer is at work."""
        from custnote.adapters.gitlock import index_lock

        if not (self.state_dir / "journal.json").exists() and not index_lock(self.root).exists():
            return
        with contextlib.suppress(NotebookLockedError), self.locked(timeout=0):
            pass

    @contextlib.contextmanager
    def transaction(self, subject: str, op: str, *, bulk: bool = False) -> Iterator[Transaction]:
        """Hold the lock, let the caller stage files, then write and commit them as one commit
        (see :class:`Transaction`). If the block fails, nothing is written.

        ``bulk=True`` (imports of thousands of files) writes committed files in place and syncs
        once instead of once per file."""
        from custnote.core import journal
        from custnote.core.transaction import Transaction  # writers only: not for `show`

        git_executable()  # without git, fail before any file is written rather than at commit
        with self.locked():
            tx = Transaction(self, _message(subject, op), op, bulk=bulk)
            try:
                yield tx
            except BaseException:
                tx.staged.clear()  # nothing staged was written
                raise
            record = tx.flush()
            if tx.paths:
                try:
                    self.git.commit(tx.paths, tx.message, self.identity())
                except BaseException:
                    if record:
                        journal.rollback(self, record)
                        journal.end(self)
                    raise
            if record:
                journal.end(self)
        for hook in self.write_hooks:
            hook(self, tx.paths)

    def taken_ids(self) -> set[str]:
        """Every id in use, archived customers' included."""
        taken = {str(s.get("id")) for s in self.summaries().values()}
        return taken | {str(s.get("id")) for s in self.summaries(archived=True).values()}

    def new_note(
        self,
        fields: dict[str, Any],
        body: str = "",
        log: list[LogEntry] | None = None,
        *,
        taken: set[str] | None = None,
    ) -> Note:
        """A validated new note with an id, ``created`` date and path, not yet written.

        Bulk writers pass ``taken`` (from :meth:`taken_ids`, kept up to date by this method)
        so that making many notes does not rescan the notebook each time."""
        from custnote.core.naming import new_id, note_path  # secrets and jaconv: writers only

        fields = dict(fields)
        taken = self.taken_ids() if taken is None else taken
        if fields.get("id") in (None, ""):
            fields["id"] = next(i for i in iter(new_id, None) if i not in taken)
        elif str(fields["id"]) in taken:
            raise InvalidValueError("id", fields["id"], "is already used by another customer")
        fields.setdefault("created", clock.today())
        ordered = {k: fields[k] for k in KNOWN_FIELDS if k in fields}
        ordered |= {k: v for k, v in fields.items() if k not in ordered}
        rel = note_path(CUSTOMERS, str(ordered.get("name", "")), ordered.get("kana"), ordered["id"])
        validate_fields(ordered, self.config, rel)
        for entry in log or []:
            self.check_kind(entry.kind)
        taken.add(str(ordered["id"]))
        return Note(
            fields=ordered, body=body, log=sorted(log or [], key=lambda e: e.sort_key), path=rel
        )

    def create(
        self, fields: dict[str, Any], body: str = "", log: list[LogEntry] | None = None
    ) -> Note:
        """Add a customer; one commit ``add: NAME``."""
        note = self.new_note(fields, body, log)
        with self.transaction(f"add: {note.name}", "add") as tx:
            tx.write_note(note)
        return note

    def check_kind(self, kind: str) -> None:
        if kind not in self.config.log_kinds:
            allowed = ", ".join(self.config.log_kinds)
            raise InvalidValueError(
                "kind", kind, f"must be one of {allowed} (see {CONFIG_DIR}/{CONFIG_FILE})"
            )

    def add_entry(self, note: Note, entry: LogEntry | Callable[[str], LogEntry]) -> LogEntry:
        """Add a log entry; one commit ``log: NAME (KIND)``. ``entry`` may be a function of the
        note's text, called under the lock (``done`` reads the open follow-ups that way)."""
        assert note.path
        kind = entry.kind if isinstance(entry, LogEntry) else "note"
        with self.transaction(f"log: {note.name} ({kind})", "log") as tx:
            text = tx.read(note.path)
            made = entry if isinstance(entry, LogEntry) else entry(text)
            self.check_kind(made.kind)
            if made.kind != kind:
                tx.message = _message(f"log: {note.name} ({made.kind})", "log")
            tx.write(note.path, insert_entry(text, made, note.path))
        return made

    def update_fields(
        self, note: Note, changes: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Note:
        """Set or remove (:data:`~custnote.core.fieldops.REMOVE`) top-level fields; one commit.
        ``changes`` may be a function of the note's current fields, called under the lock (so
        ``tags+=x`` from two processes at once keeps both)."""
        assert note.path
        with self.transaction(f"set: {note.name}", "set") as tx:
            text = tx.read(note.path)
            wanted = changes(parse_note(text, note.path).fields) if callable(changes) else changes
            tx.message = _message(f"set: {note.name} ({', '.join(sorted(wanted))})", "set")
            for key, value in wanted.items():
                if value is REMOVE:
                    text = unset_field(text, key, note.path)
                else:
                    text = set_field(text, key, value, note.path)
            updated = parse_note(text, note.path)
            validate_fields(updated.fields, self.config, note.path)
            tx.write(note.path, text, validated=True)
        return updated

    def replace_text(self, note: Note, original: str, edited: str) -> Note | None:
        """Store a hand edit of a note's whole text (``custnote edit``); None when unchanged.

        An edit that fails validation, or that would overwrite a change made since ``original``
        was read, is saved to a recovery file and rejected with :class:`EditRejectedError`."""
        assert note.path
        if edited == original:
            return None
        try:
            updated = parse_note(edited, note.path)
            validate_fields(updated.fields, self.config, note.path)
            if updated.id != note.id:
                raise InvalidValueError(
                    "id", updated.id, f"cannot be changed (was {note.id!r})", source=note.path
                )
        except CustnoteError as exc:
            raise EditRejectedError(str(exc), self.save_recovery(note, edited)) from None
        with self.transaction(f"edit: {updated.name}", "edit") as tx:
            if tx.read(note.path) != original:
                reason = f"{note.path} was changed by someone else while you were editing"
                raise EditRejectedError(reason, self.save_recovery(note, edited))
            tx.write(note.path, edited)
        return updated

    def save_recovery(self, note: Note, text: str) -> Path:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        stem = Path(note.path or note.id).stem
        path = self.root / CONFIG_DIR / "recovery" / f"{stem}-{stamp}-{os.getpid()}.md"
        fsio.atomic_write(path, text)
        return path

    def archive(self, note: Note) -> str:
        """Move a note to ``archive/`` (``custnote rm``): recoverable, never destroyed."""
        return self._move_note(note, CUSTOMERS, ARCHIVE, f"rm: {note.name} (archived)", "rm")

    def unarchive(self, note: Note) -> str:
        """Bring an archived note back to ``customers/``."""
        subject = f"restore: {note.name} (from archive)"
        return self._move_note(note, ARCHIVE, CUSTOMERS, subject, "unarchive")

    def _move_note(self, note: Note, src_top: str, dst_top: str, subject: str, op: str) -> str:
        """Move a note between the top folders, keeping its name; one commit. Checked under the
        lock: the note is still there, and no note with its id is where it goes."""
        assert note.path and note.path.startswith(f"{src_top}/")
        target = dst_top + note.path[len(src_top) :]
        with self.transaction(subject, op) as tx:
            if not (self.root / note.path).exists():
                from custnote.core.transaction import note_gone

                raise note_gone(note.path)
            archived = dst_top == ARCHIVE
            there = [
                rel
                for rel, summary in self.summaries(archived=archived).items()
                if str(summary.get("id")) == note.id
            ]
            if there:
                raise ConflictError(
                    f"a note with id {note.id!r} already exists at {there[0]}; {note.path} was "
                    "not moved (merge the two with 'custnote edit', then remove one)"
                )
            tx.move(note.path, target)
        return target

    # ------------------------------------------------------------------ history and undo

    def history(self, note: Note, limit: int | None = None) -> list[Commit]:
        assert note.path
        return self.git.log("--follow", "--", note.path, limit=limit)

    def undo_target(self) -> Commit | None:
        """The newest custnote commit that has not been undone (an ``undo`` is not undone)."""
        undone: set[str] = set()
        for commit in self.git.log("--grep", f"^{OP_TRAILER}: ", limit=1000):
            op = commit.trailer(OP_TRAILER)
            if op == "undo":
                undone.add(commit.trailer(REVERTS_TRAILER) or "")
            elif op == "init":
                return None
            elif commit.sha not in undone:
                return commit
        return None

    def undo(self, commit: Commit) -> str:
        """Revert ``commit`` as one new commit ``undo: SUBJECT``, journalled like every write
        (an interrupted undo is finished or taken back by the next command)."""
        from custnote.core import journal

        message = _message(f"undo: {commit.subject}", "undo", {REVERTS_TRAILER: commit.sha})
        with self.locked():
            changed = self.git.run(
                "diff-tree", "--no-commit-id", "--name-only", "-r", "--no-renames", "-z",
                commit.sha,
            ).stdout.split("\0")  # fmt: skip
            changed = [p for p in changed if p]
            dirty = {p for _, p in self.git.dirty_paths(*changed)} if changed else set()
            record = journal.plan(self, "undo", message, changed, [], dirty, journal.REVERT)
            journal.begin(self, record)
            try:
                proc = self.git.run("revert", "--no-commit", commit.sha, check=False)
                if proc.returncode != 0:
                    raise GitError(
                        f"cannot undo {commit.sha[:8]} ({commit.subject}) cleanly: later changes "
                        "touch the same lines; use 'custnote history' and 'custnote edit'"
                    )
                journal.mark_written(self, record)
                sha = journal.complete(self, record) or ""
            except BaseException:
                journal.rollback(self, record)
                journal.end(self)
                raise
            journal.end(self)
        for hook in self.write_hooks:
            hook(self, changed)
        return sha


def _update_search_index(notebook: Notebook, paths: list[str]) -> None:
    """Every write keeps the search index current (when there is one)."""
    from custnote.core.search import index_written

    index_written(notebook, paths)


def _message(subject: str, op: str, trailers: dict[str, str] | None = None) -> str:
    lines = [f"{OP_TRAILER}: {op}", *(f"{k}: {v}" for k, v in (trailers or {}).items())]
    return f"{subject}\n\n" + "\n".join(lines) + "\n"
