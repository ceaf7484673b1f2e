"""The notebook: opened, read, and written through one locked path (:meth:`Notebook.transaction`).

Every write takes the notebook's lock, re-reads the file it changes (so two processes never lose
each other's work), writes atomically, validates, and makes exactly one git commit whose message
says what happened (``log: 山田 太郎 (visit)``) and carries a ``Custnote-Op`` trailer. The writes
are in :mod:`~custnote.core.notebook.writes`, history and undo in
:mod:`~custnote.core.notebook.history`. A notebook starts with no write hooks: whoever opens it
adds them (the CLI adds the search index refresher: :mod:`custnote.wiring`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.adapters import fsio
from custnote.adapters.gitprocess import git_executable
from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.model import Note
from custnote.core.note.noteformat import (
    parse_note,
)
from custnote.core.note.textnorm import ascii_slug
from custnote.core.notebook.commits import Identity, commit_message
from custnote.core.notebook.config import (
    CONFIG_DIR,
    CONFIG_FILE,
    DEFAULT_CONFIG_TEXT,
    NotebookConfig,
    UserConfig,
    branch_lines,
)
from custnote.core.notebook.history import NoteHistory
from custnote.core.notebook.locate import (
    ARCHIVE,
    CUSTOMERS,
    GITIGNORE,
    default_notebook_path,
    find_root,
    is_notebook,
    private_state_dir,
)
from custnote.core.notebook.writes import NoteWrites
from custnote.core.privacy import ARMOR_BEGIN
from custnote.errors import (
    CustomerNotFoundError,
    NotebookLockedError,
    NoteFormatError,
    UnsafePathError,
)

if TYPE_CHECKING:
    from custnote.adapters.age_crypto import Keyring
    from custnote.core.notebook.notestore import NoteStore
    from custnote.core.notebook.transaction import Transaction
    from custnote.core.privacy.policy import Policy


#: Called after each commit with the notebook and the changed paths (e.g. to update an index).
WriteHook = Callable[["Notebook", list[str]], None]


class Notebook(NoteWrites, NoteHistory):
    """A notebook at ``root``; see the module docstring."""

    def __init__(self, root: Path):
        self.root = root
        self._state_dir: Path | None = None
        self._safe_folders: set[str] = set()  # folders found not to be links (fsio.inside)
        self._policy: Policy | None = None
        settings = fsio.inside(root, f"{CONFIG_DIR}/{CONFIG_FILE}")  # a linked one is refused
        self.config = NotebookConfig.load(settings, self.cache_dir / "config.json")
        self.git = GitRepo(root)
        self.write_hooks: list[WriteHook] = []  # added by whoever opens it (custnote.wiring)
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
        from custnote.core.notebook.gitattributes import ensure_gitattributes, register_merge_driver

        root = (path or default_notebook_path()).expanduser().resolve()
        created = not is_notebook(root)
        git = GitRepo.init(root)
        settings = DEFAULT_CONFIG_TEXT + branch_lines(git.branch() or "main")
        wanted = {
            f"{CONFIG_DIR}/{CONFIG_FILE}": settings,
            ".gitignore": GITIGNORE,
            f"{CUSTOMERS}/.gitkeep": "",
        }
        written = []
        for rel, text in wanted.items():
            if not os.path.lexists(fsio.inside(root, rel)):
                fsio.atomic_write(root / rel, text)
                written.append(rel)
        if not os.path.lexists(fsio.inside(root, ".gitattributes")) and ensure_gitattributes(root):
            written.append(".gitattributes")
        register_merge_driver(git)  # per clone: .git/config is not shared (docs/sync.md)
        tune_for_many_notes(git)  # per clone as well (docs/scale.md)
        notebook = cls(root)
        if written or not git.log(limit=1):
            message = commit_message("init: custnote notebook", "init")
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
            raise NoteFormatError(rel, f"not UTF-8 text (byte {exc.start})") from None

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
            tx = Transaction(self, commit_message(subject, op), op, bulk=bulk)
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
