"""The write journal: what a write is about to do, so that a killed write can be finished or
taken back by the next custnote command.

Before a write touches any file it records, in ``<state_dir>/journal.json`` (durably), the
commit it will make and every file it will touch, split by how each can be put back: ``new``
files (removed), ``committed`` files (their content is in git's HEAD) and ``replaced`` files
(uncommitted content, copied beside the journal first). When every file is written and synced
the journal is marked ``written``; after the commit it is deleted.

Whoever takes the notebook's lock next and finds a journal settles it (:func:`settle`): a
``written`` journal is committed as planned, anything earlier is rolled back, and a journal
whose commit had already been made is just removed. Each says so in one line.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

JOURNAL = "journal.json"
BACKUPS = "journal-files"
WRITING, WRITTEN = "writing", "written"
#: ``files``: a transaction's commit of ``paths``; ``revert``: ``git revert --no-commit`` + commit.
FILES, REVERT = "files", "revert"


@dataclass
class Journal:
    op: str
    message: str  # the whole commit message
    head: str  # HEAD when the write began
    paths: list[str]  # what the commit stages
    new: list[str] = field(default_factory=list)
    committed: list[str] = field(default_factory=list)
    replaced: dict[str, str] = field(default_factory=dict)  # path -> backup file name
    #: path -> digest of what the write puts there ("" for a file it removes): a file found
    #: with other content at rollback was changed by someone since, and is kept aside first
    intended: dict[str, str] = field(default_factory=dict)
    kind: str = FILES
    phase: str = WRITING
    pid: int = field(default_factory=os.getpid)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]


def journal_path(nb: Notebook) -> Path:
    return nb.state_dir / JOURNAL


def _backups(nb: Notebook) -> Path:
    return nb.state_dir / BACKUPS


def digest(data: str | bytes | None) -> str:
    import hashlib  # (json, hashlib, shutil: imported when writing, not by every `show`)

    if data is None:
        return ""
    return hashlib.sha1(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def plan(nb: Notebook, op: str, message: str, touched: list[str], paths: list[str],
         dirty: set[str], kind: str = FILES,
         intended: dict[str, str] | None = None) -> Journal:  # fmt: skip
    """A journal for a write touching ``touched``: each file sorted by how it can be put back."""
    head = nb.git.rev("HEAD") or ""
    journal = Journal(op, message, head, list(paths), kind=kind, intended=intended or {})
    for number, rel in enumerate(dict.fromkeys(touched)):
        if not os.path.lexists(nb.root / rel):
            journal.new.append(rel)
        elif rel in dirty:
            journal.replaced[rel] = f"{number}.bak"
        else:
            journal.committed.append(rel)
    return journal


def begin(nb: Notebook, journal: Journal) -> None:
    """Copy the uncommitted files aside and record the journal durably, before any write."""
    import shutil

    backups = _backups(nb)
    shutil.rmtree(backups, ignore_errors=True)
    if journal.replaced:
        backups.mkdir(parents=True)
        for rel, name in journal.replaced.items():
            fsio.atomic_write(backups / name, (nb.root / rel).read_bytes())
        fsio.fsync_dir(backups)
    _save(nb, journal, durable=True)


def mark_written(nb: Notebook, journal: Journal) -> None:
    """Every file is written and synced: from now on the write is completed, not undone. (Not
    synced itself: lost in a power cut, the write is rolled back instead, which is also whole.)"""
    journal.phase = WRITTEN
    _save(nb, journal, durable=False)


def end(nb: Notebook) -> None:
    import shutil

    journal_path(nb).unlink(missing_ok=True)
    shutil.rmtree(_backups(nb), ignore_errors=True)


def load(nb: Notebook) -> Journal | None:
    import json

    try:
        data = json.loads(journal_path(nb).read_text("utf-8"))
        return Journal(**data)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):  # unreadable: it was never complete, so nothing was written
        journal_path(nb).unlink(missing_ok=True)
        return None


def _save(nb: Notebook, journal: Journal, *, durable: bool) -> None:
    import json

    path = journal_path(nb)
    fsio.atomic_write(path, json.dumps(asdict(journal), ensure_ascii=False), durable=durable)
    if durable:
        fsio.fsync_dir(path.parent)


# ---------------------------------------------------------------------- settling


def settle(nb: Notebook, journal: Journal) -> str:
    """Finish or take back an interrupted write (the caller holds the lock); one line saying
    which."""
    what = _("the interrupted '{subject}'").format(subject=journal.subject)
    head = nb.git.rev("HEAD") or ""
    if head != journal.head and _head_subject(nb) == journal.subject:
        touched = journal.paths or [*journal.new, *journal.committed, *journal.replaced]
        if touched:  # the index may not have been written after the commit: match HEAD
            nb.git.run("reset", "-q", "--", *touched, check=False)
        end(nb)
        return f"{what} had been committed ({head[:8]}); nothing else to do"
    if journal.phase == WRITTEN and head == journal.head:
        sha = complete(nb, journal)
        end(nb)
        remove_temp_files(nb.root, journal.paths)
        for hook in nb.write_hooks:
            hook(nb, journal.paths)
        return f"completed {what}: commit {sha[:8]}" if sha else f"completed {what}"
    kept = rollback(nb, journal)
    end(nb)
    count = len(journal.new) + len(journal.committed) + len(journal.replaced)
    aside = f"; what matched neither version is kept in {', '.join(kept)}" if kept else ""
    return f"rolled back {what}: {count} file(s) put back as they were{aside}"


def complete(nb: Notebook, journal: Journal) -> str | None:
    identity = nb.identity()
    if journal.kind == REVERT:
        nb.git.run("commit", "-q", "--no-verify", "-F", "-", identity=identity,
                   input=journal.message)  # fmt: skip
        return nb.git.rev("HEAD")
    return nb.git.commit(journal.paths, journal.message, identity)


def rollback(nb: Notebook, journal: Journal) -> list[str]:
    """Put every file the write touched back as it was before it began. A file that holds
    neither that nor what the write meant to put there was changed by someone meanwhile: it is
    copied to the private ``.git/custnote/recovery/`` first. Returns those copies."""
    root, git = nb.root, nb.git
    touched = journal.new + journal.committed + list(journal.replaced)
    if journal.kind == REVERT:
        git.run("revert", "--quit", check=False)
        (root / ".git" / "REVERT_HEAD").unlink(missing_ok=True)
    if touched:  # whatever a killed `git add` staged goes back to HEAD's version
        git.run("reset", "-q", "--", *touched, check=False)
    backups, kept = _backups(nb), []
    before: dict[str, bytes | None] = dict.fromkeys(journal.new)
    if journal.committed:  # from HEAD's objects, not the index: works despite an index.lock
        before |= git.blobs("HEAD", journal.committed)
    before |= {rel: (backups / name).read_bytes() for rel, name in journal.replaced.items()}
    for rel, data in before.items():
        current = _read(root / rel)
        foreign = rel in journal.intended and digest(current) != journal.intended[rel]
        if current is not None and current != data and foreign:
            kept.append(_keep_aside(nb, rel, current))
        if data is None:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (root / rel).unlink()
        elif current != data:
            fsio.atomic_write(root / rel, data, durable=False)
    remove_temp_files(root, touched)
    os.sync()
    return kept


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _keep_aside(nb: Notebook, rel: str, data: bytes) -> str:
    """A copy in the notebook's private state (never in the work tree, where `check` would
    take it for an old custnote's leftover and a careless `git add -A` would share it)."""
    name = Path(rel).name
    target = nb.state_dir / "recovery" / f"{name}.rolled-back-{os.getpid()}"
    fsio.atomic_write(target, data)
    return target.relative_to(nb.root).as_posix()


def remove_temp_files(root: Path, paths: list[str]) -> None:
    """The temporary files a killed atomic write leaves beside its target (``.NAME.*.tmp``)."""
    for rel in paths:
        target = root / rel
        with contextlib.suppress(FileNotFoundError):
            for tmp in target.parent.glob(f".{target.name}.*.tmp"):
                tmp.unlink(missing_ok=True)


def _head_subject(nb: Notebook) -> str:
    return nb.git.run("log", "-1", "--format=%s", check=False).stdout.strip()
