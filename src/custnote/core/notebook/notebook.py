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
from custnote.adapters.age_crypto import ARMOR_BEGIN
from custnote.adapters.gitrepo import (
    OP_TRAILER,
    REVERTS_TRAILER,
    Commit,
    GitRepo,
    Identity,
    git_executable,
)
from custnote.core import clock
from custnote.core.i18n import _
from custnote.core.note.controlchars import check_entry
from custnote.core.note.fieldops import REMOVE
from custnote.core.note.model import KNOWN_FIELDS, LogEntry, Note
from custnote.core.note.noteformat import (
    insert_entry,
    parse_note,
    set_field,
    unset_field,
)
from custnote.core.note.textnorm import ascii_slug
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.config import (
    CONFIG_DIR,
    CONFIG_FILE,
    DEFAULT_CONFIG_TEXT,
    NotebookConfig,
    UserConfig,
)
from custnote.errors import (
    ConflictError,
    CustnoteError,
    CustomerNotFoundError,
    GitError,
    InvalidValueError,
    NotebookLockedError,
    NotebookNotFoundError,
    NoteFormatError,
    UnsafePathError,
)

if TYPE_CHECKING:
    from custnote.adapters.age_crypto import Keyring
    from custnote.core.notebook.notestore import NoteStore
    from custnote.core.notebook.transaction import Transaction
    from custnote.core.privacy.policy import Policy

CUSTOMERS = "customers"
ARCHIVE = "archive"
GITIGNORE = """\
# where custnote kept caches and local state before they moved into .git/custnote (never shared)
.custnote/cache/
.custnote/recovery/
.custnote/lock
"""

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
                _(
                    "{path} is not a custnote notebook; create one with 'custnote init {path}'"
                ).format(path=path)
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
        _(
            "not inside a custnote notebook, and there is no default notebook at "
            "{default}; create it with 'custnote init', or try 'custnote demo'"
        ).format(default=default)
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
        self._safe_folders: set[str] = set()  # folders found not to be links (fsio.inside)
        self._policy: Policy | None = None
        settings = fsio.inside(root, f"{CONFIG_DIR}/{CONFIG_FILE}")  # a linked one is refused
        self.config = NotebookConfig.load(settings, self.cache_dir / "config.json")
        self.git = GitRepo(root)
        self.write_hooks: list[WriteHook] = [_update_search_index]
        self._lock_depth = 0
        #: One-line notices for the user about what custnote did on its own (a recovery):
        #: kept here, and shown by the CLI.
        self.notices: list[str] = []
        self.notify: Callable[[str], None] = self.notices.append
        self._store: NoteStore | None = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, explicit: str | os.PathLike[str] | None = None) -> Notebook:
        notebook = cls(find_root(explicit))
        notebook.settle_interrupted()
        return notebook

    @classmethod
    def init(cls, path: Path | None = None) -> tuple[Notebook, bool]:
        """Create a notebook (or complete an existing one); returns it and whether it was new."""
        from custnote.adapters.gittuning import tune as tune_for_many_notes
        from custnote.adapters.merge_driver import gitattributes_lines, register_merge_driver
        from custnote.core.sync.team import branch_lines

        root = (path or default_notebook_path()).expanduser().resolve()
        created = not is_notebook(root)
        git = GitRepo.init(root)
        settings = DEFAULT_CONFIG_TEXT + branch_lines(git.branch() or "main")
        wanted = {
            f"{CONFIG_DIR}/{CONFIG_FILE}": settings,
            ".gitignore": GITIGNORE,
            f"{CUSTOMERS}/.gitkeep": "",
            ".gitattributes": "".join(f"{x}\n" for x in gitattributes_lines((CUSTOMERS, ARCHIVE))),
        }
        written = []
        for rel, text in wanted.items():
            if not os.path.lexists(fsio.inside(root, rel)):
                fsio.atomic_write(root / rel, text)
                written.append(rel)
        register_merge_driver(git)  # per clone: .git/config is not shared (docs/sync.md)
        tune_for_many_notes(git)  # per clone as well (docs/scale.md)
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
    def reader_cache_dir(self) -> Path:
        """Caches of what the reader can read (search index, agenda facts): ``cache_dir``,
        or, in a notebook with restricted fields, a folder per set of private keys, so that
        a cache built without a key never answers for one, nor the other way round."""
        from custnote.core.privacy.caches import reader_cache_dir

        return reader_cache_dir(self.root, self.state_dir, self.cache_dir)

    @property
    def lock_path(self) -> Path:
        """The writer lock every write holds (:func:`custnote.adapters.fsio.exclusive_lock`)."""
        return self.state_dir / "lock"

    def path(self, rel: str) -> Path:
        """The file ``rel`` of the notebook, refused (:class:`UnsafePathError`) when it or a
        folder on its way is a symbolic link or it leads outside (see :func:`fsio.inside`)."""
        return fsio.inside(self.root, rel, self._safe_folders)

    def note_paths(self, archived: bool = False) -> list[str]:
        """Relative paths of all notes (``customers/*/*.md``, or ``archive/...``).

        A top folder, bucket folder or note that is a symbolic link is refused with
        :class:`UnsafePathError` naming it (never listed, so never read): a colleague can
        commit a link, and it must not show or change files outside the notebook. The check
        is free: ``scandir`` already knows each entry's type."""
        name = ARCHIVE if archived else CUSTOMERS
        top = self.root / name
        paths = []
        if os.path.islink(top):
            raise UnsafePathError(name)
        with contextlib.suppress(FileNotFoundError), os.scandir(top) as buckets:
            for bucket in buckets:
                if bucket.is_symlink():
                    raise UnsafePathError(f"{name}/{bucket.name}")
                if bucket.is_dir(follow_symlinks=False):
                    prefix = f"{name}/{bucket.name}/"
                    with os.scandir(bucket.path) as files:
                        for f in files:
                            if f.name.endswith(".md"):
                                if f.is_symlink():
                                    raise UnsafePathError(prefix + f.name)
                                paths.append(prefix + f.name)
        return sorted(paths)

    def store(self) -> NoteStore:
        """The note store (:mod:`custnote.core.notebook.notestore`), brought up to date with the
        files when first asked in this process and again after each write."""
        if self._store is None:
            from custnote.core.notebook.notestore import NoteStore

            self._store = NoteStore.open(self)
        return self._store

    def forget_store(self) -> None:
        """The files changed (a write): the next :meth:`store` looks at them again."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def summaries(self, archived: bool = False) -> dict[str, dict[str, Any]]:
        """``{path: summary}`` of every note in reading order (see
        :func:`~custnote.core.note.summary.summarise_note`)."""
        return dict(self.store().summaries(archived))

    def read_text(self, rel: str) -> str:
        """A note's text; a link, or a path through one, is refused (:meth:`path`)."""
        try:
            path = fsio.inside(self.root, rel, self._safe_folders, final=False)
            return fsio.read_text(path)  # O_NOFOLLOW: the file itself is never a link
        except FileNotFoundError:
            from custnote.core.notebook.transaction import note_gone  # writers only: not for `show`

            raise note_gone(rel) from None
        except UnicodeDecodeError as exc:
            raise NoteFormatError(
                rel, _("not UTF-8 text (byte {start})").format(start=exc.start)
            ) from None

    def load(self, rel: str) -> Note:
        """The note at ``rel``, its restricted values revealed (or 🔒, docs/privacy.md)."""
        text = self.read_text(rel)
        note = parse_note(text, rel)
        if ARMOR_BEGIN in text:
            from custnote.core.privacy.sealing import reveal_note

            reveal_note(note, self.keyring())
        return note

    # ------------------------------------------------------------------ restricted values

    def reveal_text(self, rel: str, text: str) -> str:
        """A note's text with its restricted values readable (or 🔒), for an editor; the
        write seals it again, keeping the ciphertext of what did not change."""
        if ARMOR_BEGIN not in text:
            return text
        from custnote.core.privacy.sealing import reveal_text

        return reveal_text(text, self.keyring(), rel, self.policy)

    @property
    def policy(self) -> Policy:
        """Which fields are restricted and who reads them (:mod:`custnote.core.privacy`)."""
        if self._policy is None:
            from custnote.core.privacy.policy import load_policy

            self._policy = load_policy(self.root, self.config.raw)
        return self._policy

    @policy.setter
    def policy(self, policy: Policy | None) -> None:
        """Use ``policy`` for the writes that follow (``access grant`` writes for the new
        readers); None reads the notebook's files again when next needed."""
        self._policy = policy

    def keyring(self) -> Keyring:
        """This person's private keys (read once per process); revealing a value makes the
        private state folder owner-only, since caches may then hold plaintext."""
        from custnote.core.privacy.sealing import reader_keyring

        keyring = reader_keyring()
        if keyring:
            fsio.make_private(self.state_dir)
        return keyring

    def seal(self, rel: str, text: str, before: Callable[[], str | None]) -> str:
        """A note's text as it must be written: restricted values encrypted (docs/privacy.md).
        ``before`` gives the file's current text (whose ciphertext is kept when unchanged)."""
        if not rel.endswith(".md") or not rel.startswith((f"{CUSTOMERS}/", f"{ARCHIVE}/")):
            return text
        from custnote.core.privacy import LOCKED

        if LOCKED not in text and not self.policy.active:
            return text
        from custnote.core.privacy.sealing import seal_text

        return seal_text(text, before(), self.policy, self.keyring(), rel)

    def resolve(self, query: str, archived: bool = False) -> Note:
        """The note ``query`` means (see :mod:`custnote.core.notebook.resolve`)."""
        from custnote.core.notebook.lookup import resolve_path

        try:
            rel = resolve_path(self.store(), query, archived)
        except CustomerNotFoundError:
            from custnote.core.notebook.archived import archived_error

            if not archived and (error := archived_error(self, query)):
                raise error from None
            raise
        return self.load(rel)

    def iter_notes(self, archived: bool = False) -> Iterator[Note]:
        for rel in self.note_paths(archived):
            yield self.load(rel)

    # ------------------------------------------------------------------ who is writing

    def author(self) -> str:
        """The name written in log entries and commits: ``$CUSTNOTE_AUTHOR``, the user's
        custnote config, git's ``user.name``, else the login name."""
        return self.author_source()[0]

    def author_source(self) -> tuple[str, str]:
        """:meth:`author` and where it came from: ``CUSTNOTE_AUTHOR``, ``config``, ``git`` or
        ``login`` (nobody said who they are: the login name of this machine)."""
        import getpass

        if name := os.environ.get("CUSTNOTE_AUTHOR"):
            return name, "CUSTNOTE_AUTHOR"
        if name := UserConfig.load().author:
            return name, "config"
        if name := self.git.config_get("user.name"):
            return name, "git"
        return getpass.getuser(), "login"

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
                from custnote.core.notebook.recovery import recover

                for line in recover(self, dead_holder):
                    self.notify(line)
                self.finish_interrupted()  # a killed sync (custnote.core.sync.sync_journal)
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
        from custnote.core.notebook import journal
        from custnote.core.notebook.transaction import Transaction  # writers only: not for `show`

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
        self.forget_store()
        for hook in self.write_hooks:
            hook(self, tx.paths)

    def finish_interrupted(self) -> None:
        """Put back what an interrupted ``sync`` left (the caller holds the lock); what was done
        is added to :attr:`notices`."""
        from custnote.core.sync import sync_journal

        if notice := sync_journal.recover(self):
            self.notify(notice)

    def taken_ids(self) -> set[str]:
        """Every id in use, archived customers' included."""
        return self.store().ids()

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
        from custnote.core.note.naming import new_id, note_path  # secrets and jaconv: writers only

        fields = dict(fields)
        taken = self.taken_ids() if taken is None else taken
        if fields.get("id") in (None, ""):
            fields["id"] = next(i for i in iter(new_id, None) if i not in taken)
        elif str(fields["id"]) in taken:
            raise InvalidValueError("id", fields["id"], _("is already used by another customer"))
        fields.setdefault("created", clock.today())
        ordered = {k: fields[k] for k in KNOWN_FIELDS if k in fields}
        ordered |= {k: v for k, v in fields.items() if k not in ordered}
        rel = note_path(CUSTOMERS, str(ordered.get("name", "")), ordered.get("kana"), ordered["id"])
        validate_fields(ordered, self.config, rel)
        for entry in log or []:
            self.check_kind(entry.kind)
            check_entry(entry, rel)
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
                "kind",
                kind,
                _("must be one of {allowed} (see {CONFIG_DIR}/{CONFIG_FILE})").format(
                    allowed=allowed, CONFIG_DIR=CONFIG_DIR, CONFIG_FILE=CONFIG_FILE
                ),
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
            check_entry(made, note.path)
            if made.kind != kind:
                tx.message = _message(f"log: {note.name} ({made.kind})", "log")
            tx.write(note.path, insert_entry(text, made, note.path))
        return made

    def update_fields(
        self, note: Note, changes: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Note:
        """Set or remove (:data:`~custnote.core.note.fieldops.REMOVE`) top-level fields; one commit.
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
                    "id",
                    updated.id,
                    _("cannot be changed (was {id!r})").format(id=note.id),
                    source=note.path,
                )
        except CustnoteError as exc:
            raise EditRejectedError(str(exc), self.save_recovery(note, edited)) from None
        with self.transaction(f"edit: {updated.name}", "edit") as tx:
            if tx.read(note.path) != original:
                reason = _("{path} was changed by someone else while you were editing").format(
                    path=note.path
                )
                raise EditRejectedError(reason, self.save_recovery(note, edited))
            tx.write(note.path, edited)
        return updated

    def save_recovery(self, note: Note, text: str) -> Path:
        """Keep a rejected edit in the private state (``.git/custnote/recovery/``): never in the
        work tree, where a committed link could send it elsewhere and ``git add .`` share it."""
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        stem = Path(note.path or note.id).stem
        path = self.state_dir / "recovery" / f"{stem}-{stamp}-{os.getpid()}.md"
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
                from custnote.core.notebook.transaction import note_gone

                raise note_gone(note.path)
            archived = dst_top == ARCHIVE
            there = [
                rel
                for rel, summary in self.summaries(archived=archived).items()
                if str(summary.get("id")) == note.id
            ]
            if there:
                raise ConflictError(
                    _(
                        "a note with id {id!r} already exists at {value}; {path} was not moved "
                        "(merge the two with 'custnote edit', then remove one)"
                    ).format(id=note.id, value=there[0], path=note.path)
                )
            tx.move(note.path, target)
        return target

    # ------------------------------------------------------------------ history and undo

    def history(self, note: Note, limit: int | None = None) -> list[Commit]:
        assert note.path
        return self.git.log("--follow", "--", note.path, limit=limit)

    def undo_target(self) -> Commit | None:
        """The newest custnote commit of this user that has not been undone (an ``undo`` is not
        undone; a colleague's commit, come in with a sync, is never offered)."""
        undone: set[str] = set()
        me = self.author()
        for commit in self.git.log("--grep", f"^{OP_TRAILER}: ", limit=1000):
            op = commit.trailer(OP_TRAILER)
            if op == "undo":
                undone.add(commit.trailer(REVERTS_TRAILER) or "")
            elif op == "init":
                return None
            elif op in ("audit", "forget"):
                continue  # a record of what was done (docs/privacy.md), never undone
            elif commit.author == me and op != "join" and commit.sha not in undone:
                return commit
        return None

    def undo(self, commit: Commit) -> str:
        """Revert ``commit`` as one new commit ``undo: SUBJECT``, journalled like every write
        (an interrupted undo is finished or taken back by the next command)."""
        from custnote.core.notebook import journal

        message = _message(f"undo: {commit.subject}", "undo", {REVERTS_TRAILER: commit.sha})
        with self.locked():
            changed = self.git.run(
                "diff-tree", "--no-commit-id", "--name-only", "-r", "--no-renames", "-z",
                commit.sha,
            ).stdout.split("\0")  # fmt: skip
            changed = [p for p in changed if p]
            dirty = {p for _ignored, p in self.git.dirty_paths(*changed)} if changed else set()
            record = journal.plan(self, "undo", message, changed, [], dirty, journal.REVERT)
            journal.begin(self, record)
            try:
                proc = self.git.run("revert", "--no-commit", commit.sha, check=False)
                if proc.returncode != 0:
                    raise GitError(
                        _(
                            "cannot undo {value} ({subject}) cleanly: later changes touch the same "
                            "lines; use 'custnote history' and 'custnote edit'"
                        ).format(value=commit.sha[:8], subject=commit.subject)
                    )
                journal.mark_written(self, record)
                sha = journal.complete(self, record) or ""
            except BaseException:
                journal.rollback(self, record)
                journal.end(self)
                raise
            journal.end(self)
        self.forget_store()
        for hook in self.write_hooks:
            hook(self, changed)
        return sha


def _update_search_index(notebook: Notebook, paths: list[str]) -> None:
    """Every write keeps the search index current (when there is one)."""
    from custnote.core.search.notebook_search import index_written

    index_written(notebook, paths)


def _message(subject: str, op: str, trailers: dict[str, str] | None = None) -> str:
    lines = [f"{OP_TRAILER}: {op}", *(f"{k}: {v}" for k, v in (trailers or {}).items())]
    return f"{subject}\n\n" + "\n".join(lines) + "\n"
