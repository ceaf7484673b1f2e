"""Files: atomic writes, the notebook's writer lock, and paths that stay inside the notebook.

A note is never half-written: it is written to a temporary file in the same folder, flushed to
disk and renamed over the old one. Writers take an exclusive ``flock`` on the notebook's lock
file; the kernel releases it when the process dies, so a crash cannot leave the notebook locked.

A notebook is shared, and anyone who can push to it can commit a symbolic link. :func:`inside`
checks every folder of a path below the notebook root (none may be a link), and files are opened
with ``O_NOFOLLOW``: custnote never reads or writes outside the notebook through a committed link
(docs/security.md). New files get the mode the user's umask gives, as with any editor.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from custnote.errors import NotebookLockedError, UnsafePathError
from custnote.i18n import _

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def inside(root: Path, rel: str, checked: set[str] | None = None, *, final: bool = True) -> Path:
    """``root / rel`` once it is sure to stay inside ``root``: ``rel`` is relative without
    ``..``, and no part of it that exists is a symbolic link (the folders are folders). Parts
    that do not exist yet are created as real folders by the writers. Raises
    :class:`UnsafePathError` naming ``rel``. Costs one ``lstat`` per existing part; folders
    found safe are remembered in ``checked`` (per notebook, so reading 10,000 notes checks
    each bucket once), and ``final=False`` leaves the file itself to ``O_NOFOLLOW``."""
    parts = rel.replace(os.sep, "/").split("/")
    if rel.startswith("/") or ".." in parts or not rel:
        raise UnsafePathError(rel, _("leads outside the notebook"))
    last = len(parts) - 1
    for n in range(last + final):
        prefix = "/".join(parts[: n + 1])
        if checked is not None and prefix in checked:
            continue
        try:
            mode = os.lstat(f"{root}/{prefix}").st_mode
        except (FileNotFoundError, NotADirectoryError):
            break
        if stat.S_ISLNK(mode):
            raise UnsafePathError(prefix)
        if n < last:
            if not stat.S_ISDIR(mode):
                raise UnsafePathError(prefix, _("is not a folder"))
            if checked is not None:
                checked.add(prefix)
    return root / rel


@cache
def _new_file_mode() -> int:
    """0666 less the user's umask: the mode any editor gives a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _unsafe(path: Path, exc: OSError) -> OSError | UnsafePathError:
    """``O_NOFOLLOW`` met a link (ELOOP): the one clear error; anything else unchanged."""
    return UnsafePathError(str(path)) if exc.errno == errno.ELOOP else exc


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8) so readers see old or new, never
    a mix. ``durable=False`` skips the flush to disk, for caches that can be rebuilt. The file
    gets the mode the umask gives (as a new file from an editor); a link at ``path`` is
    replaced, never followed (callers check the folders with :func:`inside`)."""
    import tempfile  # not at module level: most commands only read

    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _new_file_mode())  # mkstemp's 0600 would hide notes from the group
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create(path: Path, data: str | bytes) -> None:
    """Write a file that must not exist yet (no temporary file: there is nothing to protect).
    ``O_EXCL`` fails on anything already there, a link included."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def overwrite(path: Path, data: str | bytes) -> None:
    """Rewrite an existing file in place. Only for files whose previous content is safe
    elsewhere (committed to git): a crash can leave it half-written. Thousands of in-place
    writes are far cheaper than as many create-and-rename replacements on a journalled disk.
    A link at ``path`` is refused, never followed."""
    try:
        fd = os.open(path, os.O_WRONLY | _NOFOLLOW)
    except OSError as exc:
        raise _unsafe(path, exc) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.truncate()


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a link at ``path`` is refused (:class:`UnsafePathError`), never followed."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError as exc:
        raise _unsafe(path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def read_text(path: Path) -> str:
    """A note file's text (UTF-8; a BOM is kept as the first character); links are refused."""
    return read_bytes(path).decode("utf-8")


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 10.0) -> Iterator[str]:
    """Hold the notebook's writer lock, waiting up to ``timeout`` seconds for another writer.

    The holder writes its pid into the lock file and empties it when it lets go, so the value
    this yields (what the file held when the lock was taken) is the pid of a holder that died
    holding it, or "" after a clean release: the trace a killed writer leaves."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise NotebookLockedError(
                        _(
                            "the notebook is locked by another custnote process (pid {holder}); "
                            "try again when it has finished"
                        ).format(holder=holder)
                    ) from None
                time.sleep(0.05)
        previous = os.pread(fd, 64, 0).decode(errors="replace").strip()
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield previous
        finally:
            os.ftruncate(fd, 0)  # a clean release leaves no pid behind
    finally:
        os.close(fd)  # closing releases the flock


def make_private(folder: Path) -> None:
    """Make ``folder`` (created if missing) readable by its owner only (mode 0700): it may
    hold decrypted restricted values (docs/privacy.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


@contextlib.contextmanager
def owner_only(active: bool = True) -> Iterator[None]:
    """Files and folders created inside are readable by their owner only (umask 077)."""
    if not active:
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (signal 0 probes without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is someone else's
    return True


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (files created, renamed, removed in it) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def built_aside(target: Path) -> Iterator[Path]:
    """Build a new folder under a temporary name beside ``target`` and rename it into place
    when the block succeeds: ``target`` appears whole or not at all. A partial folder left by
    a killed builder (its pid is in the name) is removed by the next one; so is ours on error."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f".{target.name}.partial-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    aside = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(aside, ignore_errors=True)
    try:
        yield aside
        os.rename(aside, target)  # over an empty folder too; never over a non-empty one
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        raise


def lock_is_held(lock_path: Path) -> bool:
    """Whether a live process holds the lock now (probed without taking it for longer, and
    without touching what the file says)."""
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
